package dev.consent.error;

/**
 * The kit or a module was configured in a missing or contradictory way. Thrown by {@code build()},
 * so that "nothing configured" never silently means "send anyway".
 *
 * @since 0.1
 */
public final class ConfigurationException extends ConsentException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
