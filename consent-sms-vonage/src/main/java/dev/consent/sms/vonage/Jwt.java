package dev.consent.sms.vonage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two JWT operations this module needs, on the JDK alone: verifying Vonage's HS256 webhook
 * tokens and signing RS256 tokens for the Messages API. Stateless and thread-safe.
 */
final class Jwt {
  private static final Base64.Decoder B64 = Base64.getUrlDecoder();
  private static final Base64.Encoder B64E = Base64.getUrlEncoder().withoutPadding();
  private static final int MAX_TOKEN = 8192;

  private Jwt() {}

  /**
   * The claims of an HS256 token whose signature the secret produced, or empty when the token is
   * malformed, uses another algorithm (including {@code none}) or is signed with another secret.
   */
  static Optional<JsonNode> verifyHs256(String token, String secret, ObjectMapper json) {
    if (token.length() > MAX_TOKEN) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      JsonNode header = json.readTree(B64.decode(parts[0]));
      if (header == null || !"HS256".equals(header.path("alg").asText())) {
        return Optional.empty();
      }
      byte[] expected = hmacSha256(secret, parts[0] + "." + parts[1]);
      if (!MessageDigest.isEqual(expected, B64.decode(parts[2]))) {
        return Optional.empty();
      }
      JsonNode claims = json.readTree(B64.decode(parts[1]));
      return claims != null && claims.isObject() ? Optional.of(claims) : Optional.empty();
    } catch (IllegalArgumentException | IOException e) {
      return Optional.empty();
    }
  }

  /** An RS256 token over these claims. */
  static String signRs256(ObjectNode claims, PrivateKey key, ObjectMapper json) {
    try {
      String head = B64E.encodeToString(utf8("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"));
      String body = B64E.encodeToString(json.writeValueAsBytes(claims));
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(utf8(head + "." + body));
      return head + "." + body + "." + B64E.encodeToString(s.sign());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot sign a JWT with the configured key", e);
    }
  }

  /** Reads an RSA private key from PKCS#8 PEM, as Vonage hands out for applications. */
  static PrivateKey rsaKey(String pem) throws GeneralSecurityException {
    String b64 =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    try {
      byte[] der = Base64.getDecoder().decode(b64);
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("not a PKCS#8 PEM key");
    }
  }

  static byte[] hmacSha256(String secret, String data) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(utf8(secret), "HmacSHA256"));
      return m.doFinal(utf8(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks HmacSHA256", e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
