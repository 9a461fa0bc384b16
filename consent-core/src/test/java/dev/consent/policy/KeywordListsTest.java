package dev.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("bundled keyword lists")
class KeywordListsTest {
  private static final KeywordCatalog CATALOG = KeywordCatalog.bundled();
  private static final KeywordClassifier CLASSIFIER = KeywordClassifier.defaults();

  @ParameterizedTest(name = "{0}")
  @DisplayName("each language file names its sources")
  @ValueSource(strings = {"en", "es", "fr", "pt", "de", "it", "pl", "ru"})
  void sources(String language) {
    Properties p = KeywordResources.load("keywords", language);

    assertThat(p.getProperty("source")).isNotBlank();
    assertThat(KeywordResources.list(p, "optout")).isNotEmpty();
    assertThat(KeywordResources.list(p, "help")).isNotEmpty();
    assertThat(KeywordResources.list(p, "confirm")).isNotEmpty();
  }

  @Test
  @DisplayName("every keyword classifies as its own intent and language, alone and shouted")
  void keywordsMeanWhatTheySay() {
    CATALOG.keywords.forEach((word, entry) -> {
      assertThat(CLASSIFIER.classify(word)).as(word)
          .extracting(Classification::intent, Classification::language)
          .containsExactly(entry.intent(), entry.language());
      assertThat(CLASSIFIER.classify(word.toLowerCase(Locale.ROOT) + "!!").intent()).as(word)
          .isEqualTo(entry.intent());
    });
  }

  @Test
  @DisplayName("every phrase is an opt-out on its own and inside a longer message")
  void phrasesAreOptOuts() {
    for (Map.Entry<List<String>, KeywordEntry> e : CATALOG.phrases.entrySet()) {
      String phrase = String.join(" ", e.getKey());
      assertThat(CLASSIFIER.classify("hello " + phrase + " thank you").intent()).as(phrase)
          .isIn(Intent.OPT_OUT, Intent.OPT_OUT_ALL);
    }
  }

  @Test
  @DisplayName("the FCC seven and the CTIA core set are all protected")
  void core() {
    assertThat(CATALOG.core).contains(
        "STOP", "QUIT", "END", "REVOKE", "OPTOUT", "CANCEL", "UNSUBSCRIBE", "STOPALL", "HELP", "INFO",
        "START", "UNSTOP", "YES");
    assertThat(CATALOG.core).containsAll(CATALOG.first);
  }
}
