package dev.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.InvalidPhoneNumberException;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("PhoneNumber")
class PhoneNumberTest {
  @ParameterizedTest(name = "\"{0}\" parses to {1}")
  @CsvSource({
      "'+1 212-555-0123', +12125550123",
      "'+1 (212) 555 0123', +12125550123",
      "'+49 151 23456789', +4915123456789",
      "'+33 6 12 34 56 78', +33612345678",
      "'+44 7911 123456', +447911123456"})
  void parsesInternational(String raw, String e164) {
    assertThat(PhoneNumber.parse(raw).e164()).isEqualTo(e164);
  }

  @Test
  @DisplayName("parses a national number with a default region")
  void national() {
    PhoneNumber n = PhoneNumber.parse("0151 23456789", "DE");
    assertThat(n.e164()).isEqualTo("+4915123456789");
    assertThat(n.region()).isEqualTo("DE");
  }

  @ParameterizedTest(name = "rejects \"{0}\" with a typed error")
  @ValueSource(strings = {"", "   ", "hello", "12345", "+1 212 555", "+999 1234567", "0151 23456789",
      "+1212555012345678901234567890123456789012345678901234567890123456789"})
  void rejects(String raw) {
    assertThatThrownBy(() -> PhoneNumber.parse(raw)).isInstanceOf(InvalidPhoneNumberException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(raw.isBlank() ? "\u0000" : raw.trim()));
  }

  @Test
  @DisplayName("rejects null")
  void rejectsNull() {
    assertThatThrownBy(() -> PhoneNumber.parse(null)).isInstanceOf(InvalidPhoneNumberException.class);
  }

  @Test
  @DisplayName("ofE164 accepts only strict E.164")
  void strict() {
    assertThat(PhoneNumber.ofE164("+12125550123")).isEqualTo(PhoneNumber.parse("+1 212 555 0123"));
    assertThatThrownBy(() -> PhoneNumber.ofE164("+1 212 555 0123")).isInstanceOf(InvalidPhoneNumberException.class);
    assertThatThrownBy(() -> PhoneNumber.ofE164("12125550123")).isInstanceOf(InvalidPhoneNumberException.class);
  }

  @Test
  @DisplayName("prints masked, keeping only the last two digits")
  void masked() {
    PhoneNumber n = PhoneNumber.parse("+12125550123");
    assertThat(n.toString()).isEqualTo("**********23").doesNotContain("212555");
    assertThat(PhoneNumber.mask("SM1234567890")).endsWith("90").startsWith("**********");
    assertThat(PhoneNumber.mask("ab")).isEqualTo("ab".replaceAll(".", "*"));
  }

  @Test
  @DisplayName("knows its region and time zones, several when its area spans them")
  void zones() {
    assertThat(PhoneNumber.parse("+12125550123").zones()).containsExactly(ZoneId.of("America/New_York"));
    assertThat(PhoneNumber.parse("+16055550123").zones()).hasSize(2);
    assertThat(PhoneNumber.parse("+4915123456789").region()).isEqualTo("DE");
  }

  @Test
  @DisplayName("is equal by E.164 and sorts by it")
  void equality() {
    PhoneNumber a = PhoneNumber.parse("+1 212 555 0123");
    PhoneNumber b = PhoneNumber.parse("+12125550123");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.compareTo(PhoneNumber.parse("+4915123456789"))).isNegative();
  }

  @ParameterizedTest(name = "{0} has NANP area code {1}")
  @CsvSource({
      "'+1 305-555-0123', 305",
      "'+1 212-555-0123', 212",
      "'+1 416-555-0123', 416",
      "'+49 151 23456789', -1",
      "'+44 7911 123456', -1",
      "'+33 6 12 34 56 78', -1"})
  void nanpAreaCode(String raw, int areaCode) {
    assertThat(PhoneNumber.parse(raw).nanpAreaCode()).isEqualTo(areaCode);
  }

  @Test
  @DisplayName("equal numbers have equal hash codes, whichever way they were written")
  void hashCodeFollowsEquality() {
    PhoneNumber a = PhoneNumber.parse("+1 (212) 555 0123");
    PhoneNumber b = PhoneNumber.ofE164("+12125550123");
    PhoneNumber c = PhoneNumber.parse("212-555-0123", "US");
    assertThat(a).isEqualTo(b).isEqualTo(c).isNotSameAs(b);
    assertThat(a.hashCode()).isEqualTo(b.hashCode()).isEqualTo(c.hashCode()).isEqualTo("+12125550123".hashCode());
    assertThat(PhoneNumber.parse("+12125550124").hashCode()).isNotEqualTo(a.hashCode());
  }

  @Test
  @DisplayName("numbers of one range share one immutable zone list")
  void sharedZones() {
    PhoneNumber a = PhoneNumber.parse("+13055550123");
    PhoneNumber b = PhoneNumber.parse("+13055550188");
    assertThat(a.zones()).containsExactly(ZoneId.of("America/New_York")).isSameAs(b.zones());
    assertThatThrownBy(() -> a.zones().add(ZoneId.of("UTC"))).isInstanceOf(UnsupportedOperationException.class);
    assertThat(PhoneNumber.parse("+4915123456789").zones()).containsExactly(ZoneId.of("Europe/Berlin"));
  }
}
