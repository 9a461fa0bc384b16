package dev.consent.internal;

import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code toString()} of a value prints in place of personal data or a secret, so that a host
 * that logs the value leaks nothing: a text as its length, a code, hash, request id or address as
 * {@value #HIDDEN}, evidence as its keys.
 */
public final class Redact {
  /** Printed instead of a code, a hash, a request id or an address. */
  public static final String HIDDEN = "***";

  private Redact() {}

  /** {@code <23 chars>} for a text, {@code null} for none. */
  public static String chars(@Nullable String text) {
    return text == null ? "null" : "<" + text.length() + " chars>";
  }

  /** {@value #HIDDEN} for a value, {@code null} for none. */
  public static String hidden(@Nullable Object value) {
    return value == null ? "null" : HIDDEN;
  }

  /** The keys with hidden values, e.g. {@code {formUrl=***, userAgent=***}}. */
  public static String keys(@Nullable Map<String, ?> map) {
    if (map == null) {
      return "null";
    }
    StringJoiner out = new StringJoiner(", ", "{", "}");
    map.keySet().forEach(k -> out.add(dev.consent.spi.LogText.safe(k) + "=" + HIDDEN));
    return out.toString();
  }
}
