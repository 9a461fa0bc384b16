package dev.consent;

import dev.consent.spi.CarrierError;
import java.time.Instant;

/**
 * What {@link DoubleOptInFlow#start} did.
 *
 * @since 0.1
 */
public sealed interface OptInStart {

  /** The request was stored and the confirmation SMS sent. */
  record Started(String requestId, Instant expiresAt) implements OptInStart {}

  /** A request for the same number and purposes is already pending and inside its cool-down: nothing was sent again. */
  record AlreadyPending(String requestId, Instant expiresAt) implements OptInStart {}

  /** A pumping limit was reached (which one is named); nothing was sent. */
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
