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
 * The demo's clock: it starts on the next weekday at 11:00 in New York (so the story never runs into
 * quiet hours, whatever time it is where you run it) and moves on as the story tells it to.
 */
final class DemoClock extends Clock {
  private Instant now;

  private DemoClock(Instant start) {
    this.now = start;
  }

  /** Starts at the first weekday 11:00 New York time after {@code notBefore}. */
  static DemoClock after(Instant notBefore) {
    ZoneId ny = ZoneId.of("America/New_York");
    ZonedDateTime t = notBefore.atZone(ny).with(LocalTime.of(11, 0));
    while (!t.toInstant().isAfter(notBefore) || t.getDayOfWeek() == DayOfWeek.SATURDAY
        || t.getDayOfWeek() == DayOfWeek.SUNDAY) {
      t = t.plusDays(1);
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
