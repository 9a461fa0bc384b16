package dev.consent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentId;
import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * {@link Checks#id} is the hand-written form of {@link ConsentId}'s pattern, kept for the gate's hot
 * path: these properties hold the two to the same answer on every string.
 */
@Label("Checks.id and @ConsentId")
class IdRulePropertiesTest {
  private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
      .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();
  private static final String ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final String SYMBOLS = "._:@/+-";
  /** The rest of ASCII's printable characters, and some controls. */
  private static final String OTHER_ASCII = " !\"#$%&'()*,;<=>?[\\]^`{|}~\t\n\r\u0000\u001f\u007f";
  /** Letters and digits outside ASCII, look-alikes, invisible marks and both halves of a surrogate pair. */
  private static final String NON_ASCII = "éüßıİЖжα١٢２ｚ\u00a0\u200b\u200e\ufeff\u2215\uff0e\ud83d\ude00\u0301";

  record Holder(@ConsentId String id) {}

  @Property(tries = 3000)
  @Label("Checks.id accepts exactly the strings @ConsentId accepts")
  void sameAnswers(@ForAll("candidates") String s) {
    boolean constraint = VALIDATOR.validate(new Holder(s)).isEmpty();
    Statistics.label("accepted").collect(constraint).coverage(c -> {
      c.check(true).percentage(p -> p > 20);
      c.check(false).percentage(p -> p > 20);
    });
    Statistics.label("length").collect(s.length() < 127 ? "0-126" : s.length() <= 128 ? "127-128" : "129 and more")
        .coverage(c -> c.check("127-128").count(n -> n > 40));
    assertThat(checksAccepts(s)).as("Checks.id on a string @ConsentId %s", constraint ? "accepts" : "refuses")
        .isEqualTo(constraint);
  }

  @Example
  @Label("both refuse a bad id in the same words")
  void sameMessage() throws NoSuchMethodException {
    assertThat(ConsentId.class.getMethod("message").getDefaultValue()).isEqualTo(Checks.ID_RULE);
    assertThat(VALIDATOR.validate(new Holder("-x"))).singleElement()
        .satisfies(v -> assertThat(v.getMessage()).isEqualTo(Checks.ID_RULE));
  }

  /** Strings of every length from 0 to 140 over a mixed alphabet, most of them close to being ids. */
  @Provide
  Arbitrary<String> candidates() {
    Arbitrary<String> idChars = over(ALNUM + SYMBOLS);
    Arbitrary<String> corrupted = Combinators.combine(idChars, Arbitraries.strings().withChars(OTHER_ASCII + NON_ASCII)
            .ofMinLength(1).ofMaxLength(2), Arbitraries.integers().between(0, 140))
        .as((s, bad, at) -> s.substring(0, Math.min(at, s.length())) + bad + s.substring(Math.min(at, s.length())));
    Arbitrary<String> mixed = over(ALNUM + SYMBOLS + OTHER_ASCII + NON_ASCII);
    Arbitrary<String> startsWell = Combinators.combine(Arbitraries.of(ALNUM.toCharArray()), idChars)
        .as((first, rest) -> first + rest);
    Arbitrary<String> nearTheLimit = Combinators.combine(Arbitraries.of(ALNUM.toCharArray()),
            Arbitraries.integers().between(125, 130).flatMap(n -> Arbitraries.strings().withChars(ALNUM + SYMBOLS).ofLength(n)))
        .as((first, rest) -> first + rest);
    return Arbitraries.frequencyOf(Tuple.of(4, startsWell), Tuple.of(2, idChars), Tuple.of(2, corrupted),
        Tuple.of(1, mixed), Tuple.of(1, nearTheLimit));
  }

  private static Arbitrary<String> over(String alphabet) {
    return Arbitraries.integers().between(0, 140).withDistribution(RandomDistribution.uniform())
        .flatMap(n -> Arbitraries.strings().withChars(alphabet).ofLength(n));
  }

  private static boolean checksAccepts(String s) {
    try {
      Checks.id(s, "id");
      return true;
    } catch (InvalidInputException e) {
      return false;
    }
  }
}
