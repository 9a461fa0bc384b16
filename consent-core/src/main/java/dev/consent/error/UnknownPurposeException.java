package dev.consent.error;

/**
 * A purpose id was used that the kit was not configured with. Nothing was changed or sent.
 *
 * @since 0.1
 */
public final class UnknownPurposeException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public UnknownPurposeException(String purposeId) {
    super("unknown purpose '" + purposeId + "'");
  }
}
