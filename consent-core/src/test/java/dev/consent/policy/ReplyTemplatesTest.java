package dev.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ReplyTemplates")
class ReplyTemplatesTest {
  private static final ReplyTemplates REPLIES = ReplyTemplates.defaults();
  private static final KeywordClassifier CLASSIFIER = KeywordClassifier.defaults();
  private static final Map<String, String> VALUES = Map.of(
      "program", "Acme Alerts", "frequency", "Up to 4 msgs/month", "code", "482913",
      "contact", "support@acme.example");
  private static final Set<String> KEYS = Set.of(
      ReplyTemplates.OPTIN_REQUEST, ReplyTemplates.OPTIN_CONFIRMED, ReplyTemplates.OPTOUT_CONFIRMED,
      ReplyTemplates.OPTOUT_ALL_CONFIRMED, ReplyTemplates.RESUBSCRIBED, ReplyTemplates.CLARIFY,
      ReplyTemplates.HELP);

  private static final Map<String, String> RATES = Map.of(
      "en", "Msg & data rates may apply",
      "es", "Pueden aplicarse tarifas de mensajes y datos",
      "fr", "Des frais de messagerie et de données peuvent s'appliquer",
      "de", "Es können Gebühren für Nachrichten und Daten anfallen",
      "pt", "Podem ser cobradas tarifas de mensagens e dados",
      "it", "Potrebbero essere applicati costi per messaggi e dati");

  private static String render(String key, String language) {
    return REPLIES.render(key, language, VALUES);
  }

  /** The intents of the upper-case instruction words in a text ("Reply HELP for help"). */
  private static Set<Intent> instructed(String text) {
    return Arrays.stream(text.split("[\\s,.:;()?¿]+"))
        .filter(w -> w.length() > 1 && w.equals(w.toUpperCase(Locale.ROOT)) && w.chars().anyMatch(Character::isLetter))
        .map(w -> CLASSIFIER.classify(w).intent())
        .collect(Collectors.toSet());
  }

