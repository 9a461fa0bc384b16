package dev.consent.sms.twilio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Strict {@code application/x-www-form-urlencoded} decoding: UTF-8 only, a bad {@code %} escape or
 * an invalid byte sequence is an error rather than a replacement character (a signature computed
 * over a silently repaired value would not be Twilio's).
 */
final class FormBody {

  /** The body cannot be read as a form. The message never quotes the body. */
  static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean tooManyParameters;

    MalformedException(String message) {
      this(message, false);
    }

    MalformedException(String message, boolean tooManyParameters) {
      super(message, null, false, false);
      this.tooManyParameters = tooManyParameters;
    }

    /** Whether the form was refused for its number of parameters rather than its shape. */
    boolean tooManyParameters() {
      return tooManyParameters;
    }
  }

  private FormBody() {}

  /** Decodes {@code a=1&b=2} in order, keeping repeated names; at most {@code maxParams} pairs. */
  static List<Map.Entry<String, String>> parse(String body, int maxParams) throws MalformedException {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    if (body.isEmpty()) {
      return out;
    }
    for (String pair : body.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      if (out.size() >= maxParams) {
        throw new MalformedException("more than " + maxParams + " parameters", true);
      }
      // Twilio's signature joins names and values with no separator ("Body" + "START"), so the same
      // signature fits "Body=START" and "Body&START". Twilio always sends name=value with '=' inside
      // a value encoded: anything else is refused, so a request cannot be re-split to mean more.
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new MalformedException(eq < 0 ? "a parameter without '='" : "a parameter without a name");
      }
      if (pair.indexOf('=', eq + 1) >= 0) {
        throw new MalformedException("an unencoded '=' inside a value");
      }
      out.add(Map.entry(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1))));
    }
    return out;
  }

  static String decode(String s) throws MalformedException {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new MalformedException("truncated percent escape");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new MalformedException("invalid percent escape");
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(raw, 0, raw.length);
      }
    }
    return utf8(bytes.toByteArray());
  }

  /** Strict UTF-8: an invalid sequence is an error, not U+FFFD. */
  static String utf8(byte[] bytes) throws MalformedException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedException("not valid UTF-8");
    }
  }
}
