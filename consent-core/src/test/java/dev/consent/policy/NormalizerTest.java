package dev.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("KeywordClassifier.normalize")
class NormalizerTest {
  @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
  @DisplayName("upper-cases, folds compatibility forms and accents, and keeps words only")
  @CsvSource(
      delimiter = '|',
      value = {
        "stop|STOP",
        "'  Stop. '|STOP",
        "ＳＴＯＰ！|STOP",
        "arrêt|ARRET",
        "ARRÊT|ARRET",
        "No  más!!|NO MAS",
        "Opt-Out|OPT OUT",
        "don't text me|DONT TEXT ME",
        "don’t text me|DONT TEXT ME",
        "STOP 🛑 🛑|STOP",
        "👍🏽 ok|OK",
        "straße|STRASSE",
        "Złe|ZLE",
        "ｄｏｎ＇ｔ|DONT",
        "①②|12",
        "ﬁn|FIN",
        "остановить|ОСТАНОВИТЬ",
        "order #123, thx|ORDER 123 THX",
        "ıi İI|II II"
      })
  void table(String body, String expected) {
    assertThat(KeywordClassifier.normalize(body)).isEqualTo(expected);
  }

  @Test
  @DisplayName("drops zero-width and bidi control characters inside and around words")
  void invisible() {
    assertThat(KeywordClassifier.normalize("\u200fS\u200bT\u200dO\u2060P\u200e\u202a\u202c\ufeff"))
        .isEqualTo("STOP");
  }

  @Test
  @DisplayName("turns whitespace of every kind, controls, nulls and lone surrogates into single spaces")
  void separators() {
    assertThat(KeywordClassifier.normalize("\tstop\u00a0\u3000all\r\n")).isEqualTo("STOP ALL");
    assertThat(KeywordClassifier.normalize("stop\u0000all")).isEqualTo("STOP ALL");
    assertThat(KeywordClassifier.normalize("stop\ud800all\udc00")).isEqualTo("STOP ALL");
    assertThat(KeywordClassifier.normalize("\ud83d")).isEmpty();
  }

  @Test
  @DisplayName("takes the ASCII and Unicode paths to the same result")
  void pathsAgree() {
    assertThat(KeywordClassifier.normalize("Stop, please!")).isEqualTo(KeywordClassifier.normalize("Stop, please!\u00a0"));
  }

  @Test
  @DisplayName("bounds its output for huge and expanding input")
  void bounded() {
    assertThat(KeywordClassifier.normalize("a".repeat(10_000))).hasSize(KeywordNormalizer.MAX_CHARS);
    String expanding = "\ufdfa".repeat(1_000);
    String once = KeywordClassifier.normalize(expanding);
    assertThat(once).hasSizeLessThanOrEqualTo(KeywordNormalizer.MAX_CHARS);
    assertThat(KeywordClassifier.normalize(once)).isEqualTo(once);
  }
}
