package dev.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FrequencyCapTest {
  private final FrequencyCap cap = new FrequencyCap(3, Duration.ofHours(24));

  @Test
  @DisplayName("allows another message while fewer than max went within the window")
  void allowsUpToMax() {
    assertThat(cap.allowsAnother(2)).isTrue();
    assertThat(cap.allowsAnother(3)).isFalse();
  }

  @Test
  @DisplayName("the window ends now and starts one window length earlier")
  void windowStart() {
    assertThat(cap.windowStart(Instant.parse("2026-06-02T10:00:00Z")))
        .isEqualTo(Instant.parse("2026-06-01T10:00:00Z"));
  }

  @Test
  @DisplayName("rejects a max below one and a window that is not positive")
  void rejectsNonsense() {
    assertThatThrownBy(() -> new FrequencyCap(0, Duration.ofHours(1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("max");
    assertThatThrownBy(() -> new FrequencyCap(1, Duration.ZERO))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("window");
  }

  @Test
  @DisplayName("reads the caps a program's frequency text declares, each period at its longest calendar length")
  void declared() {
    Duration day = Duration.ofHours(25);
    Duration week = Duration.ofHours(169);
    Duration month = Duration.ofDays(31).plusHours(1);
    assertThat(FrequencyCap.declaredIn("Up to 4 msgs/month")).containsExactly(new FrequencyCap(4, month));
    assertThat(FrequencyCap.declaredIn("1 msg/week")).containsExactly(new FrequencyCap(1, week));
    assertThat(FrequencyCap.declaredIn("Max 10/mo")).containsExactly(new FrequencyCap(10, month));
    assertThat(FrequencyCap.declaredIn("2 messages per wk")).containsExactly(new FrequencyCap(2, week));
    assertThat(FrequencyCap.declaredIn("1 text a day")).containsExactly(new FrequencyCap(1, day));
    assertThat(FrequencyCap.declaredIn("3x/wk")).containsExactly(new FrequencyCap(3, week));
    assertThat(FrequencyCap.declaredIn("Recurring: 2 msgs weekly")).containsExactly(new FrequencyCap(2, week));
    assertThat(FrequencyCap.declaredIn("12 alerts every year")).containsExactly(new FrequencyCap(12, Duration.ofDays(366)));
    assertThat(FrequencyCap.declaredIn("Up to 2 msgs/day, 10 msgs/month"))
        .containsExactly(new FrequencyCap(2, day), new FrequencyCap(10, month));
  }

  @Test
  @DisplayName("declares no cap for a text without a count per period, and refuses a count of zero")
  void declaredNone() {
    assertThat(FrequencyCap.declaredIn("Msg frequency varies")).isEmpty();
    assertThat(FrequencyCap.declaredIn("Recurring automated msgs")).isEmpty();
    assertThat(FrequencyCap.declaredIn("Support 24/7, msgs vary")).as("24/7 is no period").isEmpty();
    assertThat(FrequencyCap.declaredIn("1,000 msgs/month")).as("no count read from part of a number").isEmpty();
    assertThat(FrequencyCap.declaredIn("4 msgs monthly-ish")).as("a word boundary after the period")
        .containsExactly(new FrequencyCap(4, Duration.ofDays(31).plusHours(1)));
    assertThatThrownBy(() -> FrequencyCap.declaredIn("0 msgs/month")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("0 msgs/month");
    assertThatThrownBy(() -> dev.consent.Program.of("p", "P", "+14155550100", "0 msgs/week", "help"))
        .as("a program is refused when it is built").isInstanceOf(InvalidInputException.class);
  }
}
