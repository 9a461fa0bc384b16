package dev.consent.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook requests as Vonage does, with the account's signature secret, so that a host's tests
 * can post to its own webhook endpoints and have them verified. Written from Vonage's "Signing
 * messages" and Messages API webhook documentation, independently of the adapter's verifier:
 *
 * <ul>
 *   <li>SMS API: the parameters plus {@code timestamp} (Unix seconds), sorted by name, each written
 *       {@code &name=value} with {@code &} and {@code =} in values replaced by {@code _}; {@code
 *       md5hash} is the MD5 of that string followed by the secret, the others an HMAC keyed with the
 *       secret; the hex result goes in {@code sig}.
 *   <li>Messages API: an HS256 JSON Web Token in {@code Authorization: Bearer ...}, keyed with the
 *       secret, whose {@code payload_hash} is the SHA-256 (hex) of the raw body and {@code iat} the
 *       time of signing.
 * </ul>
 */
public final class VonageSigner {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  /** The SMS API's signature methods, by the name the dashboard and the API use. */
  public enum Method {
    /** {@code md5hash}: MD5 of the parameter string followed by the secret. */
    MD5_HASH(null),
    /** {@code md5}: HMAC-MD5. */
    HMAC_MD5("HmacMD5"),
    /** {@code sha1}: HMAC-SHA1. */
    HMAC_SHA1("HmacSHA1"),
    /** {@code sha256}: HMAC-SHA256. */
    HMAC_SHA256("HmacSHA256"),
    /** {@code sha512}: HMAC-SHA512. */
    HMAC_SHA512("HmacSHA512");

    private final String mac;

    Method(String mac) {
      this.mac = mac;
    }
  }

  private final String secret;
  private final Method method;

  private VonageSigner(String secret, Method method) {
    this.secret = secret;
    this.method = method;
  }

  /** A signer with the signature secret; {@code method} is the SMS API's (the Messages API always uses HS256). */
  public static VonageSigner of(String signatureSecret, Method method) {
    if (Objects.requireNonNull(signatureSecret, "signatureSecret").isBlank()) {
      throw new IllegalArgumentException("signatureSecret is blank");
    }
    return new VonageSigner(signatureSecret, Objects.requireNonNull(method, "method"));
  }

  /**
   * An SMS API webhook's parameters as Vonage sends them signed: {@code params} with {@code timestamp}
   * set to {@code at} and {@code sig} added (post them as a form or a query string).
   */
  public Map<String, String> signSms(Map<String, String> params, Instant at) {
    Map<String, String> signed = new LinkedHashMap<>(params);
    signed.remove("sig");
    signed.put("timestamp", Long.toString(at.getEpochSecond()));
    StringBuilder base = new StringBuilder();
    new TreeMap<>(signed).forEach((k, v) -> base.append('&').append(k).append('=').append(v.replace('&', '_').replace('=', '_')));
    byte[] digest = method.mac == null
        ? md5((base + secret).getBytes(StandardCharsets.UTF_8))
        : mac(method.mac, base.toString());
    signed.put("sig", HexFormat.of().formatHex(digest));
    return signed;
  }

  /** The {@code Authorization} header value of a Messages API webhook whose raw body is {@code body}. */
  public String messagesAuthorization(String body, Instant issuedAt) {
    ObjectNode claims = JSON.createObjectNode()
        .put("iat", issuedAt.getEpochSecond())
        .put("jti", UUID.randomUUID().toString())
        .put("iss", "Vonage")
        .put("payload_hash", HexFormat.of().formatHex(TwilioSigner.sha256(body.getBytes(StandardCharsets.UTF_8))));
    String unsigned = B64URL.encodeToString(utf8("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")) + "."
        + B64URL.encodeToString(utf8(claims.toString()));
    return "Bearer " + unsigned + "." + B64URL.encodeToString(mac("HmacSHA256", unsigned));
  }

  private byte[] mac(String algorithm, String data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(utf8(secret), algorithm));
      return mac.doFinal(utf8(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is missing from this JRE", e);
    }
  }

  private static byte[] md5(byte[] bytes) {
    try {
      return MessageDigest.getInstance("MD5").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("MD5 is missing from this JRE", e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
