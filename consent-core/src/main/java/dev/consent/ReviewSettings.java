package dev.consent;

import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.jspecify.annotations.Nullable;

/**
 * The deadline of the {@link ReviewQueue}: an unclear reply must be resolved within it (the FCC's
 * rule for revocations: 10 business days), and an item still open at its deadline is resolved as an
 * opt-out (fail closed) unless {@code withdrawAtDeadline} is false.
 *
 * @param businessDays business days (Monday to Friday in {@code zone}) from receipt to the deadline;
 *     used when {@code period} is null
 * @param period a fixed period from receipt to the deadline instead of business days; null for business days
 * @param zone the zone whose calendar decides what a business day is
 * @param withdrawAtDeadline whether {@link ReviewQueue#applyDeadlines()} withdraws consent for items
 *     still open at their deadline (default true); false leaves them open and reports them
 * @param batch most items one {@link ReviewQueue#applyDeadlines()} call resolves (default 100)
 * @since 0.5
 */
public record ReviewSettings(int businessDays, @Nullable Duration period, ZoneId zone, boolean withdrawAtDeadline,
    int batch) {

  public ReviewSettings {
    if (businessDays < 1 || businessDays > 60) {
      throw new InvalidInputException("review business days must be between 1 and 60");
    }
    if (period != null && (period.isNegative() || period.isZero() || period.compareTo(Duration.ofDays(90)) > 0)) {
      throw new InvalidInputException("review period must be positive and at most 90 days");
    }
    Checks.notNull(zone, "zone");
    if (batch < 1) {
      throw new InvalidInputException("review batch must be at least 1");
    }
  }

  /** The FCC's rule: 10 business days in UTC, withdrawn at the deadline, 100 per run. */
  public static ReviewSettings fcc() {
    return new ReviewSettings(10, null, ZoneOffset.UTC, true, 100);
  }

  /** These settings with a deadline of {@code days} business days in {@code businessZone}. */
  public ReviewSettings withBusinessDays(int days, ZoneId businessZone) {
    return new ReviewSettings(days, null, businessZone, withdrawAtDeadline, batch);
  }

  /** These settings with a fixed period instead of business days. */
  public ReviewSettings withPeriod(Duration value) {
    return new ReviewSettings(businessDays, Checks.notNull(value, "period"), zone, withdrawAtDeadline, batch);
  }

  /** These settings with items left open at their deadline instead of withdrawn (not fail-closed: the host decides). */
  public ReviewSettings keepOpenAtDeadline() {
    return new ReviewSettings(businessDays, period, zone, false, batch);
  }

  /** The deadline of a reply received at {@code receivedAt}. */
  public Instant deadline(Instant receivedAt) {
    if (period != null) {
      return receivedAt.plus(period);
    }
    ZonedDateTime at = receivedAt.atZone(zone);
    for (int left = businessDays; left > 0; ) {
      at = at.plusDays(1);
      if (at.getDayOfWeek() != DayOfWeek.SATURDAY && at.getDayOfWeek() != DayOfWeek.SUNDAY) {
        left--;
      }
    }
    return at.toInstant();
  }
}
