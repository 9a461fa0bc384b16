package dev.consent.error;

/**
 * The consent store failed (connection lost, commit failed, constraint broken). Whatever was being
 * written was not written. The gate turns this into a {@code STORE_UNAVAILABLE} denial; inbound
 * handling rethrows it so the host answers the carrier with an error and the carrier retries.
 *
 * @since 0.1
 */
public class ConsentStoreException extends ConsentException {
  private static final long serialVersionUID = 1L;

  public ConsentStoreException(String message) {
    super(message);
  }

  public ConsentStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
