package dev.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.InvalidInputException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("HolidayCalendar")
class HolidayCalendarTest {

  @Test
  @DisplayName("Easter Sunday agrees with a second, independent computus (Knuth's) for every Gregorian year 1583-4099")
  void easterAgreesWithKnuth() {
    for (int year = 1583; year <= 4099; year++) {
      assertThat(HolidayCalendar.easterSunday(year)).as("Easter %d", year).isEqualTo(knuthEaster(year));
    }
  }

  @Test
  @DisplayName("a holiday relative to Easter moves with it; a fixed one keeps its date; other days are not holidays")
  void movable() {
    HolidayCalendar fr = new HolidayCalendar("fr", List.of(MonthDay.of(Month.JULY, 14)), List.of(1, 39, 50), "test");
    assertThat(fr.isHoliday(LocalDate.of(2026, 4, 6))).isTrue(); // Easter Monday 2026
    assertThat(fr.isHoliday(LocalDate.of(2027, 3, 29))).isTrue(); // Easter Monday 2027
    assertThat(fr.isHoliday(LocalDate.of(2026, 5, 14))).isTrue(); // Ascension 2026
    assertThat(fr.isHoliday(LocalDate.of(2026, 5, 25))).isTrue(); // Whit Monday 2026
    assertThat(fr.isHoliday(LocalDate.of(2026, 7, 14))).isTrue();
    assertThat(fr.isHoliday(LocalDate.of(2026, 4, 5))).isFalse(); // Easter Sunday itself is not listed
    assertThat(fr.isHoliday(LocalDate.of(2026, 4, 7))).isFalse();
    assertThat(fr.isHoliday(LocalDate.of(2026, 7, 13))).isFalse();
  }

