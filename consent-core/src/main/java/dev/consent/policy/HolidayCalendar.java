package dev.consent.policy;

import dev.consent.InvalidInputException;
import dev.consent.internal.Checks;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.List;

/**
 * Public holidays, computed for any year: days at a fixed date ({@code 07-14}) and days a fixed
 * number of days from Easter Sunday (Gregorian; {@code 1} for Easter Monday, {@code 39} for
 * Ascension, {@code 50} for Whit Monday, {@code -2} for Good Friday). Immutable and thread-safe.
 *
 * @param id a name for it, e.g. {@code FR}
 * @param fixed the holidays at a fixed date every year
 * @param easterOffsets the holidays relative to Easter Sunday, in days (-100 to 100)
 * @param source where the list comes from
 * @since 0.5
 */
public record HolidayCalendar(String id, List<MonthDay> fixed, List<Integer> easterOffsets, String source) {

  public HolidayCalendar {
    Checks.id(id, "holidays.id");
    fixed = List.copyOf(Checks.notNull(fixed, "holidays.fixed"));
    easterOffsets = List.copyOf(Checks.notNull(easterOffsets, "holidays.easterOffsets"));
    Checks.maxLength(Checks.notBlank(source, "holidays.source"), 2000, "holidays.source");
    for (int offset : easterOffsets) {
      if (offset < -100 || offset > 100) {
        throw new InvalidInputException("holidays.easterOffsets must be within 100 days of Easter");
      }
    }
    if (fixed.isEmpty() && easterOffsets.isEmpty()) {
      throw new InvalidInputException("holidays must list at least one day");
    }
  }

  /** Whether {@code date} is one of the holidays. */
  public boolean isHoliday(LocalDate date) {
    Checks.notNull(date, "date");
    if (fixed.contains(MonthDay.from(date))) {
      return true;
    }
    LocalDate easter = easterSunday(date.getYear());
    for (int offset : easterOffsets) {
      if (easter.plusDays(offset).equals(date)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Easter Sunday of a Gregorian year, by the anonymous Gregorian algorithm (Meeus, Astronomical
   * Algorithms, ch. 8; valid from 1583).
   */
  static LocalDate easterSunday(int year) {
    int a = year % 19;
    int b = year / 100;
    int c = year % 100;
    int d = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = (h + l - 7 * m + 114) % 31 + 1;
    return LocalDate.of(year, month, day);
  }
}
