package dev.consent.internal.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.InvalidInputException;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Checks")
class ChecksTest {

  @ParameterizedTest(name = "rejects id \"{0}\"")
  @ValueSource(strings = {" ", "a b", "-start", "tab\there", "ü", "a\u0000"})
  void rejectsBadIds(String bad) {
    assertThatThrownBy(() -> Checks.id(bad, "purpose id")).isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("purpose id ");
  }

  @Test
  @DisplayName("a missing or blank id is 'required'")
  void required() {
    assertThatThrownBy(() -> Checks.id(null, "tenant")).hasMessage("tenant is required");
    assertThatThrownBy(() -> Checks.id("", "tenant")).hasMessage("tenant is required");
    assertThatThrownBy(() -> Checks.id("   ", "tenant")).hasMessage("tenant is required");
  }

  @Test
  @DisplayName("an id is at most 128 characters, and the refusal names the rule, not the value")
  void length() {
    String longest = "x".repeat(128);
    assertThat(Checks.id(longest, "id")).isSameAs(longest);
    assertThatThrownBy(() -> Checks.id("x".repeat(129), "purpose id")).isInstanceOf(InvalidInputException.class)
        .hasMessage("purpose id " + Checks.ID_RULE);
  }

  @Test
  @DisplayName("micros cuts sub-microsecond digits and keeps whole microseconds as they are")
  void micros() {
    Instant whole = Instant.parse("2026-03-08T07:00:00.123456Z");
    assertThat(Checks.micros(whole, "at")).isSameAs(whole);
    assertThat(Checks.micros(Instant.parse("2026-03-08T07:00:00.123456789Z"), "at")).isEqualTo(whole);
    assertThat(Checks.micros(Instant.parse("1969-12-31T23:59:59.999999999Z"), "at"))
        .isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
    assertThat(Checks.optionalMicros(null)).isNull();
    assertThatThrownBy(() -> Checks.micros(null, "at")).hasMessage("at is required");
  }
}
