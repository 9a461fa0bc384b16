package dev.consent.sms.vonage;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SMS API's request signature: every parameter but {@code sig}, sorted by name, written as
 * {@code &name=value} with {@code &} and {@code =} in values replaced by {@code _}, then hashed
 * with the signature secret. Stateless and thread-safe.
 */
final class SmsSignature {
  static final String SIG = "sig";

  private SmsSignature() {}

  /** The signature of these parameters (any {@code sig} among them is left out), as hex. */
  static String sign(Map<String, String> params, String secret, SignatureMethod method) {
    String base = base(params);
    try {
      String mac = method.macAlgorithm();
      if (mac == null) {
        byte[] d = MessageDigest.getInstance("MD5").digest(utf8(base + secret));
        return HexFormat.of().formatHex(d);
      }
      Mac m = Mac.getInstance(mac);
      m.init(new SecretKeySpec(utf8(secret), mac));
      return HexFormat.of().withUpperCase().formatHex(m.doFinal(utf8(base)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + method, e);
    }
  }

  /** Whether {@code given} is the signature of the parameters: hex compared case-insensitively in constant time. */
  static boolean matches(Map<String, String> params, String given, String secret, SignatureMethod method) {
    byte[] expected = utf8(sign(params, secret, method).toLowerCase(Locale.ROOT));
    return MessageDigest.isEqual(expected, utf8(given.toLowerCase(Locale.ROOT)));
  }

  private static String base(Map<String, String> params) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(params)
        .forEach(
            (k, v) -> {
              if (!k.equals(SIG)) {
                sb.append('&').append(k).append('=').append(v.replace('&', '_').replace('=', '_'));
              }
            });
    return sb.toString();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
