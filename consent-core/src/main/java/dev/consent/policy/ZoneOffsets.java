package dev.consent.policy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The quiet-hours test of the gate's hot path: every marketing message asks whether local time is
 * inside the window in each of the recipient's zones. {@link java.time.LocalTime#ofInstant} looks
 * the offset up in the zone's rules each time (a year's transitions for a DST zone, new rules for a
 * fixed offset); this remembers, per zone, the offset in force from the last instant asked until
 * the zone's next transition, so the usual test is a map read, two compares and a modulo. Gives
 * exactly what {@link QuietHours#allows(Instant, ZoneId)} gives. Thread-safe; one per book.
 */
final class ZoneOffsets {
  private static final long SECONDS_PER_DAY = 86_400L;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /** The zone's offset holds for epoch seconds in {@code [from, until)}. */
  private record Span(long from, long until, int offsetSeconds) {}

  private final Map<ZoneId, Span> spans = new ConcurrentHashMap<>();

  /** Whether {@code instant} is inside {@code hours} in every zone. */
  boolean allowedInAll(QuietHours hours, List<ZoneId> zones, Instant instant) {
    long start = hours.start().toNanoOfDay();
    long end = hours.end().toNanoOfDay();
    for (ZoneId zone : zones) {
      long local = localNanoOfDay(zone, instant);
      boolean allowed = start < end ? local >= start && local < end : local >= start || local < end;
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  private long localNanoOfDay(ZoneId zone, Instant instant) {
    long second = instant.getEpochSecond();
    Span span = spans.get(zone);
    if (span == null || second < span.from() || second >= span.until()) {
      span = spanAt(zone, instant);
      spans.put(zone, span);
    }
    return Math.floorMod(second + span.offsetSeconds(), SECONDS_PER_DAY) * NANOS_PER_SECOND + instant.getNano();
  }

  private static Span spanAt(ZoneId zone, Instant instant) {
    ZoneRules rules = zone.getRules();
    ZoneOffsetTransition next = rules.nextTransition(instant);
    return new Span(instant.getEpochSecond(), next == null ? Long.MAX_VALUE : next.getInstant().getEpochSecond(),
        rules.getOffset(instant).getTotalSeconds());
  }
}
