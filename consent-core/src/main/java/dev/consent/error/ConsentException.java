package dev.consent.error;

/**
 * Root of every exception this library throws. Unchecked. Messages never contain a phone number,
 * a message body, a confirmation code or a secret.
 *
 * @since 0.1
 */
public class ConsentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConsentException(String message) {
    super(message);
  }

  public ConsentException(String message, Throwable cause) {
    super(message, cause);
  }
}
