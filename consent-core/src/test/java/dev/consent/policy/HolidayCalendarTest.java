package dev.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.InvalidInputException;
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
