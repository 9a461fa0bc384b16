package dev.consent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.InvalidInputException;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Checks")
class ChecksTest {

  @ParameterizedTest(name = "rejects id \"{0}\"")
  @ValueSource(strings = {"", " ", "a b", "-start", "tab\there", "ü", "a\u0000"})
  void rejectsBadIds(String bad) {
    // asked twice: a rejected id must not be remembered as checked
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> Checks.id(bad, "purpose id")).isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("purpose id ");
    }
  }

  @Test
  @DisplayName("a missing or blank id is 'required'")
  void required() {
    assertThatThrownBy(() -> Checks.id(null, "tenant")).hasMessage("tenant is required");
    assertThatThrownBy(() -> Checks.id("", "tenant")).hasMessage("tenant is required");
    assertThatThrownBy(() -> Checks.id("   ", "tenant")).hasMessage("tenant is required");
  }

  @Test
  @DisplayName("a string remembered as a valid id never lets an invalid one through in its slot")
  void rememberedIdsAreByIdentity() {
    String valid = "marketing";
    assertThat(Checks.id(valid, "purpose id")).isSameAs(valid);
    assertThat(Checks.id(valid, "purpose id")).isSameAs(valid);
    assertThat(Checks.id(new String("marketing"), "purpose id")).isEqualTo(valid);
    // an invalid string that falls into the same slot of the remembered ids
    String bad = null;
    for (int i = 0; bad == null; i++) {
      String candidate = "bad id " + i;
      if ((candidate.hashCode() & 63) == (valid.hashCode() & 63)) {
        bad = candidate;
      }
    }
    String collides = bad;
    assertThatThrownBy(() -> Checks.id(collides, "purpose id")).isInstanceOf(InvalidInputException.class);
    assertThat(Checks.id("x".repeat(128), "id")).hasSize(128);
    assertThatThrownBy(() -> Checks.id("x".repeat(129), "id")).isInstanceOf(InvalidInputException.class);
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
