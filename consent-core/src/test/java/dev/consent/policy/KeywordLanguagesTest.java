package dev.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.ConfigurationException;
import dev.consent.error.InvalidInputException;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The catalogues of issue 15: languages, typos, emoji, negations, names, scripts without spaces. */
@DisplayName("keyword catalogues, typos, emoji, negation and names")
class KeywordLanguagesTest {
  private static final KeywordClassifier CLASSIFIER = KeywordClassifier.defaults();
  private static final List<String> LISTS = List.of("optout", "optout.all", "optin", "confirm", "help",
      "optout.phrases", "optout.all.phrases", "optout.strong");

  private static Intent intent(String body) {
    return CLASSIFIER.classify(body).intent();
  }

  @Nested
  @DisplayName("data files")
  class Data {
    @Test
    @DisplayName("every bundled language has opt-out and help words, and every entry names a source")
    void everyEntryHasASource() {
      Properties index = KeywordResources.load("keywords", "index");
      List<String> languages = KeywordResources.list(index, "languages");

      assertThat(languages).hasSizeGreaterThanOrEqualTo(40).contains("bg", "hr", "cs", "da", "nl", "en", "et",
          "fi", "fr", "de", "el", "hu", "ga", "it", "lv", "lt", "mt", "pl", "pt", "ro", "sk", "sl", "es", "sv",
          "no", "is", "tr", "ar", "he", "hi", "ur", "bn", "ja", "zh", "ko", "id", "ms", "vi", "th", "tl", "uk");
      for (String language : languages) {
        Properties p = KeywordResources.load("keywords", language);
        assertThat(KeywordResources.list(p, "optout")).as(language).isNotEmpty();
        assertThat(KeywordResources.list(p, "help")).as(language).isNotEmpty();
        for (String list : LISTS) {
          KeywordResources.sourced(p, list).forEach(entry ->
              assertThat(entry.source()).as("%s %s %s", language, list, entry.value()).isNotBlank());
        }
      }
    }

    @Test
    @DisplayName("a tag that names no source is a broken file, refused at load")
    void unknownTag() {
      Properties p = new Properties();
      p.setProperty("optout", "HALT [nowhere]");

      assertThatThrownBy(() -> KeywordResources.sourced(p, "optout")).isInstanceOf(ConfigurationException.class);
      p.setProperty("source.nowhere", "a document");
      assertThat(KeywordResources.sourced(p, "optout"))
          .containsExactly(new KeywordResources.Sourced("HALT", "a document"));
    }
  }

  @ParameterizedTest(name = "\"{0}\" opts out in {1}")
  @DisplayName("recognises opt-outs in the new languages, scripts and directions")
  @CsvSource(delimiter = '|', value = {
      "STOPP|de", "afmelden|nl", "Avsluta|sv", "afmeld|da", "avslutt|no", "lopeta|fi", "loobu|et",
      "atrakstīties|lv", "atsisakyti|lt", "odhlásit|cs", "koniec|sk", "odjava|sl", "otkaži|hr",
      "dezabonare|ro", "leiratkozás|hu", "отписване|bg", "відписатися|uk", "ΔΙΑΓΡΑΦΗ|el", "stad|ga",
      "ieqaf|mt", "hætta|is", "İPTAL|tr", "iptal|tr", "توقف|ar", "\u200fהסר\u200f|he", "बंद करो|hi",
      "band karo|hi", "بند کرو|ur", "বন্ধ করুন|bn", "berhenti|id", "UNREG|id", "nyahlanggan|ms",
      "tigil|tl", "hủy|vi", "退订|zh", "退訂|zh", "回复TD退订|zh", "请不要再给我发短信了|zh",
      "配信停止してください|ja", "광고 문자 수신 거부합니다|ko", "หยุดส่งข้อความ|th"})
  void languages(String body, String language) {
    assertThat(CLASSIFIER.classify(body)).extracting(Classification::intent, Classification::language)
        .containsExactly(Intent.OPT_OUT, language);
  }

  @ParameterizedTest(name = "\"{0}\" is {1}")
  @DisplayName("help, who-is-this and opt-in phrasings")
  @CsvSource(delimiter = '|', value = {
      "what is this?|HELP", "who is this?|HELP", "more info please|HELP", "hulp|HELP", "wie is dit?|HELP",
      "hjälp|HELP", "帮助|HELP", "這是什麼？|HELP", "yes please|CONFIRM", "sí, por favor|CONFIRM",
      "ja gerne|CONFIRM", "opt in|OPT_IN", "subscribe|OPT_IN", "sign me up|OPT_IN",
      "lose my number|OPT_OUT", "wrong # sorry|OPT_OUT", "I revoke my consent to receive texts|OPT_OUT"})
  void phrasings(String body, Intent expected) {
    assertThat(intent(body)).isEqualTo(expected);
  }

