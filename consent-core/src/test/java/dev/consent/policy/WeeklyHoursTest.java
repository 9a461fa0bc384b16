package dev.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.PhoneNumber;
import dev.consent.error.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Sending hours by day of the week and public holiday")
class WeeklyHoursTest {
  static final PolicyBook BOOK = PolicyBook.defaults();
  static final PhoneNumber AUSTIN = PhoneNumber.parse("+15125550123");
  static final PhoneNumber EL_PASO = PhoneNumber.parse("+19155550123");
  static final PhoneNumber PARIS = PhoneNumber.parse("+33612345678");

  static Optional<Instant> next(PhoneNumber n, String instant) {
    return BOOK.nextAllowed(BOOK.jurisdictionFor(n), BOOK.zonesFor(n, null), Instant.parse(instant));
  }

  @Nested
  @DisplayName("Easter and the French public holidays")
  class Holidays {
    @Test
    @DisplayName("Easter Sunday by the Gregorian computus")
    void easter() {
      assertThat(HolidayCalendar.easterSunday(2023)).isEqualTo(LocalDate.of(2023, 4, 9));
      assertThat(HolidayCalendar.easterSunday(2024)).isEqualTo(LocalDate.of(2024, 3, 31));
      assertThat(HolidayCalendar.easterSunday(2025)).isEqualTo(LocalDate.of(2025, 4, 20));
      assertThat(HolidayCalendar.easterSunday(2026)).isEqualTo(LocalDate.of(2026, 4, 5));
      assertThat(HolidayCalendar.easterSunday(2027)).isEqualTo(LocalDate.of(2027, 3, 28));
    }

    @Test
    @DisplayName("2023 in France: the eleven days of Code du travail L3133-1 and Alsace-Moselle's two, nothing else")
    void france2023() {
      HolidayCalendar fr = BOOK.jurisdiction("FR").orElseThrow().weeklyHours().holidays();
      List<LocalDate> found = new ArrayList<>();
      for (LocalDate d = LocalDate.of(2023, 1, 1); d.getYear() == 2023; d = d.plusDays(1)) {
        if (fr.isHoliday(d)) {
          found.add(d);
        }
      }
      // Ascension 18 May and Whit Monday 29 May 2023 as the cited calendar gives them
      assertThat(found).containsExactly(LocalDate.of(2023, 1, 1), LocalDate.of(2023, 4, 7), LocalDate.of(2023, 4, 10),
          LocalDate.of(2023, 5, 1), LocalDate.of(2023, 5, 8), LocalDate.of(2023, 5, 18), LocalDate.of(2023, 5, 29),
          LocalDate.of(2023, 7, 14), LocalDate.of(2023, 8, 15), LocalDate.of(2023, 11, 1), LocalDate.of(2023, 11, 11),
          LocalDate.of(2023, 12, 25), LocalDate.of(2023, 12, 26));
    }

