package dev.consent.examples;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The demo's clock: it starts on a weekday at 11:00 in New York (so the story never runs into quiet
 * hours, whatever time it is where you run it), early enough for the story to end before the real
 * time, and moves on as the story tells it to.
 */
final class DemoClock extends Clock {
  private Instant now;

  private DemoClock(Instant start) {
    this.now = start;
  }

  /** Starts at the last weekday 11:00 New York time from which a story of {@code length} ends before {@code now}. */
  static DemoClock endingBefore(Instant now, Duration length) {
    ZoneId ny = ZoneId.of("America/New_York");
    ZonedDateTime t = now.minus(length).atZone(ny).with(LocalTime.of(11, 0));
    while (!t.toInstant().plus(length).isBefore(now) || t.getDayOfWeek() == DayOfWeek.SATURDAY
        || t.getDayOfWeek() == DayOfWeek.SUNDAY) {
      t = t.minusDays(1);
    }
    return new DemoClock(t.toInstant());
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.fixed(now, zone);
  }
}
