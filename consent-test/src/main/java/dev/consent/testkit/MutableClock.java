package dev.consent.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests set and advance, like Micrometer's {@code MockClock}. Thread-safe.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.at("2026-03-08T15:00:00Z");
 * clock.advance(Duration.ofHours(25));
 * }</pre>
 */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private MutableClock(Instant start, ZoneId zone) {
    this.now = new AtomicReference<>(start);
    this.zone = zone;
  }

  public static MutableClock at(Instant start) {
    return new MutableClock(start, ZoneOffset.UTC);
  }

  public static MutableClock at(String isoInstant) {
    return at(Instant.parse(isoInstant));
  }

  public MutableClock advance(Duration d) {
    now.updateAndGet(t -> t.plus(d));
    return this;
  }

  public MutableClock set(Instant t) {
    now.set(t);
    return this;
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId z) {
    return new MutableClock(now.get(), z);
  }
}
