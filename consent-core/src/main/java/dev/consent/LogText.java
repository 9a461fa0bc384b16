package dev.consent;

import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Makes a string from outside (a carrier's message id or error code, a sender id, an id a host
 * passed in) safe to put into a log line: a carrier id may hold up to 128 arbitrary characters, and
 * a raw line break in it would let whoever sent it forge log lines. For adapters and stores as much
 * as for the core; personal data stays out of logs regardless (mask it, do not escape it).
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * log.warn("carrier refused {}: {}", LogText.safe(messageId), LogText.safe(error.code()));
 * }</pre>
 *
 * <p>{@link #chars}, {@link #hidden} and {@link #keys} are what a value's {@code toString()} prints in
 * place of personal data or a secret, so that a host that logs the value leaks nothing: a text as its
 * length, a code, hash, request id or address as {@value #HIDDEN}, evidence as its keys.
 *
 * @since 0.5
 */
public final class LogText {
  /** Most characters of the input kept; the rest is cut and counted. */
  public static final int MAX_INPUT = 160;

  /** Printed instead of a code, a hash, a request id or an address. */
  public static final String HIDDEN = "***";

  private LogText() {}

  /** {@code <23 chars>} for a text, {@code null} for none. */
  public static String chars(@Nullable String text) {
    return text == null ? "null" : "<" + text.length() + " chars>";
  }

  /** {@value #HIDDEN} for a value, {@code null} for none. */
  public static String hidden(@Nullable Object value) {
    return value == null ? "null" : HIDDEN;
  }

  /** The keys, made {@linkplain #safe safe}, with hidden values, e.g. {@code {formUrl=***, userAgent=***}}. */
  public static String keys(@Nullable Map<String, ?> map) {
    if (map == null) {
      return "null";
    }
    StringJoiner out = new StringJoiner(", ", "{", "}");
    map.keySet().forEach(k -> out.add(safe(k) + "=" + HIDDEN));
    return out.toString();
  }

  /**
   * The value with every character that could break or disguise a log line escaped: CR, LF and tab
   * as {@code \r}, {@code \n}, {@code \t}; the backslash as {@code \\} (so an escape cannot be faked);
   * other control, format (e.g. bidi overrides, zero-width), separator, unassigned, private-use and
   * unpaired surrogate code points as {@code \}{@code uXXXX} (or {@code \}{@code u{XXXXX}} above the
   * BMP). Longer input is cut after {@value #MAX_INPUT} characters and marked {@code ...(+n)}. A
   * null becomes {@code "null"}.
   */
  public static String safe(@Nullable String value) {
    if (value == null) {
      return "null";
    }
    int end = value.length() <= MAX_INPUT ? value.length() : cutAt(value);
    if (end == value.length() && isClean(value)) {
      return value;
    }
    StringBuilder out = new StringBuilder(end + 16);
    for (int i = 0; i < end; ) {
      int cp = value.codePointAt(i);
      append(out, cp);
      i += Character.charCount(cp);
    }
    if (end < value.length()) {
      out.append("...(+").append(value.length() - end).append(')');
    }
    return out.toString();
  }

  /** Where to cut: never between the two halves of a surrogate pair. */
  private static int cutAt(String value) {
    return Character.isHighSurrogate(value.charAt(MAX_INPUT - 1)) ? MAX_INPUT - 1 : MAX_INPUT;
  }

  private static boolean isClean(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '\\') {
        return false; // the common case (ASCII ids) needs no copy; anything else is checked per code point
      }
    }
    return true;
  }

  private static void append(StringBuilder out, int cp) {
    switch (cp) {
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      case '\\' -> out.append("\\\\");
      default -> {
        if (printable(cp)) {
          out.appendCodePoint(cp);
        } else if (cp <= 0xFFFF) {
          out.append(String.format("\\u%04X", cp));
        } else {
          out.append(String.format("\\u{%X}", cp));
        }
      }
    }
  }

  private static boolean printable(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR, Character.UNASSIGNED, Character.PRIVATE_USE, Character.SURROGATE -> false;
      default -> true;
    };
  }
}