  @Test
  @DisplayName("accepts offsets up to 100 days either side of Easter, refuses one more, and refuses an empty list")
  void offsetBounds() {
    assertThat(new HolidayCalendar("x", List.of(), List.of(-100, 100), "s").easterOffsets()).containsExactly(-100, 100);
    assertThatThrownBy(() -> new HolidayCalendar("x", List.of(), List.of(-101), "s"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("100 days");
    assertThatThrownBy(() -> new HolidayCalendar("x", List.of(), List.of(101), "s"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("100 days");
    assertThatThrownBy(() -> new HolidayCalendar("x", List.of(), List.of(), "s"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least one day");
  }

  private static final HolidayCalendar US = new HolidayCalendar("us",
      List.of(MonthDay.of(Month.JULY, 4), MonthDay.of(Month.DECEMBER, 25), MonthDay.of(Month.JUNE, 19)), List.of(),
      List.of(new HolidayCalendar.NthWeekday(Month.JANUARY, DayOfWeek.MONDAY, 3),
          new HolidayCalendar.NthWeekday(Month.MAY, DayOfWeek.MONDAY, -1),
          new HolidayCalendar.NthWeekday(Month.SEPTEMBER, DayOfWeek.MONDAY, 1),
          new HolidayCalendar.NthWeekday(Month.NOVEMBER, DayOfWeek.THURSDAY, 4)),
      true, "test");

  @Test
  @DisplayName("the nth weekday of a month: first, third, fourth and last, against the dates the US government published")
  void nthWeekdays() {
    assertThat(US.isHoliday(LocalDate.of(2026, 1, 19))).isTrue(); // MLK Day 2026
    assertThat(US.isHoliday(LocalDate.of(2027, 1, 18))).isTrue();
    assertThat(US.isHoliday(LocalDate.of(2026, 1, 12))).isFalse(); // the second Monday
    assertThat(US.isHoliday(LocalDate.of(2026, 1, 26))).isFalse(); // the fourth
    assertThat(US.isHoliday(LocalDate.of(2026, 5, 25))).isTrue(); // Memorial Day 2026
    assertThat(US.isHoliday(LocalDate.of(2027, 5, 31))).isTrue(); // a May with five Mondays: the fifth
    assertThat(US.isHoliday(LocalDate.of(2027, 5, 24))).isFalse();
    assertThat(US.isHoliday(LocalDate.of(2026, 9, 7))).isTrue(); // Labor Day
    assertThat(US.isHoliday(LocalDate.of(2026, 9, 8))).isFalse();
    assertThat(US.isHoliday(LocalDate.of(2026, 11, 26))).isTrue(); // Thanksgiving
    assertThat(US.isHoliday(LocalDate.of(2026, 11, 19))).isFalse();
    assertThat(new HolidayCalendar.NthWeekday(Month.NOVEMBER, DayOfWeek.THURSDAY, 4).in(2008))
        .isEqualTo(LocalDate.of(2008, 11, 27)); // OPM's 2008 list
  }

  @Test
  @DisplayName("observed: a holiday on a Saturday also closes the Friday before, one on a Sunday the Monday after; nothing else moves")
  void observed() {
    assertThat(US.isHoliday(LocalDate.of(2026, 7, 4))).isTrue(); // a Saturday
    assertThat(US.isHoliday(LocalDate.of(2026, 7, 3))).isTrue(); // observed
    assertThat(US.isHoliday(LocalDate.of(2026, 7, 6))).isFalse(); // not the Monday after a Saturday
    assertThat(US.isHoliday(LocalDate.of(2027, 7, 4))).isTrue(); // a Sunday
    assertThat(US.isHoliday(LocalDate.of(2027, 7, 5))).isTrue(); // observed
    assertThat(US.isHoliday(LocalDate.of(2027, 7, 2))).isFalse(); // not the Friday before a Sunday
    assertThat(US.isHoliday(LocalDate.of(2026, 6, 19))).isTrue(); // a Friday: no second day
    assertThat(US.isHoliday(LocalDate.of(2026, 6, 22))).isFalse();
    HolidayCalendar literal = new HolidayCalendar("us", US.fixed(), List.of(), US.nthWeekdays(), false, "test");
    assertThat(literal.isHoliday(LocalDate.of(2026, 7, 3))).isFalse();
    assertThat(literal.isHoliday(LocalDate.of(2027, 7, 5))).isFalse();
    assertThat(literal.isHoliday(LocalDate.of(2026, 7, 4))).isTrue();
  }

  @Test
  @DisplayName("nth is 1 to 4 or -1 (the last); a calendar of weekday rules alone is a calendar")
  void nthBounds() {
    for (int nth : new int[] {1, 4, -1}) {
      assertThat(new HolidayCalendar.NthWeekday(Month.MAY, DayOfWeek.MONDAY, nth).nth()).isEqualTo(nth);
    }
    for (int nth : new int[] {0, 5, -2}) {
      assertThatThrownBy(() -> new HolidayCalendar.NthWeekday(Month.MAY, DayOfWeek.MONDAY, nth))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("1 to 4");
    }
    HolidayCalendar weekdaysOnly = new HolidayCalendar("x", List.of(), List.of(),
        List.of(new HolidayCalendar.NthWeekday(Month.AUGUST, DayOfWeek.MONDAY, 2)), false, "s");
    assertThat(weekdaysOnly.isHoliday(LocalDate.of(2026, 8, 10))).isTrue(); // Victory Day 2026
    assertThat(new HolidayCalendar("x", List.of(MonthDay.of(1, 1)), List.of(), "s").nthWeekdays()).isEmpty();
  }

  /** Knuth, The Art of Computer Programming vol. 1, 1.3.2 exercise 14 (Gregorian Easter, by the epact). */
  private static LocalDate knuthEaster(int year) {
    int golden = year % 19 + 1;
    int century = year / 100 + 1;
    int skippedLeap = 3 * century / 4 - 12;
    int moonCorrection = (8 * century + 5) / 25 - 5;
    int sunday = 5 * year / 4 - skippedLeap - 10;
    int epact = Math.floorMod(11 * golden + 20 + moonCorrection - skippedLeap, 30);
    if (epact == 25 && golden > 11 || epact == 24) {
      epact++;
    }
    int fullMoon = 44 - epact;
    if (fullMoon < 21) {
      fullMoon += 30;
    }
    int day = fullMoon + 7 - (sunday + fullMoon) % 7;
    return day > 31 ? LocalDate.of(year, 4, day - 31) : LocalDate.of(year, 3, day);
  }
}
