package dev.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.FrequencyCap;
import dev.consent.PhoneNumber;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PolicyBookTest {
  private static final PolicyBook BOOK = PolicyBook.defaults();
  private static final QuietHours EIGHT_TO_EIGHT = new QuietHours(LocalTime.of(8, 0), LocalTime.of(20, 0));
  private static final QuietHours EIGHT_TO_NINE = new QuietHours(LocalTime.of(8, 0), LocalTime.of(21, 0));
  private static final FrequencyCap THREE_A_DAY = new FrequencyCap(3, Duration.ofHours(24));

  private static Jurisdiction of(String number) {
    return BOOK.jurisdictionFor(PhoneNumber.parse(number));
  }

  @Test
  @DisplayName("the bundled rules carry a version")
  void version() {
    assertThat(BOOK.version()).isEqualTo("2026-12-4");
    assertThat(BOOK.toString()).contains("2026-12-4");
  }

  @Nested
  @DisplayName("A US number")
  class UnitedStates {
    @Test
    @DisplayName("with a Florida area code is US-FL: 08:00-20:00 and at most 3 per 24 h")
    void florida() {
      Jurisdiction j = of("+1 305-555-0123");
      assertThat(j.id()).isEqualTo("US-FL");
      assertThat(j.quietHours()).isEqualTo(EIGHT_TO_EIGHT);
      assertThat(j.cap()).isEqualTo(THREE_A_DAY);
      assertThat(j.source()).startsWith("ST-01: ").contains("501.616");
    }

    @Test
    @DisplayName("with an Oklahoma area code is US-OK with the same rules")
    void oklahoma() {
      Jurisdiction j = of("+1 405-555-0123");
      assertThat(j.id()).isEqualTo("US-OK");
      assertThat(j.quietHours()).isEqualTo(EIGHT_TO_EIGHT);
      assertThat(j.cap()).isEqualTo(THREE_A_DAY);
      assertThat(j.source()).contains("HB 3168");
    }

    @Test
    @DisplayName("with a Maryland area code is US-MD with the same rules")
    void maryland() {
      Jurisdiction j = of("+1 410-555-0123");
      assertThat(j.id()).isEqualTo("US-MD");
      assertThat(j.quietHours()).isEqualTo(EIGHT_TO_EIGHT);
      assertThat(j.cap()).isEqualTo(THREE_A_DAY);
      assertThat(j.source()).contains("SB 90");
    }

    @Test
    @DisplayName("with any other area code is US: 08:00-21:00 and no cap")
    void federal() {
      Jurisdiction j = of("+1 212-555-0123");
      assertThat(j.id()).isEqualTo("US");
      assertThat(j.quietHours()).isEqualTo(EIGHT_TO_NINE);
      assertThat(j.cap()).isNull();
      assertThat(j.source()).contains("64.1200(c)(1)");
    }

    @Test
    @DisplayName("from a territory with its own region code keeps the federal window")
    void territory() {
      assertThat(of("+1 787-555-0123").id()).isEqualTo("US-PR");
      assertThat(of("+1 787-555-0123").quietHours()).isEqualTo(EIGHT_TO_NINE);
    }

    @Test
    @DisplayName("is placed in a state the host declares by looking the state up")
    void declaredState() {
      assertThat(BOOK.jurisdiction("US-MD")).map(Jurisdiction::name).contains("Maryland");
      assertThat(BOOK.jurisdiction("US-TX")).map(Jurisdiction::name).contains("Texas");
      assertThat(BOOK.jurisdiction("US-NY")).isEmpty();
    }
  }

  @Nested
  @DisplayName("A number outside the US")
  class Elsewhere {
    @Test
    @DisplayName("from Germany has no quiet hours, cap or consent validity")
    void germany() {
      Jurisdiction j = of("+49 151 23456789");
      assertThat(j.id()).isEqualTo("DE");
      assertThat(j.quietHours()).isNull();
      assertThat(j.cap()).isNull();
      assertThat(j.consentValidity()).isNull();
      assertThat(BOOK.nextAllowed(j, BOOK.zonesFor(PhoneNumber.parse("+4915123456789"), null),
          Instant.parse("2026-06-01T02:00:00Z"))).isEmpty();
    }

    @Test
    @DisplayName("from the UK, Canada, Australia, Brazil or India has its own rules and no quiet hours")
    void others() {
      assertThat(of("+44 7400 123456").id()).isEqualTo("GB");
      assertThat(of("+1 416-555-0123").id()).isEqualTo("CA");
      assertThat(of("+61 412 345 678").id()).isEqualTo("AU");
      assertThat(of("+55 11 98765-4321").id()).isEqualTo("BR");
      assertThat(of("+91 98765 43210").id()).isEqualTo("IN");
      assertThat(List.of("GB", "CA", "AU", "BR", "IN"))
          .allSatisfy(id -> assertThat(BOOK.jurisdiction(id).orElseThrow().quietHours()).isNull());
    }

    @Test
    @DisplayName("from a French overseas region follows France")
    void overseas() {
      assertThat(of("+262 692 12 34 56").id()).isEqualTo("FR");
    }

    @Test
    @DisplayName("that no entry names falls to the default ZZ, without quiet hours")
    void fallback() {
      Jurisdiction j = of("+800 1234 5678");
      assertThat(j.id()).isEqualTo("ZZ");
      assertThat(j.quietHours()).isNull();
    }

    @Test
    @DisplayName("is not governed by a disabled, unsourced entry")
    void disabledEntries() {
      assertThat(BOOK.jurisdiction("IN-TRAI")).isEmpty();
    }

    @Test
    @DisplayName("every EU and EEA state and the UK has an entry")
    void europe() {
      Set<String> ids = Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR",
          "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS",
          "LI", "NO", "GB");
      assertThat(BOOK.jurisdictions()).extracting(Jurisdiction::id).containsAll(ids);
    }
  }

  @Nested
  @DisplayName("Zones for a number")
  class Zones {
    @Test
    @DisplayName("are the declared zone when the host gives one, whatever the number says")
    void declared() {
      PhoneNumber florida = PhoneNumber.parse("+13055550123");
      ZoneId berlin = ZoneId.of("Europe/Berlin");
      assertThat(BOOK.zonesFor(florida, berlin)).containsExactly(berlin);
      Instant sevenAmInMiami = ZonedDateTime.parse("2026-06-01T07:00-04:00[America/New_York]").toInstant();
      assertThat(BOOK.nextAllowed(of("+13055550123"), BOOK.zonesFor(florida, berlin), sevenAmInMiami))
          .isEmpty();
    }

    @Test
    @DisplayName("are the number's own zones when nothing is declared")
    void fromTheNumber() {
      assertThat(BOOK.zonesFor(PhoneNumber.parse("+13055550123"), null))
          .containsExactly(ZoneId.of("America/New_York"));
    }

    @Test
    @DisplayName("are every UTC offset when nothing is known and quiet hours apply, so nothing goes")
    void failClosed() {
      PhoneNumber global = PhoneNumber.parse("+80012345678");
      PolicyBook strict = BOOK.with(BOOK.jurisdiction("ZZ").orElseThrow().withQuietHours(EIGHT_TO_NINE));
      List<ZoneId> zones = strict.zonesFor(global, null);
      assertThat(zones).hasSize(27);
      assertThat(strict.nextAllowed(strict.jurisdictionFor(global), zones, Instant.parse("2026-06-01T12:00:00Z")))
          .contains(Instant.MAX);
    }

    @Test
    @DisplayName("are empty for a number of unknown zone where no quiet hours apply")
    void emptyWithoutQuietHours() {
      assertThat(BOOK.zonesFor(PhoneNumber.parse("+80012345678"), null)).isEmpty();
    }
  }

  @Nested
  @DisplayName("A number whose range spans two zones")
  class SpanningZones {
    private final PhoneNumber reno = PhoneNumber.parse("+17755550123");
    private final List<ZoneId> zones = BOOK.zonesFor(reno, null);
    private final Jurisdiction j = BOOK.jurisdictionFor(reno);

    @Test
    @DisplayName("is checked in both of them (libphonenumber maps 775 to Pacific and Mountain time)")
    void bothZones() {
      assertThat(zones).containsExactlyInAnyOrder(ZoneId.of("America/Los_Angeles"), ZoneId.of("America/Boise"));
      assertThat(j.id()).isEqualTo("US");
    }

    @Test
    @DisplayName("waits at 07:30 Mountain (06:30 Pacific) until 08:00 Pacific, when both windows are open")
    void opensWithTheLaterZone() {
      Instant now = Instant.parse("2026-06-01T13:30:00Z");
      assertThat(BOOK.nextAllowed(j, zones, now)).contains(Instant.parse("2026-06-01T15:00:00Z"));
    }

    @Test
    @DisplayName("is denied at 21:00 Mountain though it is only 20:00 Pacific, until 08:00 Pacific")
    void closesWithTheEarlierZone() {
      Instant now = Instant.parse("2026-06-02T03:00:00Z");
      assertThat(BOOK.nextAllowed(j, List.of(ZoneId.of("America/Los_Angeles")), now)).isEmpty();
      assertThat(BOOK.nextAllowed(j, zones, now)).contains(Instant.parse("2026-06-02T15:00:00Z"));
    }

    @Test
    @DisplayName("is allowed at 20:59 Mountain")
    void openInBoth() {
      assertThat(BOOK.nextAllowed(j, zones, Instant.parse("2026-06-02T02:59:00Z"))).isEmpty();
    }
  }

  @Nested
  @DisplayName("A host override")
  class Overrides {
    @Test
    @DisplayName("with an existing id replaces the bundled rule and keeps the numbers it applies to")
    void replaces() {
      Jurisdiction strict = BOOK.jurisdiction("US-FL").orElseThrow()
          .withQuietHours(new QuietHours(LocalTime.of(9, 0), LocalTime.of(18, 0)))
          .withSource("host counsel memo");
      PolicyBook book = BOOK.with(strict);
      assertThat(book.jurisdictionFor(PhoneNumber.parse("+13055550123"))).isEqualTo(strict);
      assertThat(BOOK.jurisdictionFor(PhoneNumber.parse("+13055550123")).quietHours()).isEqualTo(EIGHT_TO_EIGHT);
      assertThat(book.version()).isEqualTo(BOOK.version());
    }

    @Test
    @DisplayName("gives a German rule quiet hours that then apply to German numbers")
    void configuresEurope() {
      Jurisdiction de = BOOK.jurisdiction("DE").orElseThrow().withQuietHours(EIGHT_TO_EIGHT);
      PolicyBook book = BOOK.with(de);
      PhoneNumber n = PhoneNumber.parse("+4915123456789");
      assertThat(book.nextAllowed(book.jurisdictionFor(n), book.zonesFor(n, null),
          Instant.parse("2026-06-01T03:00:00Z"))).contains(Instant.parse("2026-06-01T06:00:00Z"));
    }

    @Test
    @DisplayName("with a new two-letter id applies to that region")
    void addsRegion() {
      Jurisdiction ch = new Jurisdiction("CH", "Switzerland", EIGHT_TO_NINE, null, null, "host");
      assertThat(BOOK.with(ch).jurisdictionFor(PhoneNumber.parse("+41791234567"))).isEqualTo(ch);
      assertThat(of("+41791234567").id()).isEqualTo("ZZ");
    }

    @Test
    @DisplayName("with area codes takes them over from the bundled entry")
    void addsAreaCodes() {
      Jurisdiction tx = new Jurisdiction("US-TX", "Texas", EIGHT_TO_NINE, THREE_A_DAY, null, "host");
      PolicyBook book = BOOK.with(tx, List.of(), List.of("512", "214"));
      assertThat(book.jurisdictionFor(PhoneNumber.parse("+15125550123"))).isEqualTo(tx);
      assertThat(book.jurisdictionFor(PhoneNumber.parse("+12125550123")).id()).isEqualTo("US");
      assertThat(book.jurisdiction("US-TX")).contains(tx);
    }
  }
}
