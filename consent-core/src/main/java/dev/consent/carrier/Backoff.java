package dev.consent.carrier;

import dev.consent.error.ConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * How a carrier adapter retries a call: at most {@code maxAttempts} tries within a total {@code
 * deadline}, waiting between them a random time up to {@code base * 2^(n-1)} and never more than
 * {@code cap} (exponential backoff with full jitter), or exactly what the carrier's {@code
 * Retry-After} asked for. When the carrier asks for more than the cap, or for a wait that would end
 * past the deadline, no further try is made: the last answer stands (a retryable refusal the host
 * can retry later), never an early retry the carrier asked not to get.
 *
 * <pre>{@code
 * Backoff backoff = Backoff.builder().maxAttempts(3).base(Duration.ofMillis(250))
 *     .cap(Duration.ofSeconds(5)).deadline(Duration.ofSeconds(30)).clock(clock).build();
 * SendResult r = backoff.run(attempt -> {
 *   SendResult once = sendOnce();
 *   return safeToRetry(once) ? Backoff.Step.retry(once, retryAfter) : Backoff.Step.done(once);
 * });
 * }</pre>
 *
 * <p>The attempt decides, with typed values, whether another try is safe (no message can exist)
 * and useful; this class only counts, waits and stops. Immutable and thread-safe; the {@link
 * Sleeper} is injected so that tests never sleep.
 *
 * @since 0.5
 */
public final class Backoff {

  /** Waits; replaced in tests so that no test sleeps. Must be thread-safe. */
  @FunctionalInterface
  public interface Sleeper {
    /** Waits for {@code d} (which may be zero). */
    void sleep(Duration d) throws InterruptedException;

    /** {@link Thread#sleep}. */
    Sleeper THREAD = d -> Thread.sleep(d.toMillis());
  }

  /** One try of a call: its answer, and whether another try is wanted. */
  @FunctionalInterface
  public interface Attempt<T> {
    /**
     * Makes try number {@code attempt} (counted from 1). Must not throw for the carrier's answer.
     */
    Step<T> call(int attempt);
  }

  /**
   * What one try came to.
   *
   * @param <T> the call's answer
   */
  public sealed interface Step<T> {
    /** The try's answer. */
    T value();

    /** The answer stands: no further try. */
    static <T> Step<T> done(T value) {
      return new Done<>(value);
    }

    /** Another try is safe and useful, after {@code retryAfter} if the carrier asked for one. */
    static <T> Step<T> retry(T value, @Nullable Duration retryAfter) {
      return new Retry<>(value, retryAfter);
    }

    /** The answer stands. */
    record Done<T>(T value) implements Step<T> {}

    /** Try again (unless the attempts, the cap or the deadline say no: then {@code value} stands). */
    record Retry<T>(T value, @Nullable Duration retryAfter) implements Step<T> {}
  }

  private final int maxAttempts;
  private final Duration base;
  private final Duration cap;
  private final Duration deadline;
  private final Clock clock;
  private final Sleeper sleeper;
  private final LongUnaryOperator jitter;

  private Backoff(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.base = b.base;
    this.cap = b.cap;
    this.deadline = b.deadline;
    this.clock = Objects.requireNonNull(b.clock);
    this.sleeper = b.sleeper;
    this.jitter = b.jitter;
  }

  /** Starts a builder: 3 attempts, 250 ms base, 5 s cap, 30 s deadline; the clock is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The most tries in all (at least 1). */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The longest wait between two tries. */
  public Duration cap() {
    return cap;
  }

