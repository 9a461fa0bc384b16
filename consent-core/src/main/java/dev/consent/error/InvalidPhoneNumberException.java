package dev.consent.error;

/**
 * A phone number could not be parsed or is not a valid number. The message says why without
 * repeating the number.
 *
 * @since 0.1
 */
public final class InvalidPhoneNumberException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public InvalidPhoneNumberException(String message) {
    super(message);
  }

  public InvalidPhoneNumberException(String message, Throwable cause) {
    super(message, cause);
  }
}
