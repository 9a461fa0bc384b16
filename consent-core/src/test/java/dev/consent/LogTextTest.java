package dev.consent;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Escaping of outside strings for log lines. */
class LogTextTest {

  @Example
  @Label("a forged log line in a carrier id stays on the line it was logged on")
  void lineBreaks() {
    assertThat(LogText.safe("SM1\n12:00:00 ERROR forged\r\n")).isEqualTo("SM1\\n12:00:00 ERROR forged\\r\\n");
  }

  @Example
  @Label("ids as carriers send them are left as they are, without a copy")
  void plainIds() {
    String id = "SM0123456789abcdef0123456789abcdef";
    assertThat(LogText.safe(id)).isSameAs(id);
    assertThat(LogText.safe("0B000000A1B2C3D4-é")).isEqualTo("0B000000A1B2C3D4-é");
  }

  @Example
  @Label("a backslash is doubled, so that an escape cannot be faked")
  void backslash() {
    assertThat(LogText.safe("a\\nb")).isEqualTo("a\\\\nb");
  }

  @Example
  @Label("controls, bidi overrides, zero-width and line separators, unpaired surrogates become \\uXXXX")
  void invisibles() {
    assertThat(LogText.safe("a\u0000b\u001bc\u202ed\u200be\u2028f\ud800g\u00a0h"))
        .isEqualTo("a\\u0000b\\u001Bc\\u202Ed\\u200Be\\u2028f\\uD800g\\u00A0h");
    assertThat(LogText.safe("x\udb80\udc00y")).isEqualTo("x\\u{F0000}y"); // private use, above the BMP
    assertThat(LogText.safe("ok \ud83d\ude00")).isEqualTo("ok \ud83d\ude00");
  }

  @Example
  @Label("a long value is cut and says how much is missing; a null is printed as null")
  void bounds() {
    assertThat(LogText.safe("x".repeat(1000))).isEqualTo("x".repeat(LogText.MAX_INPUT) + "...(+840)");
    assertThat(LogText.safe(null)).isEqualTo("null");
  }

  @Property
  @Label("the result never holds a character that breaks or hides a line, and its length is bounded")
  void neverBreaksALine(@ForAll("anything") String value) {
    String safe = LogText.safe(value);
    safe.codePoints().forEach(cp -> assertThat(cp == ' ' || printable(cp)).as("U+%04X", cp).isTrue());
    assertThat(safe.length()).isLessThanOrEqualTo(LogText.MAX_INPUT * 10 + 16);
  }

  @Provide
  Arbitrary<String> anything() {
    return Arbitraries.strings().all().ofMaxLength(400);
  }

  private static boolean printable(int cp) {
    int type = Character.getType(cp);
    return type != Character.CONTROL && type != Character.FORMAT && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR && type != Character.SPACE_SEPARATOR
        && type != Character.SURROGATE && type != Character.UNASSIGNED && type != Character.PRIVATE_USE;
  }
}
