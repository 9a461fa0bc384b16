package dev.consent;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

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
      return "Started[requestId=" + LogText.HIDDEN + ", expiresAt=" + expiresAt + "]";
    }
  }

  /**
   * Every purpose asked for is already granted to the number under the notice version asked for, and
   * stays valid beyond its refresh window (the last quarter of its validity, at most 30 days): nothing
   * was stored or sent (a second sign-up does not text the person again). Inside that window, after
   * expiry or under another notice version, a sign-up asks again.
   *
   * @param purposeIds the purposes asked for
   * @since 0.5
   */
  record AlreadyGranted(java.util.List<String> purposeIds) implements OptInStart {
    public AlreadyGranted {
      purposeIds = java.util.List.copyOf(purposeIds);
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
      return "AlreadyPending[requestId=" + LogText.HIDDEN + ", expiresAt=" + expiresAt + "]";
    }
  }

  /**
   * A pumping limit was reached (or, since 0.4, the confirmation pending for the number already has
   * its maximum of callers); nothing was sent. Since 0.5 it names the limit that refused: its
   * {@link Kind}, the most confirmations it allows ({@code max}) and the window they are counted in
   * ({@code window}, null for a limit without one), as set in {@link OptInSettings}; {@code limit}
   * says the same in words, for a log or an operator (never a number or an address).
   *
   * @param limit the limit in words, e.g. {@code "at most 5 confirmations per client address within 1 h"}
   * @param kind which limit refused (since 0.5)
   * @param max the most confirmations the limit allows in its window; for {@link Kind#REGION_NOT_ALLOWED}
   *     0, for {@link Kind#CALLERS_PER_CONFIRMATION} the callers one confirmation may have, for {@link
   *     Kind#UNSPECIFIED} 0 (since 0.5)
   * @param window the window the limit counts in, or null for {@link Kind#REGION_NOT_ALLOWED} and {@link
   *     Kind#CALLERS_PER_CONFIRMATION} (since 0.5)
   */
  record RateLimited(String limit, Kind kind, int max, @Nullable Duration window) implements OptInStart {
    /** Which limit refused a confirmation. */
    public enum Kind {
      /** {@link OptInSettings#perNumber()}: confirmations to one number. */
      PER_NUMBER,
      /** {@link OptInSettings#perPrefix()}: confirmations to one number prefix (premium-range pumping). */
      PER_PREFIX,
      /** {@link OptInSettings#perCountry()}: confirmations to one country calling code. */
      PER_COUNTRY,
      /** {@link OptInSettings#perClient()}: confirmations asked for from one client address. */
      PER_CLIENT_ADDRESS,
      /** The callers one confirmation SMS may have (a web start inside its cool-down joins it). */
      CALLERS_PER_CONFIRMATION,
      /** {@link OptInSettings#allowedRegions()}: the number's country is not allowed. */
      REGION_NOT_ALLOWED,
      /** A pumping limit refused, but the store cannot tell which ({@link dev.consent.spi.RateLimitStore#acquire}). */
      UNSPECIFIED
    }

    public RateLimited {
      java.util.Objects.requireNonNull(limit, "limit");
      java.util.Objects.requireNonNull(kind, "kind");
    }

    /**
     * A limit named in words only ({@link Kind#UNSPECIFIED}): the 0.4 constructor, kept for source
     * compatibility.
     */
    public RateLimited(String limit) {
      this(limit, Kind.UNSPECIFIED, 0, null);
    }
  }

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
