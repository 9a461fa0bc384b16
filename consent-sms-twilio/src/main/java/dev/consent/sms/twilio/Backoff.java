package dev.consent.sms.twilio;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Bounded exponential backoff with full jitter, honouring a server's {@code Retry-After} up to the
 * cap. Immutable and thread-safe.
 */
final class Backoff {

  /** Waits; replaced in tests so that no test sleeps. */
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  static final Sleeper THREAD_SLEEP = d -> Thread.sleep(d.toMillis());

  private final int maxAttempts;
  private final Duration base;
  private final Duration cap;
  private final Sleeper sleeper;

  Backoff(int maxAttempts, Duration base, Duration cap, Sleeper sleeper) {
    this.maxAttempts = maxAttempts;
    this.base = base;
    this.cap = cap;
    this.sleeper = sleeper;
  }

  int maxAttempts() {
    return maxAttempts;
  }

  /** Waits before attempt {@code attempt + 1} (attempts count from 1). */
  void pause(int attempt, @Nullable Duration retryAfter) throws InterruptedException {
    sleeper.sleep(delay(attempt, retryAfter));
  }

  Duration delay(int attempt, @Nullable Duration retryAfter) {
    if (retryAfter != null && !retryAfter.isNegative()) {
      return retryAfter.compareTo(cap) > 0 ? cap : retryAfter;
    }
    long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt - 1, 16));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
  }

  @Override
  public String toString() {
    return "Backoff[attempts=" + maxAttempts + ", base=" + base + ", cap=" + cap + "]";
  }
}
