package dev.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.InvalidInputException;
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
}
