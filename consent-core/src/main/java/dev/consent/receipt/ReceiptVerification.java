package dev.consent.receipt;

import dev.consent.LogText;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link ReceiptVerifier#verify}: a valid signature with the receipt it covers, or
 * why it was rejected.
 *
 * @since 0.3
 */
public sealed interface ReceiptVerification {

  /** Whether the signature is valid for the verifier's key. */
  default boolean isValid() {
    return this instanceof Valid;
  }

  /**
   * The signature is valid: {@code payload} is exactly the JSON the signer signed.
   *
   * @param payload the signed receipt JSON
   * @param algorithm the JWS algorithm, {@code EdDSA} or {@code ES256}
   * @param keyId the {@code kid} header the signer named, if any
   */
  record Valid(String payload, String algorithm, @Nullable String keyId) implements ReceiptVerification {
    /** The payload as its length: the receipt names the person's consent and its evidence. */
    @Override
    public String toString() {
      return "Valid[payload=" + LogText.chars(payload) + ", algorithm=" + algorithm + ", keyId=" + keyId + "]";
    }
  }

  /**
   * The JWS was rejected; nothing in it may be trusted.
   *
   * @param reason why
   * @param detail one line for logs (never the payload)
   */
  record Invalid(Reason reason, String detail) implements ReceiptVerification {}

  /** Why a JWS was rejected. */
  enum Reason {
    /** Not a compact JWS: not three base64url parts, or a header that is not a JSON object. */
    MALFORMED,
    /** The header names another algorithm than the key's ({@code none}, {@code HS256}, ...). */
    ALGORITHM_NOT_ALLOWED,
    /** The header asks for extensions this verifier does not implement ({@code crit}, {@code b64}). */
    UNSUPPORTED_HEADER,
    /** The signature does not match the header and payload under this key. */
    BAD_SIGNATURE
  }
}
