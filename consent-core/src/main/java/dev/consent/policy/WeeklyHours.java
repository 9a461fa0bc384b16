package dev.consent.policy;

import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Sending windows that depend on the day, in the recipient's local time: a window per day of the
 * week (a day without one allows nothing), and public holidays on which nothing may be sent. For
 * rules such as Texas (9:00-21:00 Monday to Saturday, 12:00-21:00 on Sunday) or France (no
 * marketing SMS on Sundays and public holidays). A day's window does not run over midnight.
 * Immutable and thread-safe.
 *
 * @param days the window of each day of the week that allows sending
 * @param holidays the days on which nothing may be sent, or null for none
 * @since 0.5
 */
public record WeeklyHours(Map<DayOfWeek, QuietHours> days, @Nullable HolidayCalendar holidays) {

  public WeeklyHours {
    Checks.notNull(days, "weeklyHours.days");
    if (days.isEmpty()) {
      throw new InvalidInputException("weeklyHours must allow at least one day (a jurisdiction that allows none has no"
          + " use)");
    }
    EnumMap<DayOfWeek, QuietHours> copy = new EnumMap<>(DayOfWeek.class);
    days.forEach((day, window) -> {
      Checks.notNull(day, "weeklyHours day");
      Checks.notNull(window, "weeklyHours window");
      if (!window.start().isBefore(window.end())) {
        throw new InvalidInputException("weeklyHours: the window of " + day + " must not run over midnight");
      }
      copy.put(day, window);
    });
    days = Collections.unmodifiableMap(copy);
  }

  /** The window of {@code date} in local time, or null when nothing may be sent that day. */
  public @Nullable QuietHours on(LocalDate date) {
    if (holidays != null && holidays.isHoliday(date)) {
      return null;
    }
    return days.get(date.getDayOfWeek());
  }

  /** Whether a message may go at this instant for a recipient in {@code zone}. */
  public boolean allows(Instant instant, ZoneId zone) {
    LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
    QuietHours window = on(local.toLocalDate());
    return window != null && window.allows(local.toLocalTime());
  }
}
