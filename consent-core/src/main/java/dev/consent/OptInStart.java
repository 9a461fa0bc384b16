package dev.consent;

import dev.consent.internal.Redact;
import dev.consent.spi.CarrierError;
import java.time.Instant;

/**
 * What {@link DoubleOptInFlow#start} did.
 *
 * @since 0.1
 */
public sealed interface OptInStart {

  /**
   * The request was stored and the confirmation SMS sent, or (since 0.4, a web start inside the
   * cool-down of a confirmation already sent to the number) this caller's handle on that SMS was
   * stored and nothing was sent again. Either way {@code requestId} is this caller's own handle and
   * {@code expiresAt} counts from this start: the result does not say which case it was.
   */
  record Started(String requestId, Instant expiresAt) implements OptInStart {
    /** The request id hidden: with the code it confirms the opt-in. */
    @Override
    public String toString() {
      return "Started[requestId=" + Redact.HIDDEN + ", expiresAt=" + expiresAt + "]";
    }
  }

  /**
   * A keyword opt-in texted while a request for the same number and purposes is pending inside its
   * cool-down: nothing was sent again. Since 0.4 a web {@link DoubleOptInFlow#start} never returns
   * this (it would hand one caller another's request); it stays for source compatibility.
   */
  record AlreadyPending(String requestId, Instant expiresAt) implements OptInStart {
    /** The request id hidden: with the code it confirms the opt-in. */
    @Override
    public String toString() {
      return "AlreadyPending[requestId=" + Redact.HIDDEN + ", expiresAt=" + expiresAt + "]";
    }
  }

  /**
   * A pumping limit was reached (or, since 0.4, the confirmation pending for the number already has
   * its maximum of callers); nothing was sent.
   */
  record RateLimited(String limit) implements OptInStart {}

  /** The confirmation SMS could not be sent; the request was closed. */
  record NotSent(CarrierError error) implements OptInStart {}

  /**
   * The number asked to be erased: a web form cannot start an opt-in for it (anyone can type a
   * number into a form). Only the phone itself can come back, by texting the program's keyword and
   * confirming. Nothing was sent.
   *
   * @since 0.2
   */
  record Refused(String reason) implements OptInStart {}
}
