package dev.consent.testkit;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook requests as Twilio does, so that a host's tests can post a STOP or a YES to its own
 * webhook endpoint and have it verified. Written from Twilio's "Webhooks security" documentation,
 * independently of the adapter's verifier: a form POST is signed over the full URL followed by each
 * parameter's name and value, in name order; a JSON POST carries the body's SHA-256 (hex) in the URL's
 * {@code bodySHA256} parameter and is signed over that URL alone; HMAC-SHA1 keyed with the auth token,
 * Base64.
 *
 * <pre>{@code
 * TwilioSigner twilio = TwilioSigner.withAuthToken("test-token");
 * Map<String, String> form = Map.of("From", "+12025550123", "To", "+14155550100", "Body", "STOP");
 * String signature = twilio.signature("https://crm.example.com/webhooks/twilio/inbound", form);
 * // post the form to your endpoint with the header TwilioSigner.HEADER set to the signature
 * }</pre>
 */
public final class TwilioSigner {
  /** The header that carries the signature. */
  public static final String HEADER = "X-Twilio-Signature";

  private final byte[] authToken;

  private TwilioSigner(String authToken) {
    this.authToken = authToken.getBytes(StandardCharsets.UTF_8);
  }

  /** A signer with the account's (or API key's) auth token. */
  public static TwilioSigner withAuthToken(String authToken) {
    if (Objects.requireNonNull(authToken, "authToken").isBlank()) {
      throw new IllegalArgumentException("authToken is blank");
    }
    return new TwilioSigner(authToken);
  }

  /**
   * The {@value #HEADER} value of a form-encoded POST: {@code url} exactly as Twilio requests it (the
   * public URL, with any query string), {@code params} the decoded form fields.
   */
  public String signature(String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(URI.create(url).toString());
    new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
    return Base64.getEncoder().encodeToString(hmac(data.toString()));
  }

  /** A JSON POST as Twilio signs it: the URL to post to (with {@code bodySHA256}) and its signature. */
  public SignedJson json(String url, String body) {
    String hash = HexFormat.of().formatHex(sha256(body.getBytes(StandardCharsets.UTF_8)));
    String signedUrl = url + (URI.create(url).getRawQuery() == null ? "?" : "&") + "bodySHA256=" + hash;
    return new SignedJson(signedUrl, signature(signedUrl, Map.of()));
  }

  /**
   * A signed JSON request.
   *
   * @param url the URL to post to, with the body's hash in {@code bodySHA256}
   * @param signature the {@value TwilioSigner#HEADER} value
   */
  public record SignedJson(String url, String signature) {}

  private byte[] hmac(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken, "HmacSHA1"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is missing from this JRE", e);
    }
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JRE", e);
    }
  }
}
