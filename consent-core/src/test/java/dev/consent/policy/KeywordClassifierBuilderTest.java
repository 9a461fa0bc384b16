package dev.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.InvalidInputException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("KeywordClassifier.Builder")
class KeywordClassifierBuilderTest {
  @Test
  @DisplayName("adds host opt-out words in a language, matched like the bundled ones")
  void addOptOut() {
    KeywordClassifier classifier = KeywordClassifier.builder().addOptOut("nl", "Ophoepelen", "Wegwezen").build();

    assertThat(classifier.classify("ophoepelen dan!")).isEqualTo(new Classification(Intent.OTHER, null, "OPHOEPELEN DAN"));
    assertThat(classifier.classify("OPHOEPELEN")).extracting(Classification::intent, Classification::language)
        .containsExactly(Intent.OPT_OUT, "nl");
    assertThat(classifier.classify("wegwezen please").intent()).isEqualTo(Intent.OPT_OUT);
  }

  @Test
  @DisplayName("adds host opt-in, confirm, help and opt-out-all words")
  void addOthers() {
    KeywordClassifier classifier = KeywordClassifier.builder()
        .addOptIn("en", "JOIN")
        .addConfirm("nl", "JA GRAAG")
        .addHelp("nl", "HULP")
        .addOptOutAll("en", "NUKE IT")
        .build();

    assertThat(classifier.classify("join").intent()).isEqualTo(Intent.OPT_IN);
    assertThat(classifier.classify("Ja graag!")).extracting(Classification::intent, Classification::language)
        .containsExactly(Intent.CONFIRM, "nl");
    assertThat(classifier.classify("jagraag").intent()).isEqualTo(Intent.CONFIRM);
    assertThat(classifier.classify("hulp").language()).isEqualTo("nl");
    assertThat(classifier.classify("nuke it please").intent()).isEqualTo(Intent.OPT_OUT_ALL);
    assertThat(classifier.classify("join us at the party").intent()).isEqualTo(Intent.OTHER);
  }

  @Test
  @DisplayName("adds host opt-out phrases matched anywhere in a message")
  void addPhrases() {
    KeywordClassifier classifier =
        KeywordClassifier.builder().addOptOutPhrases("en", "GET|GO LOST|PACKING").build();

    assertThat(classifier.classify("oh just get lost you bot").intent()).isEqualTo(Intent.OPT_OUT);
    assertThat(KeywordClassifier.defaults().classify("oh just get lost you bot").intent()).isEqualTo(Intent.OTHER);
  }

  @Test
  @DisplayName("removes bundled words that are not core")
  void removeNonCore() {
    KeywordClassifier classifier = KeywordClassifier.builder().remove("alto").remove("wrong number").build();

    assertThat(classifier.classify("ALTO").intent()).isEqualTo(Intent.OTHER);
    assertThat(classifier.classify("wrong number").intent()).isEqualTo(Intent.OTHER);
    assertThat(classifier.classify("BAJA").intent()).isEqualTo(Intent.OPT_OUT);
    assertThat(KeywordClassifier.defaults().classify("ALTO").intent()).isEqualTo(Intent.OPT_OUT);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @DisplayName("refuses to remove an FCC or CTIA core word in any spelling")
  @ValueSource(
      strings = {"STOP", "stop", "Stop!", "STOPALL", "stop all", "UNSUBSCRIBE", "CANCEL", "END", "QUIT",
        "REVOKE", "opt out", "opt-out", "OPTOUT", "HELP", "INFO", "START", "UNSTOP", "YES", "ＳＴＯＰ"})
  void coreNotRemovable(String word) {
    KeywordClassifier.Builder builder = KeywordClassifier.builder();

    assertThatThrownBy(() -> builder.remove(word))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("core");
    assertThat(builder.build().classify("STOP").intent()).isEqualTo(Intent.OPT_OUT);
  }

  @Test
  @DisplayName("refuses to give a core word or an existing keyword another meaning")
  void noReassignment() {
    KeywordClassifier.Builder builder = KeywordClassifier.builder();

    assertThatThrownBy(() -> builder.addOptIn("en", "STOP")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> builder.addConfirm("en", "opt-out")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> builder.addOptIn("es", "BAJA")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> builder.addOptIn("es", "NOMAS")).isInstanceOf(InvalidInputException.class);
    assertThat(builder.remove("BAJA").addOptIn("es", "BAJA").build().classify("baja").intent())
        .isEqualTo(Intent.OPT_IN);
  }

  @Test
  @DisplayName("keeps the language of a core word re-added with the same meaning")
  void coreReAdded() {
    KeywordClassifier classifier = KeywordClassifier.builder().addOptOut("es", "STOP").build();

    assertThat(classifier.classify("STOP").language()).isEqualTo("en");
  }

  @Test
  @DisplayName("rejects bad languages, words and patterns without echoing them")
  void badInput() {
    KeywordClassifier.Builder builder = KeywordClassifier.builder();

    assertThatThrownBy(() -> builder.addOptOut("not a tag", "X")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> builder.addOptOut(" ", "X")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> builder.addOptOut("en", "!!!")).isInstanceOf(InvalidInputException.class)
        .hasMessageNotContaining("!!!");
    assertThatThrownBy(() -> builder.addOptOut("en", (String) null)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> builder.addOptOutPhrases("en", "GO||AWAY")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> builder.remove(null)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  @DisplayName("builds independent classifiers: later changes do not leak into earlier ones")
  void independentBuilds() {
    KeywordClassifier.Builder builder = KeywordClassifier.builder();
    KeywordClassifier before = builder.build();

    KeywordClassifier after = builder.addOptOut("en", "BEGONE").build();

    assertThat(before.classify("BEGONE").intent()).isEqualTo(Intent.OTHER);
    assertThat(after.classify("BEGONE").intent()).isEqualTo(Intent.OPT_OUT);
  }
}
