package dev.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.FrequencyCap;
import dev.consent.error.InvalidInputException;
import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JurisdictionTest {
  private final Jurisdiction base = new Jurisdiction("DE", "Germany", null, null, null, "EPR-01");

  @Test
  @DisplayName("withX methods change one rule and keep the others")
  void withers() {
    QuietHours hours = new QuietHours(LocalTime.of(9, 0), LocalTime.of(20, 0));
    Jurisdiction changed =
        base.withQuietHours(hours)
            .withCap(new FrequencyCap(2, Duration.ofDays(7)))
            .withConsentValidity(Duration.ofDays(730))
            .withSource("host memo 2026-11");
    assertThat(changed.id()).isEqualTo("DE");
    assertThat(changed.quietHours()).isEqualTo(hours);
    assertThat(changed.cap()).isEqualTo(new FrequencyCap(2, Duration.ofDays(7)));
    assertThat(changed.consentValidity()).isEqualTo(Duration.ofDays(730));
    assertThat(changed.source()).isEqualTo("host memo 2026-11");
  }

  @Test
  @DisplayName("rejects a blank id, name or source and a non-positive consent validity")
  void rejectsBadValues() {
    assertThatThrownBy(() -> new Jurisdiction(" ", "x", null, null, null, "s"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("jurisdiction.id");
    assertThatThrownBy(() -> new Jurisdiction("DE", "", null, null, null, "s"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("jurisdiction.name");
    assertThatThrownBy(() -> new Jurisdiction("DE", "x", null, null, null, " "))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("jurisdiction.source");
    assertThatThrownBy(() -> base.withConsentValidity(Duration.ofDays(-1)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("consentValidity");
  }
}