  @Nested
  @DisplayName("bundled texts, per language, meet CTIA")
  class Bundled {
    @Test
    @DisplayName("cover en, es, fr, de, pt and it, each with every key")
    void coverage() {
      assertThat(REPLIES.languages()).containsExactlyInAnyOrder("en", "es", "fr", "de", "pt", "it");
      for (String language : REPLIES.languages()) {
        assertThat(REPLIES.keys(language)).as(language).containsAll(KEYS);
      }
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("the double opt-in request names the program, frequency, rates, code, HELP, STOP and how to confirm")
    @ValueSource(strings = {"en", "es", "fr", "de", "pt", "it"})
    void optInRequest(String language) {
      String text = render(ReplyTemplates.OPTIN_REQUEST, language);

      assertThat(text).contains("Acme Alerts", "Up to 4 msgs/month", "482913", RATES.get(language));
      assertThat(instructed(text)).contains(Intent.CONFIRM, Intent.HELP, Intent.OPT_OUT);
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("opt-in confirmations name the program, frequency and rates, with HELP and STOP instructions")
    @ValueSource(strings = {"en", "es", "fr", "de", "pt", "it"})
    void optInConfirmations(String language) {
      for (String key : new String[] {ReplyTemplates.OPTIN_CONFIRMED, ReplyTemplates.RESUBSCRIBED}) {
        String text = render(key, language);
        assertThat(text).as(key).contains("Acme Alerts", "Up to 4 msgs/month", RATES.get(language));
        assertThat(instructed(text)).as(key).contains(Intent.HELP, Intent.OPT_OUT);
      }
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("opt-out confirmations say no more messages will be sent and how to resubscribe, without marketing")
    @CsvSource(
        delimiter = '|',
        value = {
          "en|No more messages will be sent",
          "es|No recibirás más mensajes",
          "fr|Vous ne recevrez plus de messages",
          "de|Sie erhalten keine weiteren Nachrichten",
          "pt|Você não receberá mais mensagens",
          "it|Non riceverai altri messaggi"
        })
    void optOutConfirmations(String language, String noMore) {
      for (String key : new String[] {ReplyTemplates.OPTOUT_CONFIRMED, ReplyTemplates.OPTOUT_ALL_CONFIRMED}) {
        String text = render(key, language);

        assertThat(text).as(key).contains("Acme Alerts", noMore).doesNotContain("http", "www", "%", "$", "€");
        assertThat(instructed(text)).as(key).containsExactly(Intent.OPT_IN);
      }
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("the HELP reply names the program, the contact, frequency and rates, and how to stop")
    @ValueSource(strings = {"en", "es", "fr", "de", "pt", "it"})
    void help(String language) {
      String text = render(ReplyTemplates.HELP, language);

      assertThat(text).contains("Acme Alerts", "support@acme.example", "Up to 4 msgs/month", RATES.get(language));
      assertThat(instructed(text)).contains(Intent.OPT_OUT);
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("the clarification asks without marketing and offers a way to stop")
    @ValueSource(strings = {"en", "es", "fr", "de", "pt", "it"})
    void clarify(String language) {
      String text = render(ReplyTemplates.CLARIFY, language);

      assertThat(text).contains("Acme Alerts").doesNotContain("http", "www", "%");
      assertThat(instructed(text)).contains(Intent.OPT_OUT);
    }

    @Test
    @DisplayName("the English opt-out confirmation fits in one 160-character SMS")
    void shortEnough() {
      assertThat(render(ReplyTemplates.OPTOUT_CONFIRMED, "en")).hasSizeLessThanOrEqualTo(160);
    }
  }

  @Nested
  @DisplayName("rendering")
  class Rendering {
    @Test
    @DisplayName("falls back from a region to its language, and from an unknown language to English")
    void fallback() {
      assertThat(render(ReplyTemplates.OPTOUT_CONFIRMED, "es-MX")).isEqualTo(render(ReplyTemplates.OPTOUT_CONFIRMED, "es"));
      assertThat(render(ReplyTemplates.OPTOUT_CONFIRMED, "nl")).isEqualTo(render(ReplyTemplates.OPTOUT_CONFIRMED, "en"));
      assertThat(REPLIES.render(ReplyTemplates.CLARIFY, null, VALUES)).startsWith("Acme Alerts: Do you want");
      assertThat(render(ReplyTemplates.CLARIFY, "!!")).startsWith("Acme Alerts: Do you want");
    }

    @Test
    @DisplayName("answers in the language the classifier found in the keyword")
    void languageOfKeyword() {
      String language = CLASSIFIER.classify("ARRÊT").language();

      assertThat(render(ReplyTemplates.OPTOUT_CONFIRMED, language)).contains("désabonnement");
    }

    @Test
    @DisplayName("names a missing placeholder, never a value")
    void missingValue() {
      assertThatThrownBy(() -> REPLIES.render(ReplyTemplates.OPTIN_REQUEST, "en", Map.of("program", "Acme", "frequency", "weekly")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("{code}")
          .hasMessageNotContaining("Acme");
    }

    @Test
    @DisplayName("rejects an unknown key and null arguments")
    void badArguments() {
      assertThatThrownBy(() -> REPLIES.render("nope", "en", VALUES)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> REPLIES.render(null, "en", VALUES)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> REPLIES.render(ReplyTemplates.CLARIFY, "en", null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("inserts values literally, without expanding braces inside them")
    void literalValues() {
      assertThat(REPLIES.render(ReplyTemplates.CLARIFY, "en", Map.of("program", "{code}")))
          .startsWith("{code}: Do you want");
    }
  }

  @Nested
  @DisplayName("host overrides")
  class Overrides {
    @Test
    @DisplayName("replace one template in one language and leave the original untouched")
    void replace() {
      ReplyTemplates custom = REPLIES.with("en", ReplyTemplates.OPTOUT_CONFIRMED, "{program}: unsubscribed. No more messages. Text START to rejoin.");

      assertThat(custom.render(ReplyTemplates.OPTOUT_CONFIRMED, "en", VALUES)).isEqualTo("Acme Alerts: unsubscribed. No more messages. Text START to rejoin.");
      assertThat(REPLIES.render(ReplyTemplates.OPTOUT_CONFIRMED, "en", VALUES)).contains("You are unsubscribed");
      assertThat(custom.render(ReplyTemplates.OPTOUT_CONFIRMED, "es", VALUES)).contains("Te has dado de baja");
    }

    @Test
    @DisplayName("add a language, which then falls back to English for keys it lacks")
    void addLanguage() {
      ReplyTemplates custom = REPLIES.with("nl", ReplyTemplates.HELP, "{program}: hulp via {contact}. Antwoord STOP om te stoppen.");

      assertThat(custom.languages()).contains("nl");
      assertThat(custom.render(ReplyTemplates.HELP, "nl-BE", VALUES)).startsWith("Acme Alerts: hulp via support@acme.example");
      assertThat(custom.render(ReplyTemplates.CLARIFY, "nl", VALUES)).startsWith("Acme Alerts: Do you want");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @DisplayName("reject malformed templates")
    @ValueSource(strings = {"", " ", "{program", "program}", "{}", "{pro gram}", "{a}{", "}{a}"})
    void malformed(String template) {
      assertThatThrownBy(() -> REPLIES.with("en", ReplyTemplates.CLARIFY, template)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("reject a bad language tag or a template over 1600 characters")
    void badLanguageOrLength() {
      assertThatThrownBy(() -> REPLIES.with("english please", ReplyTemplates.CLARIFY, "x")).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> REPLIES.with("en", ReplyTemplates.CLARIFY, "x".repeat(1601))).isInstanceOf(InvalidInputException.class);
    }
  }
}
