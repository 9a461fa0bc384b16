package dev.consent;

import dev.consent.internal.base.Checks;
import org.jspecify.annotations.Nullable;

/**
 * Why a carrier did not accept a message, in terms the core acts on.
 *
 * @param kind what went wrong
 * @param code the carrier's own error code (e.g. Twilio {@code 21610}), or an HTTP status
 * @param message the carrier's message, with no phone number or secret in it
 * @param retryable whether sending again later cannot create a duplicate and may succeed
 * @param optOutScope for {@link Kind#RECIPIENT_OPTED_OUT}: the suppression scope the carrier applies
 * @since 0.1
 */
public record CarrierError(
    Kind kind, String code, String message, boolean retryable, @Nullable String optOutScope) {

  public CarrierError {
    Checks.notNull(kind, "kind");
    Checks.notNull(code, "code");
    Checks.notNull(message, "message");
    if (kind == Kind.RECIPIENT_OPTED_OUT && optOutScope == null) {
      throw new dev.consent.error.InvalidInputException("an opt-out error needs its scope");
    }
  }

  /** Kinds of carrier failure. */
  public enum Kind {
    /** The recipient opted out at the carrier (Twilio 21610, Vonage 1240 / err-code 9). */
    RECIPIENT_OPTED_OUT,
    /** The number is invalid or cannot receive SMS. */
    INVALID_NUMBER,
    /** Credentials were refused: fix configuration, do not retry. */
    AUTHENTICATION,
    /** Too many requests: retry later. */
    RATE_LIMITED,
    /** The carrier could not be reached or answered 5xx before accepting: no message exists. */
    UNAVAILABLE,
    /** The request may or may not have created a message (e.g. a read timeout): never resend blindly. */
    OUTCOME_UNKNOWN,
    /** Any other refusal (bad sender, content, account). */
    REJECTED
  }

  public static CarrierError optedOut(String code, String message, String scope) {
    return new CarrierError(Kind.RECIPIENT_OPTED_OUT, code, message, false, scope);
  }

  public static CarrierError of(Kind kind, String code, String message, boolean retryable) {
    return new CarrierError(kind, code, message, retryable, null);
  }
}
