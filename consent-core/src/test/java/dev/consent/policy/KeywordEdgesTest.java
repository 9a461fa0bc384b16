package dev.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The classifier and the normaliser where their rules turn: limits one character or one word either
 * side, the roles the bundled lists give words, and digits read as letters. The classifier is built
 * per test (not shared in a static field), so that a change in how it is built shows in these tests.
 */
@DisplayName("Keywords at the edges")
class KeywordEdgesTest {
  final KeywordClassifier classifier = KeywordClassifier.defaults();

  Intent intent(String body) {
    return classifier.classify(body).intent();
  }

  @Nested
  @DisplayName("the roles of the bundled words")
  class Roles {
    @Test
    @DisplayName("a long message that starts with a leading opt-out word opts out; the same words later do not")
    void leadingWord() {
      assertThat(intent("Stop, I am driving and cannot read anything right now at all")).isEqualTo(Intent.OPT_OUT);
      assertThat(intent("I am driving and cannot read anything right now at all, stop")).isEqualTo(Intent.OTHER);
      assertThat(intent("stop all, I am driving and cannot read anything right now")).isEqualTo(Intent.OPT_OUT_ALL);
    }

    @Test
    @DisplayName("a long message that starts with HELP asks for help")
    void leadingHelp() {
      assertThat(intent("Help me with my order please it has not arrived yet and I am worried"))
          .isEqualTo(Intent.HELP);
    }

    @Test
    @DisplayName("a long message that mentions an opt-out word and the texts themselves is unclear")
    void topicWord() {
      assertThat(intent("I would really like you to please just stop all of these texts now"))
          .isEqualTo(Intent.UNCLEAR);
      assertThat(intent("I would really like you to please just stop all of these trains now"))
          .isEqualTo(Intent.OTHER);
    }

    @Test
    @DisplayName("an opt-out word after a negation counts for nothing")
    void negation() {
      assertThat(intent("DONT STOP")).isEqualTo(Intent.OTHER);
      assertThat(intent("please never stop texting me")).isEqualTo(Intent.OTHER);
    }

    @Test
    @DisplayName("a negation at the very end of a message negates nothing")
    void trailingNegation() {
      assertThat(intent("stop it do not")).isEqualTo(Intent.OPT_OUT);
      assertThat(intent("stop it dont")).isEqualTo(Intent.OPT_OUT);
    }

    @Test
    @DisplayName("a mere mention is unclear up to the word limit, and other text one word beyond it")
    void unclearWordLimit() {
      String eight = "the bus stop on fifth is closed today";
      assertThat(KeywordNormalizer.words(KeywordClassifier.normalize(eight))).hasSize(KeywordClassifier.UNCLEAR_MAX_WORDS);
      assertThat(intent(eight)).isEqualTo(Intent.UNCLEAR);
      assertThat(intent("the bus stop on fifth street is closed today")).isEqualTo(Intent.OTHER);
    }
  }

  @Nested
  @DisplayName("loosely typed keywords")
  class Loose {
    @Test
    @DisplayName("a typo after filler words is found however many filler words lead")
    void typoAfterFiller() {
      assertThat(intent("PLEASE STPO")).isEqualTo(Intent.OPT_OUT);
      assertThat(intent("PLEASE PLEASE STPO")).isEqualTo(Intent.OPT_OUT);
      assertThat(intent("please stooop")).isEqualTo(Intent.OPT_OUT);
    }

    @Test
    @DisplayName("a typo split over three words is found, not over four")
    void typoWords() {
      assertThat(intent("UN SUB SCIBE")).isEqualTo(Intent.OPT_OUT);
      assertThat(intent("U N SUB SCIBE")).isEqualTo(Intent.OTHER);
      assertThat(intent("UN SUBSCIBE")).isEqualTo(Intent.OPT_OUT);
    }

