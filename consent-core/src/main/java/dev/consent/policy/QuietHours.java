package dev.consent.policy;

import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * Allowed sending window in the recipient's local time: {@code [start, end)}. A window whose start
 * is after its end runs over midnight (e.g. 22:00–06:00). Times outside the window are the quiet
 * hours. Immutable and thread-safe.
 *
 * <pre>{@code
 * QuietHours federal = new QuietHours(LocalTime.of(8, 0), LocalTime.of(21, 0));
 * federal.allows(LocalTime.of(20, 59));  // true
 * federal.allows(LocalTime.of(21, 0));   // false
 * }</pre>
 *
 * @param start first local time at which sending is allowed
 * @param end first local time at which sending is no longer allowed
 * @since 0.1
 */
public record QuietHours(LocalTime start, LocalTime end) {
  public QuietHours {
    Checks.notNull(start, "quietHours.start");
    Checks.notNull(end, "quietHours.end");
    if (start.equals(end)) {
      // An empty or a full-day window is ambiguous; "no quiet hours" is a null QuietHours.
      throw new InvalidInputException("quietHours.start must differ from quietHours.end");
    }
  }

  /** Whether a message may go at this local time. */
  public boolean allows(LocalTime local) {
    if (start.isBefore(end)) {
      return !local.isBefore(start) && local.isBefore(end);
    }
    return !local.isBefore(start) || local.isBefore(end);
  }

  /** Whether a message may go at this instant for a recipient in {@code zone}. */
  public boolean allows(Instant instant, ZoneId zone) {
    return allows(LocalTime.ofInstant(instant, zone));
  }
}
