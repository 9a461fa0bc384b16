package dev.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.StringLength;

@Label("KeywordClassifier properties")
class KeywordPropertiesTest {
  private static final KeywordClassifier CLASSIFIER = KeywordClassifier.defaults();

  private static final List<String> NOISE =
      List.of("\u0000", "\ud800", "\udfff", "\u200f", "\u200e", "\u202e", "\u2066", "\u200b", "\ufeff",
          "🛑", "👍🏽", "👨‍👩‍👧", "🇺🇸", "❤️", "ＳＴＯＰ", "stop", "START", "arrêt", "ı", "ß", "\ufdfa",
          "\u0301", "\u0bca", "한국", "\t", "\n", " ", "!", "'", "-", "Ⅻ", "①");
  private static final List<String> DECORATIONS =
      List.of("!", "?", ".", ",", "...", "…", "!!!", "¡", "¿", "\"", "'", "(", ")", "*", "~", "-", ":",
          "🛑", "✋", "😡", "🙏", "👍🏽", "❤️", "👨‍👩‍👧", "🇺🇸", " ", "\t", "\n", "\u00a0", "\u3000",
          "\u200b", "\u200e", "\u200f", "\u202e", "\ufeff", "！", "。", "「", "」");
  private static final List<String> FILLER = List.of("please", "PLS", "now", "Thanks", "thank you", "ok");

  @Property(tries = 300)
  @Label("classify never throws, always terminates quickly and names a language exactly when something matched")
  void classifyIsTotal(@ForAll("messy") String body) {
    long start = System.nanoTime();
    Classification c = CLASSIFIER.classify(body);
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(millis).isLessThan(250);
    assertThat(c.language() == null).isEqualTo(c.intent() == Intent.OTHER);
    assertThat(c.normalized()).hasSizeLessThanOrEqualTo(KeywordNormalizer.MAX_CHARS);
  }

  @Property(tries = 150)
  @Label("classify never throws on any string jqwik can make, up to 10,000 characters")
  void classifyAnyString(@ForAll @StringLength(max = 10_000) String body) {
    assertThat(CLASSIFIER.classify(body)).isNotNull();
  }

  @Property(tries = 300)
  @Label("normalize is idempotent")
  void normalizeIsIdempotent(@ForAll("messy") String body) {
    String once = KeywordClassifier.normalize(body);
    assertThat(KeywordClassifier.normalize(once)).isEqualTo(once);
  }

  @Property
  @Label("normalize is idempotent on arbitrary strings")
  void normalizeIsIdempotentOnAnything(@ForAll @StringLength(max = 2_000) String body) {
    String once = KeywordClassifier.normalize(body);
    assertThat(KeywordClassifier.normalize(once)).isEqualTo(once);
  }

  @Property
  @Label("a core opt-out word in any case, width, spacing and decoration is always an opt-out")
  void decoratedCoreWord(@ForAll("decoratedCore") Decorated message) {
    assertThat(CLASSIFIER.classify(message.body()).intent()).isEqualTo(message.expected());
  }

  @Property(tries = 500)
  @Label("opt-in and confirm words inside a longer message never opt in or confirm")
  void embeddedOptIn(@ForAll("embeddedOptIn") String body) {
    assertThat(CLASSIFIER.classify(body).intent()).isNotIn(Intent.OPT_IN, Intent.CONFIRM);
  }

  record Decorated(String body, Intent expected) {}

  @Provide
  Arbitrary<String> messy() {
    Arbitrary<String> piece = Arbitraries.oneOf(
        Arbitraries.of(NOISE), Arbitraries.strings().ofMaxLength(20), Arbitraries.strings().all().ofMaxLength(5));
    Arbitrary<String> small = piece.list().ofMaxSize(30).map(l -> String.join("", l));
    Arbitrary<String> huge = piece.list().ofMinSize(200).ofMaxSize(600).map(l -> String.join("", l));
    return Arbitraries.frequencyOf(Tuple.of(9, small), Tuple.of(1, huge));
  }

  @Provide
  Arbitrary<Decorated> decoratedCore() {
    Arbitrary<List<String>> word = Arbitraries.of(
        List.of("STOP"), List.of("UNSUBSCRIBE"), List.of("CANCEL"), List.of("END"), List.of("QUIT"),
        List.of("REVOKE"), List.of("OPT", "OUT"), List.of("STOP", "ALL"));
    Arbitrary<String> separator = Arbitraries.of("", " ", "-", "_", "  ", "\t", "\u3000", "\u00a0");
    Arbitrary<String> around = Arbitraries.of(DECORATIONS).list().ofMaxSize(4).map(l -> String.join("", l));
    Arbitrary<String> filler = Arbitraries.of(FILLER).injectNull(0.7);
    return Combinators.combine(word, separator, around, around, filler, Arbitraries.randoms())
        .as((w, sep, before, after, polite, random) -> {
          String text = disguise(String.join(sep, w), random);
          String body = before + text + after + (polite == null ? "" : " " + polite);
          return new Decorated(body, w.contains("ALL") ? Intent.OPT_OUT_ALL : Intent.OPT_OUT);
        });
  }

  @Provide
  Arbitrary<String> embeddedOptIn() {
    Arbitrary<String> keyword = Arbitraries.of("START", "unstop", "NONARRET", "yes", "Y", "oui", "sí", "JA", "SIM", "tak", "да");
    Arbitrary<List<String>> words =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8).list().ofMinSize(1).ofMaxSize(6);
    return Combinators.combine(keyword, words, Arbitraries.integers().between(0, 6))
        .as((k, w, at) -> {
          List<String> all = new ArrayList<>(w);
          all.add(Math.min(at, all.size()), k);
          return String.join(" ", all);
        });
  }

  /** Random case, full-width letters and zero-width characters, letter by letter. */
  private static String disguise(String word, Random random) {
    StringBuilder sb = new StringBuilder();
    for (char c : word.toCharArray()) {
      char letter = random.nextBoolean() ? Character.toLowerCase(c) : c;
      if (Character.isLetter(letter) && random.nextInt(4) == 0) {
        letter = (char) (letter + 0xFEE0);
      }
      sb.append(letter);
      if (random.nextInt(8) == 0) {
        sb.append(random.nextBoolean() ? '\u200b' : '\u200d');
      }
    }
    return sb.toString();
  }
}
