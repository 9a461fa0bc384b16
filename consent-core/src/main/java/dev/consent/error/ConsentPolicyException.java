package dev.consent.error;

/**
 * A request is well formed but the consent rules forbid it, e.g. a consent-based grant without a
 * notice version, or a direct grant for a purpose that requires SMS double opt-in.
 *
 * @since 0.1
 */
public final class ConsentPolicyException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public ConsentPolicyException(String message) {
    super(message);
  }
}