    @Test
    @DisplayName("a calendar needs a day, offsets within 100 days of Easter and a source")
    void checked() {
      assertThatThrownBy(() -> new HolidayCalendar("X", List.of(), List.of(), "s"))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> new HolidayCalendar("X", List.of(), List.of(101), "s"))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> new HolidayCalendar("X", List.of(MonthDay.of(Month.JULY, 14)), List.of(), " "))
          .isInstanceOf(InvalidInputException.class);
    }
  }

  @Nested
  @DisplayName("Texas (SB 140: 9:00-21:00 Monday to Saturday, 12:00-21:00 on Sunday)")
  class Texas {
    @Test
    @DisplayName("a Texas area code is placed in Texas, with its two zones as fallback")
    void placed() {
      Jurisdiction tx = BOOK.jurisdictionFor(AUSTIN);
      assertThat(tx.id()).isEqualTo("US-TX");
      assertThat(tx.quietHours()).isNull();
      assertThat(tx.hasSendingHours()).isTrue();
      assertThat(tx.source()).startsWith("ST-04: Texas SB 140");
    }

    @Test
    @DisplayName("Saturday 8:30 waits for 9:00; Sunday 11:30 waits for noon; 21:00 on Sunday waits for Monday 9:00")
    void days() {
      assertThat(next(AUSTIN, "2026-03-07T14:30:00Z")).contains(Instant.parse("2026-03-07T15:00:00Z"));
      assertThat(next(AUSTIN, "2026-03-07T15:00:00Z")).isEmpty();
      assertThat(next(AUSTIN, "2026-03-01T17:30:00Z")).contains(Instant.parse("2026-03-01T18:00:00Z"));
      assertThat(next(AUSTIN, "2026-03-01T18:00:00Z")).isEmpty();
      assertThat(next(AUSTIN, "2026-03-02T03:00:00Z")).contains(Instant.parse("2026-03-02T15:00:00Z"));
    }

    @Test
    @DisplayName("the spring DST Sunday (8 March 2026): noon is 12:00 CDT; the autumn one (1 November): 12:00 CST")
    void dstSundays() {
      assertThat(next(AUSTIN, "2026-03-08T16:30:00Z")).contains(Instant.parse("2026-03-08T17:00:00Z"));
      assertThat(next(AUSTIN, "2026-03-09T01:59:00Z")).isEmpty();
      assertThat(next(AUSTIN, "2026-03-09T02:00:00Z")).contains(Instant.parse("2026-03-09T14:00:00Z"));
      assertThat(next(AUSTIN, "2026-11-01T17:30:00Z")).contains(Instant.parse("2026-11-01T18:00:00Z"));
    }

    @Test
    @DisplayName("El Paso keeps Mountain time: its Sunday noon is an hour after Austin's")
    void elPaso() {
      assertThat(next(EL_PASO, "2026-03-01T18:00:00Z")).contains(Instant.parse("2026-03-01T19:00:00Z"));
    }
  }

  @Nested
  @DisplayName("France (10:00-20:00 Monday to Saturday, never on Sundays or public holidays)")
  class France {
    @Test
    @DisplayName("Ascension Thursday (14 May 2026) waits for Friday 10:00; Bastille Day for the next morning")
    void holidays() {
      assertThat(next(PARIS, "2026-05-13T09:00:00Z")).isEmpty();
      assertThat(next(PARIS, "2026-05-14T09:00:00Z")).contains(Instant.parse("2026-05-15T08:00:00Z"));
      assertThat(next(PARIS, "2026-07-14T10:00:00Z")).contains(Instant.parse("2026-07-15T08:00:00Z"));
    }

    @Test
    @DisplayName("the EU DST Sundays (29 March, 25 October 2026) allow nothing: Monday 10:00 in the new offset")
    void dstSundays() {
      assertThat(next(PARIS, "2026-03-28T18:59:00Z")).isEmpty();
      assertThat(next(PARIS, "2026-03-28T19:00:00Z")).contains(Instant.parse("2026-03-30T08:00:00Z"));
      assertThat(next(PARIS, "2026-10-25T10:00:00Z")).contains(Instant.parse("2026-10-26T09:00:00Z"));
    }

    @Test
    @DisplayName("Easter weekend: Saturday evening waits past Sunday and Easter Monday to Tuesday 10:00")
    void easterWeekend() {
      assertThat(next(PARIS, "2026-04-04T18:30:00Z")).contains(Instant.parse("2026-04-07T08:00:00Z"));
    }
  }

  @Nested
  @DisplayName("Checked where made and where read")
  class Checked {
    @Test
    @DisplayName("a day's window may not run over midnight; some day must allow sending; not both kinds of hours")
    void made() {
      QuietHours night = new QuietHours(LocalTime.of(22, 0), LocalTime.of(6, 0));
      assertThatThrownBy(() -> new WeeklyHours(Map.of(DayOfWeek.MONDAY, night), null))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("midnight");
      assertThatThrownBy(() -> new WeeklyHours(Map.of(), null)).isInstanceOf(InvalidInputException.class);
      WeeklyHours ok = new WeeklyHours(Map.of(DayOfWeek.MONDAY, new QuietHours(LocalTime.of(9, 0), LocalTime.of(17, 0))),
          null);
      assertThatThrownBy(() -> new Jurisdiction("XX", "X", new QuietHours(LocalTime.of(8, 0), LocalTime.of(21, 0)),
          null, null, "s", ok)).isInstanceOf(InvalidInputException.class).hasMessageContaining("not both");
      Jurisdiction j = new Jurisdiction("XX", "X", null, null, null, "s").withWeeklyHours(ok);
      assertThat(j.allows(Instant.parse("2026-03-02T10:00:00Z"), java.time.ZoneOffset.UTC)).isTrue();
      assertThat(j.allows(Instant.parse("2026-03-03T10:00:00Z"), java.time.ZoneOffset.UTC)).as("a Tuesday").isFalse();
      assertThat(j.withQuietHours(new QuietHours(LocalTime.of(8, 0), LocalTime.of(21, 0))).weeklyHours()).isNull();
    }

    static String file(String weekly, String holidays) {
      return "{\"formatVersion\": 1, \"version\": \"t\", \"sources\": {\"S\": {\"citation\": \"c\"}}, " + holidays
          + "\"jurisdictions\": [{\"id\": \"US\", \"name\": \"US\", \"match\": {\"regions\": [\"US\"]}, \"source\": \"S\","
          + " \"fallbackZones\": [\"America/Chicago\"], \"weeklyHours\": " + weekly + "}, {\"id\": \"ZZ\", \"name\": \"D\","
          + " \"match\": {\"default\": true}, \"source\": \"S\"}]}";
    }

    static PolicyBook load(String text) {
      return PolicyBook.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @DisplayName("the JSON reader takes days and a named calendar, and refuses what is wrong with the place named")
    void read() {
      String holidays = "\"holidays\": {\"H\": {\"fixed\": [\"07-04\"], \"source\": \"S\"}}, ";
      PolicyBook book = load(file("{\"days\": {\"MONDAY\": {\"start\": \"09:00\", \"end\": \"17:00\"}}, \"holidays\": \"H\"}",
          holidays));
      WeeklyHours w = book.jurisdiction("US").orElseThrow().weeklyHours();
      assertThat(w.days()).containsOnlyKeys(DayOfWeek.MONDAY);
      assertThat(w.holidays().isHoliday(LocalDate.of(2026, 7, 4))).isTrue();
      assertThatThrownBy(() -> load(file("{\"days\": {\"MONDAYS\": {\"start\": \"09:00\", \"end\": \"17:00\"}}}", "")))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("weeklyHours.days.MONDAYS is not a day");
      assertThatThrownBy(() -> load(file("{\"days\": {\"MONDAY\": {\"start\": \"09:00\", \"end\": \"17:00\"}},"
          + " \"holidays\": \"X\"}", holidays))).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("names no entry of holidays");
      assertThatThrownBy(() -> load(file("{\"days\": {\"MONDAY\": null}}", "")))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("must be a window");
      assertThatThrownBy(() -> load(file("{\"days\": {\"MONDAY\": {\"start\": \"22:00\", \"end\": \"06:00\"}}}", "")))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("midnight");
      assertThatThrownBy(() -> load(file("{\"days\": {\"MONDAY\": {\"start\": \"09:00\", \"end\": \"17:00\"}}}",
          "\"holidays\": {\"H\": {\"fixed\": [\"13-01\"], \"source\": \"S\"}}, "))).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("holidays.H.fixed");
    }

    @Test
    @DisplayName("the JSON reader takes nth-weekday holidays and observed days, and refuses a bad rule with its place")
    void readWeekdayRules() {
      String week = "{\"days\": {\"MONDAY\": {\"start\": \"09:00\", \"end\": \"17:00\"}}, \"holidays\": \"H\"}";
      String rules = "\"holidays\": {\"H\": {\"fixed\": [\"07-04\"], \"observed\": true, \"source\": \"S\", \"nthWeekdays\":"
          + " [{\"month\": 5, \"day\": \"MONDAY\", \"nth\": -1, \"name\": \"Memorial Day\"}]}}, ";
      HolidayCalendar h = load(file(week, rules)).jurisdiction("US").orElseThrow().weeklyHours().holidays();
      assertThat(h.nthWeekdays()).containsExactly(new HolidayCalendar.NthWeekday(Month.MAY, DayOfWeek.MONDAY, -1));
      assertThat(h.observed()).isTrue();
      assertThat(h.isHoliday(LocalDate.of(2026, 5, 25))).isTrue();
      assertThat(h.isHoliday(LocalDate.of(2026, 7, 3))).isTrue();
      for (String bad : new String[] {
          "[{\"month\": 13, \"day\": \"MONDAY\", \"nth\": 1}]", "[{\"month\": 5, \"day\": \"MONDAYS\", \"nth\": 1}]",
          "[{\"month\": 5, \"day\": \"MONDAY\", \"nth\": 5}]", "[{\"month\": \"May\", \"day\": \"MONDAY\", \"nth\": 1}]",
          "[{\"month\": 5, \"day\": \"MONDAY\", \"nth\": 1, \"when\": 1}]", "{\"month\": 5}"}) {
        String text = file(week, "\"holidays\": {\"H\": {\"nthWeekdays\": " + bad + ", \"source\": \"S\"}}, ");
        assertThatThrownBy(() -> load(text)).as(bad).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("holidays.H.nthWeekdays");
      }
      assertThatThrownBy(() -> load(file(week, "\"holidays\": {\"H\": {\"fixed\": [\"07-04\"], \"observed\": \"yes\","
          + " \"source\": \"S\"}}, "))).isInstanceOf(InvalidInputException.class).hasMessageContaining("holidays.H.observed");
    }
  }
}
