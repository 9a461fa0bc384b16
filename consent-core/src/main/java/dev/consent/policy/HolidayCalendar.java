package dev.consent.policy;

import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

/**
 * Public holidays, computed for any year: days at a fixed date ({@code 07-14}), days a fixed
 * number of days from Easter Sunday (Gregorian; {@code 1} for Easter Monday, {@code 39} for
 * Ascension, {@code 50} for Whit Monday, {@code -2} for Good Friday), and days that are the nth
 * weekday of a month (the third Monday of January, the last Monday of May). With {@code observed},
 * a fixed-date holiday that falls on a Saturday is also kept on the Friday before, and one on a
 * Sunday on the Monday after, as US federal holidays are (5 U.S.C. 6103(b)); both days count, so
 * that a rule about either reading holds. Immutable and thread-safe.
 *
 * @param id a name for it, e.g. {@code FR}
 * @param fixed the holidays at a fixed date every year
 * @param easterOffsets the holidays relative to Easter Sunday, in days (-100 to 100)
 * @param nthWeekdays the holidays on the nth weekday of a month
 * @param observed whether a fixed-date holiday on a weekend is also kept on the nearest weekday
 * @param source where the list comes from
 * @since 0.5
 */
public record HolidayCalendar(String id, List<MonthDay> fixed, List<Integer> easterOffsets,
    List<NthWeekday> nthWeekdays, boolean observed, String source) {

  /**
   * The nth {@code day} of {@code month}: {@code nth} 1 to 4 from the start, or -1 for the last.
   *
   * @param month the month
   * @param day the day of the week
   * @param nth which one: 1 to 4, or -1 for the last of the month
   */
  public record NthWeekday(Month month, DayOfWeek day, int nth) {
    public NthWeekday {
      Checks.notNull(month, "holidays.nthWeekdays.month");
      Checks.notNull(day, "holidays.nthWeekdays.day");
      if (nth != -1 && (nth < 1 || nth > 4)) {
        throw new InvalidInputException("holidays.nthWeekdays.nth must be 1 to 4, or -1 for the last");
      }
    }

    /** The date it falls on in {@code year}. */
    public LocalDate in(int year) {
      return LocalDate.of(year, month, 1)
          .with(nth == -1 ? TemporalAdjusters.lastInMonth(day) : TemporalAdjusters.dayOfWeekInMonth(nth, day));
    }
  }

  /** Fixed dates and days from Easter only, as in 0.5's first calendars. */
  public HolidayCalendar(String id, List<MonthDay> fixed, List<Integer> easterOffsets, String source) {
    this(id, fixed, easterOffsets, List.of(), false, source);
  }

  public HolidayCalendar {
    Checks.id(id, "holidays.id");
    fixed = List.copyOf(Checks.notNull(fixed, "holidays.fixed"));
    easterOffsets = List.copyOf(Checks.notNull(easterOffsets, "holidays.easterOffsets"));
    nthWeekdays = List.copyOf(Checks.notNull(nthWeekdays, "holidays.nthWeekdays"));
    Checks.maxLength(Checks.notBlank(source, "holidays.source"), 2000, "holidays.source");
    for (int offset : easterOffsets) {
      if (offset < -100 || offset > 100) {
        throw new InvalidInputException("holidays.easterOffsets must be within 100 days of Easter");
      }
    }
    if (fixed.isEmpty() && easterOffsets.isEmpty() && nthWeekdays.isEmpty()) {
      throw new InvalidInputException("holidays must list at least one day");
    }
  }

  /** Whether {@code date} is one of the holidays. */
  public boolean isHoliday(LocalDate date) {
    Checks.notNull(date, "date");
    if (fixed.contains(MonthDay.from(date)) || (observed && observedFixed(date))) {
      return true;
    }
    for (NthWeekday n : nthWeekdays) {
      if (n.in(date.getYear()).equals(date)) {
        return true;
      }
    }
    LocalDate easter = easterSunday(date.getYear());
    for (int offset : easterOffsets) {
      if (easter.plusDays(offset).equals(date)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code date} is the Friday before a fixed holiday on a Saturday, or the Monday after one on a Sunday. */
  private boolean observedFixed(LocalDate date) {
    DayOfWeek d = date.getDayOfWeek();
    return (d == DayOfWeek.FRIDAY && fixed.contains(MonthDay.from(date.plusDays(1))))
        || (d == DayOfWeek.MONDAY && fixed.contains(MonthDay.from(date.minusDays(1))));
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
