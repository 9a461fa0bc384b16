package dev.consent.error;

/**
 * Input was rejected before anything changed: a missing field, a bad value, a forged or malformed
 * request. The message names the field, never its personal value.
 *
 * @since 0.1
 */
public class InvalidInputException extends ConsentException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
