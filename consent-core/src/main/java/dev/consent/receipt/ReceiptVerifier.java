package dev.consent.receipt;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.consent.error.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Verifies a receipt JWS made by {@link ReceiptSigner} against one public key. The algorithm comes
 * from the key, never from the token: a header naming {@code none}, an HMAC or any other algorithm
 * than the key's is rejected, as are {@code crit} extensions, malformed parts and wrong signatures.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.3
 */
public final class ReceiptVerifier {
  private static final int MAX_LENGTH = 1 << 20;
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  private final PublicKey key;
  private final String algorithm;

  private ReceiptVerifier(PublicKey key, String algorithm) {
    this.key = key;
    this.algorithm = algorithm;
  }

  /**
   * A verifier for an Ed25519 (EdDSA) or P-256 (ES256) public key.
   *
   * @throws InvalidInputException for any other key
   */
  public static ReceiptVerifier of(PublicKey key) {
    if (key == null) {
      throw new InvalidInputException("verification key is required");
    }
    String alg = Jws.algorithmFor(key);
    if (alg == null) {
      throw new InvalidInputException("the key is neither an Ed25519 nor a P-256 public key");
    }
    return new ReceiptVerifier(key, alg);
  }

  /** The only JWS algorithm this verifier accepts: {@code EdDSA} or {@code ES256}. */
  public String algorithm() {
    return algorithm;
  }

  /** Checks a compact JWS; never throws for bad input. */
  public ReceiptVerification verify(@Nullable String jws) {
    if (jws == null || jws.isEmpty() || jws.length() > MAX_LENGTH) {
      return invalid(ReceiptVerification.Reason.MALFORMED, "empty or longer than " + MAX_LENGTH + " characters");
    }
    String[] parts = jws.split("\\.", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[2].isEmpty()) {
      return invalid(ReceiptVerification.Reason.MALFORMED, "not three dot-separated parts");
    }
    byte[] headerBytes = decode(parts[0]);
    byte[] payload = decode(parts[1]);
    byte[] signature = decode(parts[2]);
    if (headerBytes == null || payload == null || signature == null) {
      return invalid(ReceiptVerification.Reason.MALFORMED, "a part is not canonical unpadded base64url");
    }
    JsonNode header;
    try {
      header = STRICT.readTree(utf8(headerBytes));
    } catch (IOException e) {
      return invalid(ReceiptVerification.Reason.MALFORMED, "the header is not JSON");
    }
    if (header == null || !header.isObject()) {
      return invalid(ReceiptVerification.Reason.MALFORMED, "the header is not a JSON object");
    }
    JsonNode alg = header.get("alg");
    if (alg == null || !alg.isTextual() || !alg.textValue().equals(algorithm)) {
      return invalid(ReceiptVerification.Reason.ALGORITHM_NOT_ALLOWED, "only " + algorithm + " is accepted for this key");
    }
    if (header.has("crit") || header.has("b64")) {
      return invalid(ReceiptVerification.Reason.UNSUPPORTED_HEADER, "crit and b64 are not supported");
    }
    JsonNode kid = header.get("kid");
    if (kid != null && !kid.isTextual()) {
      return invalid(ReceiptVerification.Reason.MALFORMED, "kid is not a string");
    }
    if (signature.length != 64) {
      return invalid(ReceiptVerification.Reason.BAD_SIGNATURE, "the signature is not 64 bytes");
    }
    boolean ok;
    try {
      Signature s = Signature.getInstance(Jws.jdkAlgorithm(algorithm));
      s.initVerify(key);
      s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      ok = s.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      ok = false;
    }
    if (!ok) {
      return invalid(ReceiptVerification.Reason.BAD_SIGNATURE, "the signature does not match");
    }
    String text;
    try {
      text = utf8(payload);
    } catch (CharacterCodingException e) {
      return invalid(ReceiptVerification.Reason.MALFORMED, "the payload is not UTF-8");
    }
    return new ReceiptVerification.Valid(text, algorithm, kid == null ? null : kid.textValue());
  }

  private static ReceiptVerification invalid(ReceiptVerification.Reason reason, String detail) {
    return new ReceiptVerification.Invalid(reason, detail);
  }

  private static byte @Nullable [] decode(String part) {
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        return null;
      }
    }
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(part);
      // canonical only: unused trailing bits set would let two strings carry one signature
      return Jws.encode(bytes).equals(part) ? bytes : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String utf8(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
  }

  @Override
  public String toString() {
    return "ReceiptVerifier[" + algorithm + "]";
  }
}