  @Nested
  @DisplayName("typos")
  class Typos {
    @ParameterizedTest(name = "\"{0}\"")
    @DisplayName("keywords within one edit or swap, spaced, repeated or with digits and symbols opt out")
    @ValueSource(strings = {"stpo", "sotp", "Stpo please", "qiut", "quitt", "cancle", "cancell", "unsubscibe",
        "unsubcribe", "revoek", "optuot", "opt uot", "$top", "$TOP!", "5T0P", "qu1t", "3ND", "st0p", "S T O P",
        "stooop", "stoop", "СТОР", "lopteta", "afmleden"})
    void optOut(String body) {
      assertThat(intent(body)).isEqualTo(Intent.OPT_OUT);
    }

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @DisplayName("real words stay what they are; a typo near an opt-in word too is UNCLEAR; opt-in is never loosened")
    @CsvSource(delimiter = '|', value = {"step|OTHER", "shop|OTHER", "into|OTHER", "quite|OTHER", "cancer|OTHER",
        "usubscribe|UNCLEAR", "strat|OTHER", "$TART|OTHER", "y3s|OTHER", "hlep|HELP", "H3LP|HELP"})
    void ambiguous(String body, Intent expected) {
      assertThat(intent(body)).isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "\"{0}\" is {1}")
  @DisplayName("the stop sign alone opts out; other refusal gestures are UNCLEAR")
  @CsvSource(delimiter = '|', value = {"🛑|OPT_OUT", "🛑🛑🛑|OPT_OUT", " 🛑 🛑 |OPT_OUT", "🛑!|OPT_OUT",
      "✋|UNCLEAR", "🚫|UNCLEAR", "⛔|UNCLEAR", "⛔️|UNCLEAR", "👎|UNCLEAR", "👎🏽|UNCLEAR", "🙅‍♀️|UNCLEAR",
      "🛑👍|UNCLEAR", "👍|OTHER", "😂😂|OTHER"})
  void emoji(String body, Intent expected) {
    assertThat(intent(body)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "\"{0}\" is {1}")
  @DisplayName("a negated opt-out word is no opt-out; one negated by a plain 'no' is at most UNCLEAR")
  @CsvSource(delimiter = '|', value = {
      "don't stop sending me coupons|OTHER", "please never stop these texts|OTHER", "Do not stop the deals|OTHER",
      "Não pare de enviar ofertas|UNCLEAR", "no dejen de enviarme ofertas|UNCLEAR", "bitte nicht abmelden|OTHER",
      "jangan berhenti kirim promo|OTHER", "不要停止发送优惠|OTHER", "停止しないでください|OTHER",
      "อย่าหยุดส่ง|OTHER", "Don't text me|OPT_OUT", "Stop, don't text me|OPT_OUT", "never text me again|OPT_OUT",
      "Don't stop. Just kidding, stop texting me|OPT_OUT"})
  void negation(String body, Intent expected) {
    assertThat(intent(body)).isEqualTo(expected);
  }

  @Test
  @DisplayName("host brand names that contain a keyword are not read as one")
  void names() {
    KeywordClassifier classifier = KeywordClassifier.builder().ignoreNames("Stop & Shop", "End Zone").build();

    assertThat(classifier.classify("I'm at Stop & Shop now").intent()).isEqualTo(Intent.OTHER);
    assertThat(classifier.classify("Stop&Shop").intent()).isEqualTo(Intent.OTHER);
    assertThat(classifier.classify("see you at the end zone").intent()).isEqualTo(Intent.OTHER);
    assertThat(CLASSIFIER.classify("I'm at Stop & Shop now").intent()).isEqualTo(Intent.UNCLEAR);
    assertThat(classifier.classify("STOP").intent()).isEqualTo(Intent.OPT_OUT);
    assertThat(classifier.classify("Stop & Shop, stop texting me").intent()).isEqualTo(Intent.OPT_OUT);
    assertThatThrownBy(() -> KeywordClassifier.builder().ignoreNames("Stop")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> KeywordClassifier.builder().ignoreNames("opt-out")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  @DisplayName("a number sign that numbers nothing reads as NUMBER; scripts without spaces start new words")
  void normalisation() {
    assertThat(KeywordClassifier.normalize("wrong #")).isEqualTo("WRONG NUMBER");
    assertThat(KeywordClassifier.normalize("wrong # sorry")).isEqualTo("WRONG NUMBER SORRY");
    assertThat(KeywordClassifier.normalize("order #123, #stop")).isEqualTo("ORDER 123 STOP");
    assertThat(KeywordClassifier.normalize("回复TD退订")).isEqualTo("回复 TD 退订");
    assertThat(KeywordClassifier.normalize("번호 #")).isEqualTo("번호 NUMBER");
  }

  @Test
  @DisplayName("the bundled catalogues take less than 5 MB of heap")
  void heap() {
    Runtime rt = Runtime.getRuntime();
    KeywordClassifier[] kept = new KeywordClassifier[8];
    long before = used(rt);
    for (int i = 0; i < kept.length; i++) {
      kept[i] = KeywordClassifier.defaults();
    }
    long perClassifier = (used(rt) - before) / kept.length;
    System.out.printf("keyword classifier heap: %.2f MB%n", perClassifier / 1e6);

    assertThat(kept[kept.length - 1].classify("STOP").intent()).isEqualTo(Intent.OPT_OUT);
    assertThat(perClassifier).isLessThan(5_000_000);
  }

  private static long used(Runtime rt) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
