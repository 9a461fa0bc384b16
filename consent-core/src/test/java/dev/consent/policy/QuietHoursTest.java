package dev.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.InvalidInputException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class QuietHoursTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final PolicyBook BOOK = PolicyBook.defaults();
  private static final Jurisdiction FEDERAL = BOOK.jurisdiction("US").orElseThrow();
  private static final Jurisdiction FLORIDA = BOOK.jurisdiction("US-FL").orElseThrow();

  private static Optional<Instant> next(Jurisdiction j, String instant) {
    return BOOK.nextAllowed(j, List.of(NEW_YORK), Instant.parse(instant));
  }

  private static QuietHours window(String start, String end) {
    return new QuietHours(LocalTime.parse(start), LocalTime.parse(end));
  }

  @Nested
  @DisplayName("A window")
  class Window {
    @Test
    @DisplayName("includes its start and excludes its end")
    void halfOpen() {
      QuietHours h = window("08:00", "21:00");
      assertThat(h.allows(LocalTime.of(7, 59, 59))).isFalse();
      assertThat(h.allows(LocalTime.of(8, 0))).isTrue();
      assertThat(h.allows(LocalTime.of(20, 59, 59))).isTrue();
      assertThat(h.allows(LocalTime.of(21, 0))).isFalse();
    }

    @Test
    @DisplayName("whose start is after its end runs over midnight")
    void overMidnight() {
      QuietHours h = window("22:00", "06:00");
      assertThat(h.allows(LocalTime.of(23, 0))).isTrue();
      assertThat(h.allows(LocalTime.MIDNIGHT)).isTrue();
      assertThat(h.allows(LocalTime.of(6, 0))).isFalse();
      assertThat(h.allows(LocalTime.NOON)).isFalse();
    }

    @Test
    @DisplayName("with equal start and end is rejected as ambiguous")
    void emptyRejected() {
      assertThatThrownBy(() -> window("08:00", "08:00"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("quietHours.start");
    }
  }

  @Nested
  @DisplayName("On the spring-forward day in New York (2026-03-08)")
  class SpringForward {
    @Test
    @DisplayName("07:59 EDT is denied and the next allowed instant is 08:00 EDT that day")
    void beforeOpening() {
      assertThat(next(FEDERAL, "2026-03-08T11:59:00Z")).contains(Instant.parse("2026-03-08T12:00:00Z"));
    }

    @Test
    @DisplayName("01:30 EST, before the shift, waits until 08:00 EDT: five and a half hours, not six and a half")
    void acrossTheShift() {
      assertThat(next(FEDERAL, "2026-03-08T06:30:00Z")).contains(Instant.parse("2026-03-08T12:00:00Z"));
    }

    @Test
    @DisplayName("21:00 EST the evening before waits until 08:00 EDT: ten hours")
    void eveningBefore() {
      assertThat(next(FEDERAL, "2026-03-08T02:00:00Z")).contains(Instant.parse("2026-03-08T12:00:00Z"));
    }

    @Test
    @DisplayName("20:59 EDT is allowed under the federal window")
    void lastMinute() {
      assertThat(next(FEDERAL, "2026-03-09T00:59:00Z")).isEmpty();
    }

    @Test
    @DisplayName("21:00 EDT is denied until 08:00 EDT the next day")
    void closing() {
      assertThat(next(FEDERAL, "2026-03-09T01:00:00Z")).contains(Instant.parse("2026-03-09T12:00:00Z"));
    }

    @Test
    @DisplayName("20:00 EDT is denied in Florida until 08:00 EDT the next day")
    void floridaClosesAtEight() {
      assertThat(next(FLORIDA, "2026-03-08T23:59:00Z")).isEmpty();
      assertThat(next(FLORIDA, "2026-03-09T00:00:00Z")).contains(Instant.parse("2026-03-09T12:00:00Z"));
    }

    @Test
    @DisplayName("a window starting inside the skipped hour opens at the shift itself (03:00 EDT)")
    void startInGap() {
      Jurisdiction j = FEDERAL.withQuietHours(window("02:30", "10:00"));
      assertThat(next(j, "2026-03-08T06:59:00Z")).contains(Instant.parse("2026-03-08T07:00:00Z"));
    }
  }

  @Nested
  @DisplayName("On the fall-back day in New York (2026-11-01)")
  class FallBack {
    @Test
    @DisplayName("07:59 EST is denied and the next allowed instant is 08:00 EST that day")
    void beforeOpening() {
      assertThat(next(FEDERAL, "2026-11-01T12:59:00Z")).contains(Instant.parse("2026-11-01T13:00:00Z"));
    }

    @Test
    @DisplayName("21:00 EDT the evening before waits until 08:00 EST: twelve hours")
    void eveningBefore() {
      assertThat(next(FEDERAL, "2026-11-01T01:00:00Z")).contains(Instant.parse("2026-11-01T13:00:00Z"));
    }

    @Test
    @DisplayName("01:30 happens twice, and both times wait until 08:00 EST")
    void repeatedHour() {
      assertThat(next(FEDERAL, "2026-11-01T05:30:00Z")).contains(Instant.parse("2026-11-01T13:00:00Z"));
      assertThat(next(FEDERAL, "2026-11-01T06:30:00Z")).contains(Instant.parse("2026-11-01T13:00:00Z"));
    }

    @Test
    @DisplayName("20:59 EST is allowed and 21:00 EST is denied until 08:00 EST the next day")
    void closing() {
      assertThat(next(FEDERAL, "2026-11-02T01:59:00Z")).isEmpty();
      assertThat(next(FEDERAL, "2026-11-02T02:00:00Z")).contains(Instant.parse("2026-11-02T13:00:00Z"));
    }

    @Test
    @DisplayName("a window starting in the repeated hour closes when the clock falls back, then opens again")
    void startInRepeatedHour() {
      Jurisdiction j = FEDERAL.withQuietHours(window("01:30", "05:00"));
      assertThat(next(j, "2026-11-01T05:00:00Z")).contains(Instant.parse("2026-11-01T05:30:00Z"));
      assertThat(next(j, "2026-11-01T05:45:00Z")).isEmpty();
      assertThat(next(j, "2026-11-01T06:00:00Z")).contains(Instant.parse("2026-11-01T06:30:00Z"));
    }
  }

  @Nested
  @DisplayName("Across several zones")
  class SeveralZones {
    @Test
    @DisplayName("twelve-hour windows twelve hours apart never overlap: Instant.MAX")
    void never() {
      List<ZoneId> zones = List.of(ZoneId.of("Asia/Dhaka"), ZoneId.of("America/Regina"));
      assertThat(BOOK.nextAllowed(FLORIDA, zones, Instant.parse("2026-06-01T00:00:00Z")))
          .contains(Instant.MAX);
    }

    @Test
    @DisplayName("no quiet hours means a message may always go")
    void noQuietHours() {
      Jurisdiction germany = BOOK.jurisdiction("DE").orElseThrow();
      assertThat(BOOK.nextAllowed(germany, List.of(), Instant.parse("2026-06-01T03:00:00Z"))).isEmpty();
    }

    @Test
    @DisplayName("an empty zone list with quiet hours is misuse, not a pass")
    void emptyZones() {
      assertThatThrownBy(() -> BOOK.nextAllowed(FEDERAL, List.of(), Instant.EPOCH))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("zones");
    }
  }
}
