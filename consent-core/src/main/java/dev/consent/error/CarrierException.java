package dev.consent.error;

import org.jspecify.annotations.Nullable;

/**
 * A carrier call failed in a way the caller has to handle (misconfiguration, authentication). Normal
 * send failures are returned as values ({@link dev.consent.spi.SendResult.Rejected}), not thrown.
 *
 * @since 0.1
 */
public class CarrierException extends ConsentException {
  private static final long serialVersionUID = 1L;
  private final @Nullable Integer status;
  private final boolean retryable;

  public CarrierException(String message, @Nullable Integer status, boolean retryable) {
    super(message);
    this.status = status;
    this.retryable = retryable;
  }

  public CarrierException(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.status = null;
    this.retryable = retryable;
  }

  /** The HTTP status the carrier answered with, if it answered. */
  public @Nullable Integer status() {
    return status;
  }

  /** Whether the same call may succeed if repeated later without creating a duplicate message. */
  public boolean isRetryable() {
    return retryable;
  }
}