    @Test
    @DisplayName("a typo is looked for in a normalised text of up to 48 characters")
    void typoLength() {
      String at = "PLEASE PLEASE PLEASE PLEASE NOW NOW NOW NOW STPO";
      assertThat(KeywordClassifier.normalize(at)).hasSize(48);
      assertThat(intent(at)).isEqualTo(Intent.OPT_OUT);
      String over = "PLEASE PLEASE PLEASE PLEASE PLEASE PLEASE NOW STPO";
      assertThat(KeywordClassifier.normalize(over)).hasSize(50);
      assertThat(intent(over)).isEqualTo(Intent.OTHER);
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @DisplayName("digits and symbols are read as letters next to letters")
    @CsvSource(delimiter = '|', value = {
        "5T0P|OPT_OUT", // a digit before a letter, and one between letters
        "0PT 0UT|OPT_OUT", // each digit begins a word: only the letter after it tells
        "BAJ4|OPT_OUT", // a digit that ends a word: only the letter before it tells
        "B@J@|OPT_OUT", // @ is a letter wherever it stands
        "5 5 5|OTHER", // digits with no letter near them stay digits
        "12345|OTHER"
    })
    void folded(String body, Intent expected) {
      assertThat(intent(body)).isEqualTo(expected);
    }

    @Test
    @DisplayName("digits are read as letters in a body of 64 characters, not 65")
    void foldLength() {
      assertThat(intent("5T0P" + " ".repeat(60))).isEqualTo(Intent.OPT_OUT);
      assertThat(intent("5T0P" + " ".repeat(61))).isEqualTo(Intent.OTHER);
    }
  }

  @Nested
  @DisplayName("emoji")
  class Emoji {
    @ParameterizedTest(name = "{0}")
    @DisplayName("a stop sign in any skin tone opts out; beside another symbol it is unclear")
    @CsvSource(delimiter = '|', value = {
        "\uD83D\uDED1\uD83C\uDFFB|OPT_OUT", // U+1F3FB, the lightest tone
        "\uD83D\uDED1\uD83C\uDFFF|OPT_OUT", // U+1F3FF, the darkest tone
        "\uD83D\uDED1\uD83C\uDFFA|UNCLEAR", // U+1F3FA, the amphora just before the tones
        "\uD83D\uDED1\uD83D\uDC00|UNCLEAR" // U+1F400, the rat just after them
    })
    void tones(String body, Intent expected) {
      assertThat(intent(body)).isEqualTo(expected);
    }
  }

  @Nested
  @DisplayName("normalisation")
  class Normalisation {
    @Test
    @DisplayName("the letters and digits at both ends of their ranges are kept")
    void asciiRanges() {
      assertThat(KeywordClassifier.normalize("AZ09 az @[/:")).isEqualTo("AZ09 AZ");
    }

    @Test
    @DisplayName("a number sign that numbers nothing is the word NUMBER, with no space before the first word")
    void numberSign() {
      assertThat(KeywordClassifier.normalize("#")).isEqualTo("NUMBER");
      assertThat(KeywordClassifier.normalize("wrong #")).isEqualTo("WRONG NUMBER");
      assertThat(KeywordClassifier.normalize("# é")).isEqualTo("NUMBER E");
      assertThat(KeywordClassifier.normalize("é #")).isEqualTo("E NUMBER");
      assertThat(KeywordClassifier.normalize("# a é")).isEqualTo("NUMBER A E");
      assertThat(KeywordClassifier.normalize("# ab é")).isEqualTo("NUMBER AB E");
      assertThat(KeywordClassifier.normalize("#1 é")).isEqualTo("1 E");
    }

    @Test
    @DisplayName("an ASCII body that grows past the limit is cut without a trailing space")
    void asciiCut() {
      String body = "ABC " + "# ".repeat(798);
      assertThat(body.length()).isLessThanOrEqualTo(KeywordNormalizer.MAX_CHARS);
      String normalized = KeywordClassifier.normalize(body);
      assertThat(normalized).hasSize(KeywordNormalizer.MAX_CHARS - 1).startsWith("ABC NUMBER NUMBER").doesNotEndWith(" ");
    }

    @Test
    @DisplayName("a body that grows past the limit in decomposition is cut to the limit")
    void unicodeCut() {
      String ligatures = "\uFB00".repeat(KeywordNormalizer.MAX_CHARS); // ﬀ decomposes to FF
      assertThat(KeywordClassifier.normalize(ligatures)).isEqualTo("F".repeat(KeywordNormalizer.MAX_CHARS));
    }

    @Test
    @DisplayName("a cut never splits a surrogate pair")
    void surrogateCut() {
      String gothic = new String(Character.toChars(0x10330)); // 𐌰, a letter outside the BMP without case
      String body = "\uFB00\uFB00\uFB00A" + gothic.repeat(797);
      String normalized = KeywordClassifier.normalize(body);
      assertThat(normalized).hasSize(KeywordNormalizer.MAX_CHARS - 1).startsWith("FFFFFFA");
      assertThat(Character.isHighSurrogate(normalized.charAt(normalized.length() - 1))).isFalse();
    }
  }
}
