package dev.consent.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Finds the earliest instant allowed in every zone. The allowed set in one zone is a union of
 * half-open intervals whose left ends are where local time reaches the window's start or where the
 * zone's offset changes (a DST gap can skip the start itself). So the earliest instant allowed in
 * all zones is {@code now} or one of those left ends: test them in order, a day at a time.
 */
final class PolicyWindows {
  /** Offsets repeat within a year, so a window intersection that is empty this long stays empty. */
  static final int HORIZON_DAYS = 400;

  private PolicyWindows() {}

  /** A sending window by local date: the same every day, or by day of the week and holiday. */
  interface Hours {
    /** The window of a local date, or null when nothing may be sent that day. */
    @Nullable QuietHours on(LocalDate date);

    boolean allows(Instant instant, ZoneId zone);

    static Hours of(QuietHours everyDay) {
      return new Hours() {
        @Override
        public QuietHours on(LocalDate date) {
          return everyDay;
        }

        @Override
        public boolean allows(Instant instant, ZoneId zone) {
          return everyDay.allows(instant, zone);
        }
      };
    }

    static Hours of(WeeklyHours weekly) {
      return new Hours() {
        @Override
        public @Nullable QuietHours on(LocalDate date) {
          return weekly.on(date);
        }

        @Override
        public boolean allows(Instant instant, ZoneId zone) {
          return weekly.allows(instant, zone);
        }
      };
    }
  }

  static Optional<Instant> nextAllowed(QuietHours hours, List<ZoneId> zones, Instant now) {
    return nextAllowed(Hours.of(hours), zones, now);
  }

  static Optional<Instant> nextAllowed(Hours hours, List<ZoneId> zones, Instant now) {
    if (allowedInAll(hours, zones, now)) {
      return Optional.empty();
    }
    for (int day = 0; day < HORIZON_DAYS; day++) {
      Instant from = now.plus(Duration.ofDays(day));
      Instant found = earliestIn(hours, zones, from, from.plus(Duration.ofDays(1)));
      if (found != null) {
        return Optional.of(found);
      }
    }
    return Optional.of(Instant.MAX);
  }

  static boolean allowedInAll(QuietHours hours, List<ZoneId> zones, Instant instant) {
    return allowedInAll(Hours.of(hours), zones, instant);
  }

  static boolean allowedInAll(Hours hours, List<ZoneId> zones, Instant instant) {
    for (ZoneId zone : zones) {
      if (!hours.allows(instant, zone)) {
        return false;
      }
    }
    return true;
  }

  private static @Nullable Instant earliestIn(
      Hours hours, List<ZoneId> zones, Instant from, Instant to) {
    List<Instant> candidates = new ArrayList<>();
    for (ZoneId zone : zones) {
      addOpenings(hours, zone, from, to, candidates);
    }
    candidates.sort(null);
    for (Instant candidate : candidates) {
      if (allowedInAll(hours, zones, candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static void addOpenings(
      Hours hours, ZoneId zone, Instant from, Instant to, List<Instant> out) {
    ZoneRules rules = zone.getRules();
    LocalDate last = LocalDate.ofInstant(to, zone).plusDays(1);
    for (LocalDate d = LocalDate.ofInstant(from, zone).minusDays(1); !d.isAfter(last); d = d.plusDays(1)) {
      QuietHours window = hours.on(d);
      if (window == null) {
        continue;   // nothing may be sent that day: no opening
      }
      LocalDateTime opening = d.atTime(window.start());
      // Twice on a fall-back day when the start is in the repeated hour, never in a gap.
      for (ZoneOffset offset : rules.getValidOffsets(opening)) {
        addIfWithin(opening.toInstant(offset), from, to, out);
      }
    }
    ZoneOffsetTransition t = rules.nextTransition(from.minusNanos(1));
    while (t != null && t.getInstant().isBefore(to)) {
      out.add(t.getInstant());
      t = rules.nextTransition(t.getInstant());
    }
  }

  private static void addIfWithin(Instant instant, Instant from, Instant to, List<Instant> out) {
    if (!instant.isBefore(from) && instant.isBefore(to)) {
      out.add(instant);
    }
  }
}
