package dev.consent.sms.vonage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds webhook requests as Vonage would sign them, for tests. */
@SuppressWarnings("removal") // the 0.4 request type, HTTP seam and retry settings, deprecated aliases kept for one release
final class Signed {
  static final String SECRET = "Vonage-signature-secret-for-tests";

  private Signed() {}

  static Map<String, String> sign(Map<String, String> params, SignatureMethod method, long timestamp) {
    Map<String, String> p = new LinkedHashMap<>(params);
    p.put("timestamp", Long.toString(timestamp));
    p.put("sig", SmsSignature.sign(p, SECRET, method));
    return p;
  }

  static WebhookRequest get(Map<String, String> params) {
    return new WebhookRequest("GET", Wire.formEncode(params), Map.of(), new byte[0]);
  }

  static WebhookRequest form(Map<String, String> params) {
    return WebhookRequest.of(
        "POST", null, Map.of("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"),
        Wire.formEncode(params).getBytes(StandardCharsets.UTF_8));
  }

  static WebhookRequest json(String body, Map<String, String> headers) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put("Content-Type", "application/json");
    return WebhookRequest.of("POST", null, h, body.getBytes(StandardCharsets.UTF_8));
  }

  /** An HS256 token as Vonage signs Messages webhooks: iat, jti, iss, payload_hash. */
  static String token(String secret, long iat, String body) {
    String claims =
        "{\"iat\":" + iat + ",\"jti\":\"c5ba8f24-1a14-4c10-bfdf-3fbe8ce511b5\",\"iss\":\"Vonage\","
            + "\"payload_hash\":\"" + sha256(body) + "\",\"api_key\":\"a1b2c3d\"}";
    return token(secret, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims);
  }

  static String token(String secret, String header, String claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String unsigned = b64.encodeToString(utf8(header)) + "." + b64.encodeToString(utf8(claims));
    return unsigned + "." + b64.encodeToString(Jwt.hmacSha256(secret, unsigned));
  }

  static String sha256(String body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(utf8(body)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
