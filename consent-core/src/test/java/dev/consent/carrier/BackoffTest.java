package dev.consent.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.ConfigurationException;
import dev.consent.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Backoff: bounded attempts and deadline, full jitter under a cap, Retry-After honoured")
class BackoffTest {
  final MutableClock clock = MutableClock.at("2026-03-08T15:00:00Z");
  final List<Duration> pauses = new ArrayList<>();

  Backoff.Builder policy() {
    return Backoff.builder().clock(clock).sleeper(d -> {
      pauses.add(d);
      clock.advance(d);
    });
  }

  /** An attempt that always asks for another try, counting its calls. */
  static Backoff.Attempt<String> always(AtomicInteger calls, Duration retryAfter) {
    return n -> {
      calls.incrementAndGet();
      return Backoff.Step.retry("try " + n, retryAfter);
    };
  }

  @Nested
  @DisplayName("run")
  class Run {
    @Test
    @DisplayName("stops at the first Done and returns its value, without waiting")
    void done() {
      AtomicInteger calls = new AtomicInteger();
      String r = policy().build().run(n -> {
        calls.incrementAndGet();
        return Backoff.Step.done("ok");
      });
      assertThat(r).isEqualTo("ok");
      assertThat(calls).hasValue(1);
      assertThat(pauses).isEmpty();
    }

    @Test
    @DisplayName("makes at most maxAttempts tries and returns the last answer")
    void bounded() {
      AtomicInteger calls = new AtomicInteger();
      String r = policy().maxAttempts(4).build().run(always(calls, null));
      assertThat(r).isEqualTo("try 4");
      assertThat(calls).hasValue(4);
      assertThat(pauses).hasSize(3);
    }

    @Test
    @DisplayName("waits exactly a Retry-After within the cap")
    void retryAfter() {
      AtomicInteger calls = new AtomicInteger();
      policy().maxAttempts(3).cap(Duration.ofSeconds(5)).build().run(always(calls, Duration.ofSeconds(3)));
      assertThat(pauses).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    @Test
    @DisplayName("a Retry-After beyond the cap ends the tries instead of retrying early")
    void retryAfterBeyondCap() {
      AtomicInteger calls = new AtomicInteger();
      String r = policy().maxAttempts(5).cap(Duration.ofSeconds(5)).build().run(always(calls, Duration.ofSeconds(6)));
      assertThat(r).isEqualTo("try 1");
      assertThat(calls).hasValue(1);
      assertThat(pauses).isEmpty();
    }

    @Test
    @DisplayName("no wait that would end past the total deadline is started")
    void deadline() {
      AtomicInteger calls = new AtomicInteger();
      Backoff b = policy().maxAttempts(10).cap(Duration.ofSeconds(4)).deadline(Duration.ofSeconds(10)).build();
      String r = b.run(always(calls, Duration.ofSeconds(4)));
      assertThat(pauses).containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(4));
      assertThat(r).isEqualTo("try 3");
    }

    @Test
    @DisplayName("an interrupted wait returns the last answer and keeps the interrupt flag")
    void interrupted() {
      Backoff b = Backoff.builder().clock(clock).sleeper(d -> {
        throw new InterruptedException();
      }).build();
      AtomicInteger calls = new AtomicInteger();
      try {
        assertThat(b.run(always(calls, null))).isEqualTo("try 1");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
      }
    }
  }

  @Nested
  @DisplayName("delay")
  class Delay {
    @Test
    @DisplayName("full jitter: the ceiling doubles per attempt up to the cap")
    void ceilingDoubles() {
      Backoff b = policy().base(Duration.ofMillis(100)).cap(Duration.ofMillis(700)).jitter(ceiling -> ceiling).build();
      assertThat(List.of(b.delay(1, null), b.delay(2, null), b.delay(3, null), b.delay(4, null)))
          .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(700));
    }
  }

  @Nested
  @DisplayName("Retry-After header")
  class Header {
    @Test
    @DisplayName("reads delay-seconds and HTTP dates; a past date is zero; garbage and negatives are null")
    void parses() {
      assertThat(Backoff.retryAfter("7", clock)).isEqualTo(Duration.ofSeconds(7));
      assertThat(Backoff.retryAfter(" 0 ", clock)).isEqualTo(Duration.ZERO);
      assertThat(Backoff.retryAfter("Sun, 08 Mar 2026 15:00:30 GMT", clock)).isEqualTo(Duration.ofSeconds(30));
      assertThat(Backoff.retryAfter("Sun, 08 Mar 2026 14:00:00 GMT", clock)).isEqualTo(Duration.ZERO);
      assertThat(Backoff.retryAfter("soon", clock)).isNull();
      assertThat(Backoff.retryAfter("-3", clock)).isNull();
      assertThat(Backoff.retryAfter(null, clock)).isNull();
    }
  }

  @Property(tries = 500)
  @Label("never exceeds the cap nor base * 2^(n-1), and is never negative, whatever the jitter draws")
  void withinBounds(@ForAll @IntRange(min = 1, max = 60) int attempt, @ForAll @LongRange(min = -5, max = 100_000) long draw,
      @ForAll @IntRange(min = 0, max = 2000) int baseMillis) {
    Duration cap = Duration.ofMillis(3000);
    Backoff b = Backoff.builder().clock(MutableClock.at("2026-03-08T15:00:00Z")).base(Duration.ofMillis(baseMillis))
        .cap(cap).jitter(ceiling -> draw).build();
    Duration d = b.delay(attempt, null);
    long exponential = Math.min(Long.MAX_VALUE / 2, (long) baseMillis << Math.min(attempt - 1, 20));
    assertThat(d).isBetween(Duration.ZERO, cap);
    assertThat(d.toMillis()).isLessThanOrEqualTo(exponential);
  }

  @Test
  @DisplayName("build() refuses a missing clock, attempts out of 1..10, a cap below the base, a zero deadline")
  void config() {
    assertThatThrownBy(() -> Backoff.builder().build()).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> policy().maxAttempts(0).build()).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> policy().maxAttempts(11).build()).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> policy().base(Duration.ofSeconds(6)).cap(Duration.ofSeconds(5)).build())
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> policy().deadline(Duration.ZERO).build()).isInstanceOf(ConfigurationException.class);
  }
}
