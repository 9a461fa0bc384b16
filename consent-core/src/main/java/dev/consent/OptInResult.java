package dev.consent;

import java.util.List;

/**
 * What a confirmation attempt did.
 *
 * @since 0.1
 */
public sealed interface OptInResult {

  /** Consent is now given for these purposes. */
  record Confirmed(String requestId, List<String> purposeIds) implements OptInResult {
    public Confirmed {
      purposeIds = List.copyOf(purposeIds);
    }

    /** The request id hidden: with the code it confirms the opt-in. */
    @Override
    public String toString() {
      return "Confirmed[requestId=" + LogText.HIDDEN + ", purposeIds=" + purposeIds + "]";
    }
  }

  /** The request ran out before it was confirmed. */
  record Expired(String requestId) implements OptInResult {
    /** The request id hidden: with the code it confirms the opt-in. */
    @Override
    public String toString() {
      return "Expired[requestId=" + LogText.HIDDEN + "]";
    }
  }

  /** The code was wrong; {@code attemptsLeft} more tries are allowed. */
  record WrongCode(String requestId, int attemptsLeft) implements OptInResult {
    /** The request id hidden: with the code it confirms the opt-in. */
    @Override
    public String toString() {
      return "WrongCode[requestId=" + LogText.HIDDEN + ", attemptsLeft=" + attemptsLeft + "]";
    }
  }

  /**
   * Too many wrong codes through this handle: it takes no more codes from the web. Since 0.4 the
   * request itself stays open: the phone's reply (YES or the code by SMS) still confirms it, and a
   * new start after the cool-down sends a new code.
   */
  record TooManyAttempts(String requestId) implements OptInResult {
    /** The request id hidden: with the code it confirms the opt-in. */
    @Override
    public String toString() {
      return "TooManyAttempts[requestId=" + LogText.HIDDEN + "]";
    }
  }

  /** No such request, or it was already used. */
  record NotFound(String requestId) implements OptInResult {
    /** The request id hidden: with the code it confirms the opt-in. */
    @Override
    public String toString() {
      return "NotFound[requestId=" + LogText.HIDDEN + "]";
    }
  }
}
