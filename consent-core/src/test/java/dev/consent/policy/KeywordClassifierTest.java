package dev.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.InvalidInputException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("KeywordClassifier")
class KeywordClassifierTest {
  private static final KeywordClassifier CLASSIFIER = KeywordClassifier.defaults();

  private static Classification classify(String body) {
    return CLASSIFIER.classify(body);
  }

  @Nested
  @DisplayName("opt-out")
  class OptOut {
    @ParameterizedTest(name = "\"{0}\" is an opt-out in {1}")
    @DisplayName("recognises keywords in every spelling, language and decoration")
    @CsvSource(
        delimiter = '|',
        value = {
          "STOP|en", "stop|en", " Stop. |en", "Stop!!!|en", "STOP 🛑|en", "ＳＴＯＰ|en", "ｓｔｏｐ！|en",
          "UNSUBSCRIBE|en", "Cancel|en", "end|en", "QUIT|en", "revoke|en", "OPT OUT|en",
          "opt-out|en", "Opt-Out|en", "OPTOUT|en", "opt_out|en", "unsub|en", "\u200fSTOP\u200e|en",
          "S\u200bTOP|en", "STOP please|en", "pls stop|en", "Stop now, thanks|en", "I said STOP|en",
          "ARRET|fr", "arrêt|fr", "Arrêt svp|fr", "ARRÊTE|fr", "DETENER|es", "salir|es", "BAJA|es",
          "Baja por favor|es", "alto|es", "No más|es", "NO MAS|es", "nomas|es", "PARAR|es",
          "cancelar|es", "SAIR|pt", "pare|pt", "HALT|de", "Stopp|de", "abmelden|de", "Bitte STOPP|de",
          "FERMA|it", "Basta!|it", "ZATRZYMAJ|pl", "ОСТАНОВИТЬ|ru", "стоп|ru"
        })
    void keywords(String body, String language) {
      assertThat(classify(body)).extracting(Classification::intent, Classification::language)
          .containsExactly(Intent.OPT_OUT, language);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @DisplayName("recognises plain-language requests")
    @ValueSource(
        strings = {
          "please stop texting me", "Stop sending me messages", "remove me", "Remove me from this list",
          "take me off your list", "Wrong number", "you have the wrong number", "unsubscribe me",
          "no more texts", "Don't text me", "do not contact me again", "leave me alone",
          "I don't want these messages", "How do I unsubscribe?", "can you stop these texts",
          "I never signed up for this", "opt me out", "delete my number", "Not interested, thanks",
          "Stop sending these", "Quit it", "End these messages please", "stop!! who is this",
          "I want to end my subscription", "unsubscribe me from your list", "S T O P", "S.T.O.P.",
          "st0p", "STOOOOP", "stoppppp please"
        })
    void phrases(String body) {
      assertThat(classify(body).intent()).isEqualTo(Intent.OPT_OUT);
    }

    @ParameterizedTest(name = "\"{0}\" in {1}")
    @DisplayName("recognises plain-language requests in other languages")
    @CsvSource(
        delimiter = '|',
        value = {
          "No más mensajes por favor|es", "Dejen de enviarme mensajes|es", "número equivocado|es",
          "Arrêtez de m'envoyer des messages|fr", "Ne m'envoyez plus rien|fr", "mauvais numéro|fr",
          "Não quero receber mais|pt", "Por favor me tire da lista|pt",
          "Ich möchte mich abmelden|de", "Bitte keine SMS mehr|de",
          "Non voglio più ricevere questi messaggi|it", "Nie wysyłaj mi tego|pl", "Отпишите меня|ru"
        })
    void phrasesInOtherLanguages(String body, String language) {
      assertThat(classify(body)).extracting(Classification::intent, Classification::language)
          .containsExactly(Intent.OPT_OUT, language);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @DisplayName("reads STOP ALL and its variants as opting out of everything")
    @ValueSource(
        strings = {"STOP ALL", "stopall", "Stop-All", "STOP ALL please", "Stop all these messages",
          "unsubscribe all", "stop everything", "please stop all texts"})
    void all(String body) {
      assertThat(classify(body)).extracting(Classification::intent, Classification::language)
          .containsExactly(Intent.OPT_OUT_ALL, "en");
    }
  }

  @Nested
  @DisplayName("look-alikes")
  class LookAlikes {
    @ParameterizedTest(name = "\"{0}\" is {1}")
    @DisplayName("are never opt-outs; short mentions of a strong opt-out word are UNCLEAR")
    @CsvSource(
        delimiter = '|',
        value = {
          "when does the sale end?|OTHER",
          "Can't stop smiling, thanks!|UNCLEAR",
          "the bus stop on 5th|UNCLEAR",
          "STOPPED by the store today|OTHER",
          "I want to cancel my order #123 not the texts|UNCLEAR",
          "Is the offer ending soon|OTHER",
          "unstoppable deals!|OTHER",
          "Quite nice|OTHER",
          "endless summer|OTHER",
          "Don't stop the music|OTHER",
          "stopwatch|OTHER",
          "The end|OTHER",
          "Yes stop|UNCLEAR",
          "Help me stop|UNCLEAR",
          "Halten Sie bitte den Termin|OTHER",
          "Cancellation fee?|OTHER"
        })
    void lookAlikes(String body, Intent expected) {
      assertThat(classify(body).intent()).isEqualTo(expected);
    }

    @Test
    @DisplayName("a long message that mentions a strong word in passing is OTHER")
    void longMention() {
      assertThat(classify("we could not stop laughing at the party last night, see you on friday").intent())
          .isEqualTo(Intent.OTHER);
    }

    @Test
    @DisplayName("a long message that mentions a strong word and the messages themselves is UNCLEAR")
    void longMentionAboutMessages() {
      Classification c = classify("I would like to know whether I can cancel only the weekend sale text alerts");
      assertThat(c.intent()).isEqualTo(Intent.UNCLEAR);
      assertThat(c.language()).isEqualTo("en");
    }
  }

  @Nested
  @DisplayName("opt-in, confirm and help")
  class OtherIntents {
    @ParameterizedTest(name = "\"{0}\" opts in ({1})")
    @DisplayName("opt-in words match the whole message")
    @CsvSource(delimiter = '|', value = {"START|en", "start|en", "Unstop!|en", "ＳＴＡＲＴ|en", "NONARRET|fr"})
    void optIn(String body, String language) {
      assertThat(classify(body)).extracting(Classification::intent, Classification::language)
          .containsExactly(Intent.OPT_IN, language);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @DisplayName("opt-in and confirm words take no filler and never match inside a sentence")
    @ValueSource(
        strings = {"start now", "please START", "When does the sale start?", "yes, what time?",
          "Yes, I said that", "oui merci", "y not", "START STOP", "Y E S", "S T A R T", "YEEES"})
    void optInExactOnly(String body) {
      assertThat(classify(body).intent()).isNotIn(Intent.OPT_IN, Intent.CONFIRM);
    }

    @ParameterizedTest(name = "\"{0}\" confirms ({1})")
    @DisplayName("confirm words match the whole message")
    @CsvSource(
        delimiter = '|',
        value = {"YES|en", "y|en", "Yes!|en", "OUI|fr", "sí|es", "SI|es", "Sì|es", "ja|de", "SIM|pt",
          "tak|pl", "да|ru"})
    void confirm(String body, String language) {
      assertThat(classify(body)).extracting(Classification::intent, Classification::language)
          .containsExactly(Intent.CONFIRM, language);
    }

    @ParameterizedTest(name = "\"{0}\" asks for help ({1})")
    @DisplayName("help words match alone, with filler, or first")
    @CsvSource(
        delimiter = '|',
        value = {"HELP|en", "help please|en", "Help!|en", "INFO|en", "Help me with my order|en",
          "AIDE|fr", "aide svp|fr", "AYUDA|es", "Ayuda por favor|es", "AJUDA|pt", "Hilfe|de",
          "AIUTO|it", "POMOC|pl", "ПОМОЩЬ|ru"})
    void help(String body, String language) {
      assertThat(classify(body)).extracting(Classification::intent, Classification::language)
          .containsExactly(Intent.HELP, language);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @DisplayName("ordinary replies are OTHER with no language")
    @ValueSource(strings = {"", "   ", "👍", "Thanks!", "ok", "See you at 5", "what time do you open?", "no"})
    void other(String body) {
      assertThat(classify(body)).extracting(Classification::intent, Classification::language)
          .containsExactly(Intent.OTHER, null);
    }
  }

  @Nested
  @DisplayName("input handling")
  class Input {
    @Test
    @DisplayName("rejects a null body with InvalidInputException")
    void nullBody() {
      assertThatThrownBy(() -> CLASSIFIER.classify(null)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> KeywordClassifier.normalize(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("returns the normalised body and keeps it out of toString")
    void normalizedBody() {
      Classification c = classify("  Arrêt, s'il vous plaît!  ");
      assertThat(c.normalized()).isEqualTo("ARRET SIL VOUS PLAIT");
      assertThat(c.intent()).isEqualTo(Intent.OPT_OUT);
      assertThat(c.toString()).doesNotContain("ARRET");
    }

    @Test
    @DisplayName("only looks at the first 1600 characters of a huge message")
    void huge() {
      String filler = "la ".repeat(5_000);
      assertThat(classify("STOP " + filler).intent()).isEqualTo(Intent.OPT_OUT);
      assertThat(classify(filler + " STOP").intent()).isEqualTo(Intent.OTHER);
      assertThat(classify(filler).normalized()).hasSizeLessThanOrEqualTo(KeywordNormalizer.MAX_CHARS);
    }
  }
}
