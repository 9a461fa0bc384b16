package dev.consent.sms.twilio;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request signature, as its documentation ("Webhooks security") and its SDKs compute it:
 * the full URL Twilio requested, then every POST parameter sorted by name (case-sensitively, then
 * by value for a repeated name) with name and value appended; HMAC-SHA1 keyed with the auth token;
 * Base64. Because Twilio is not consistent about ports, the URL is also tried with its port removed
 * and with the scheme's default port added. Comparisons are constant-time. Stateless.
 */
final class TwilioSignature {
  private static final Comparator<Map.Entry<String, String>> ORDER =
      Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue());

  private TwilioSignature() {}

  /** The Base64 signature Twilio would send for {@code url} and {@code params}. */
  static String compute(byte[] key, String url, List<Map.Entry<String, String>> params) {
    List<Map.Entry<String, String>> sorted = new ArrayList<>(params);
    sorted.sort(ORDER);
    StringBuilder data = new StringBuilder(url);
    for (Map.Entry<String, String> p : sorted) {
      data.append(p.getKey()).append(p.getValue());
    }
    return Base64.getEncoder().encodeToString(hmacSha1(key, data.toString()));
  }

  /** Whether {@code signature} matches under any of {@code keys} and any port form of the URL. */
  static boolean matches(
      List<byte[]> keys, String signature, String url, List<Map.Entry<String, String>> params) {
    byte[] given = signature.trim().getBytes(StandardCharsets.US_ASCII);
    boolean ok = false;
    for (byte[] key : keys) {
      for (String candidate : urlVariants(url)) {
        byte[] expected = compute(key, candidate, params).getBytes(StandardCharsets.US_ASCII);
        ok |= MessageDigest.isEqual(expected, given);
      }
    }
    return ok;
  }

  /** Lower-case hex SHA-256 of a JSON body, compared with {@code bodySHA256} in constant time. */
  static boolean bodyMatches(byte[] body, String expectedHex) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      byte[] actual = HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
      byte[] expected = expectedHex.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
      return MessageDigest.isEqual(actual, expected);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JRE", e);
    }
  }

  /** The URL as given, without its port, and with the default port; the rest byte for byte. */
  static Set<String> urlVariants(String url) {
    Set<String> out = new LinkedHashSet<>();
    out.add(url);
    int schemeEnd = url.indexOf("://");
    if (schemeEnd <= 0) {
      return out;
    }
    int hostStart = schemeEnd + 3;
    int authorityEnd = indexOfAny(url, hostStart);
    String authority = url.substring(hostStart, authorityEnd);
    int at = authority.lastIndexOf('@');
    String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
    String hostPort = authority.substring(at + 1);
    int colon = hostPort.lastIndexOf(':');
    boolean hasPort = colon >= 0 && hostPort.indexOf(']', colon) < 0;
    String host = hasPort ? hostPort.substring(0, colon) : hostPort;
    String prefix = url.substring(0, hostStart) + userInfo + host;
    String rest = url.substring(authorityEnd);
    out.add(prefix + rest);
    String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    String port = hasPort ? hostPort.substring(colon + 1) : defaultPort(scheme);
    if (!port.isEmpty()) {
      out.add(prefix + ":" + port + rest);
    }
    return out;
  }

  private static String defaultPort(String scheme) {
    return switch (scheme) {
      case "https" -> "443";
      case "http" -> "80";
      default -> "";
    };
  }

  private static int indexOfAny(String url, int from) {
    for (int i = from; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        return i;
      }
    }
    return url.length();
  }

  private static byte[] hmacSha1(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is missing from this JRE", e);
    }
  }
}