  /**
   * Runs tries until one is {@link Step.Done}, the attempts are used up, the carrier's {@code
   * Retry-After} exceeds the cap or the deadline, or the thread is interrupted while waiting (the
   * interrupt flag is then set again). Returns the last try's answer.
   */
  public <T> T run(Attempt<T> attempt) {
    Instant start = clock.instant();
    for (int n = 1; ; n++) {
      Step<T> step = attempt.call(n);
      if (!(step instanceof Step.Retry<T> retry) || n >= maxAttempts) {
        return step.value();
      }
      Duration wait = delay(n, retry.retryAfter());
      if (wait == null || Duration.between(start, clock.instant()).plus(wait).compareTo(deadline) > 0) {
        return step.value();
      }
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return step.value();
      }
    }
  }

  /**
   * The wait after try {@code attempt} (from 1): the carrier's {@code retryAfter} when given (null
   * when it exceeds the cap: then no further try), else a random time from zero to {@code base *
   * 2^(attempt-1)}, at most the cap.
   */
  public @Nullable Duration delay(int attempt, @Nullable Duration retryAfter) {
    if (retryAfter != null) {
      Duration asked = retryAfter.isNegative() ? Duration.ZERO : retryAfter;
      return asked.compareTo(cap) > 0 ? null : asked;
    }
    long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(Math.max(attempt, 1) - 1, 20));
    return Duration.ofMillis(Math.max(0, Math.min(ceiling, jitter.applyAsLong(ceiling))));
  }

  /**
   * A {@code Retry-After} header as a wait: delay-seconds or an HTTP date (RFC 1123) read against
   * {@code clock}; a date in the past is zero. Null when absent or unreadable.
   */
  public static @Nullable Duration retryAfter(@Nullable String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    try {
      long seconds = Long.parseLong(value);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(clock.instant(), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException unreadable) {
        return null;
      }
    }
  }

  @Override
  public String toString() {
    return "Backoff[attempts=" + maxAttempts + ", base=" + base + ", cap=" + cap + ", deadline=" + deadline + "]";
  }

  /**
   * Configures a {@link Backoff}; {@link #build()} fails with a {@link ConfigurationException} on a
   * value out of range. Not thread-safe.
   */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration base = Duration.ofMillis(250);
    private Duration cap = Duration.ofSeconds(5);
    private Duration deadline = Duration.ofSeconds(30);
    private @Nullable Clock clock;
    private Sleeper sleeper = Sleeper.THREAD;
    private LongUnaryOperator jitter = ceiling -> ThreadLocalRandom.current().nextLong(ceiling + 1);

    private Builder() {}

    /** The most tries in all, 1 (no retry) to 10. */
    public Builder maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    /** The ceiling of the first wait, doubled for each further one (zero or more). */
    public Builder base(Duration value) {
      this.base = value;
      return this;
    }

    /** The longest wait between two tries (positive, at least the base). */
    public Builder cap(Duration value) {
      this.cap = value;
      return this;
    }

    /** The longest time from the first try to the start of the last one (positive). */
    public Builder deadline(Duration value) {
      this.deadline = value;
      return this;
    }

    /** The clock the deadline and {@code Retry-After} dates are read on. Required. */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** How to wait (default {@link Sleeper#THREAD}). */
    public Builder sleeper(Sleeper value) {
      this.sleeper = value;
      return this;
    }

    /**
     * The jitter: given the ceiling in milliseconds, a wait from 0 to it (default uniform random).
     * For tests; a result outside the range is clamped into it.
     */
    public Builder jitter(LongUnaryOperator value) {
      this.jitter = value;
      return this;
    }

    /** Checks the values and builds the policy. */
    public Backoff build() {
      require(clock != null, "a clock is required");
      require(sleeper != null && jitter != null, "a sleeper and a jitter are required");
      require(maxAttempts >= 1 && maxAttempts <= 10, "max attempts must be between 1 and 10");
      require(base != null && !base.isNegative(), "the backoff base must not be negative");
      require(cap != null && !cap.isNegative() && !cap.isZero() && cap.compareTo(base) >= 0,
          "the backoff cap must be positive and at least the base");
      require(deadline != null && !deadline.isNegative() && !deadline.isZero(), "the retry deadline must be positive");
      return new Backoff(this);
    }

    private static void require(boolean ok, String message) {
      if (!ok) {
        throw new ConfigurationException("retries: " + message);
      }
    }
  }
}
