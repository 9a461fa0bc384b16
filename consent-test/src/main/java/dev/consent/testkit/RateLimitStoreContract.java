package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.InvalidInputException;
import dev.consent.spi.PurgeResult;
import dev.consent.spi.RateLimit;
import dev.consent.spi.RateLimitStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link RateLimitStore}: at most {@code max} acquisitions of a key within its
 * sliding window; a set of limits taken all or nothing, whichever of them is full, never exceeded by
 * concurrent callers with overlapping sets; keys and tenants apart; retention that deletes counted
 * acquisitions before a cut-off (exclusive) in bounded batches. A store's test extends it (or nests a
 * subclass, as {@link ConsentStoreContract} does) and returns its store from {@link #rateLimits()};
 * every test works in a fresh random tenant.
 */
public abstract class RateLimitStoreContract {

  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  /** The store under test. Called often: return the same instance. */
  protected abstract RateLimitStore rateLimits();

  private String tenant;

  @BeforeEach
  void freshRateLimitTenant() {
    tenant = "q-" + UUID.randomUUID().toString().substring(0, 12);
  }

  private static RateLimit hourly(String key, int max) {
    return new RateLimit(key, max, Duration.ofHours(1));
  }

  @Test
  @DisplayName("allow max acquisitions in the window, then refuse until it slides")
  void slidingWindow() {
    List<RateLimit> limits = List.of(new RateLimit("n:1", 2, Duration.ofHours(1)));
    assertThat(rateLimits().tryAcquire(tenant, limits, T0)).isTrue();
    assertThat(rateLimits().tryAcquire(tenant, limits, T0.plusSeconds(1))).isTrue();
    assertThat(rateLimits().tryAcquire(tenant, limits, T0.plusSeconds(2))).isFalse();
    assertThat(rateLimits().tryAcquire(tenant, limits, T0.plus(Duration.ofMinutes(61)))).isTrue();
  }

  @Test
  @DisplayName("count nothing when any limit of the set is full")
  void allOrNothing() {
    RateLimit wide = new RateLimit("prefix:1", 5, Duration.ofHours(1));
    RateLimit full = new RateLimit("n:2", 0, Duration.ofHours(1));
    assertThat(rateLimits().tryAcquire(tenant, List.of(wide, full), T0)).isFalse();
    for (int i = 0; i < 5; i++) {
      assertThat(rateLimits().tryAcquire(tenant, List.of(wide), T0.plusSeconds(i))).isTrue();
    }
    assertThat(rateLimits().tryAcquire(tenant, List.of(wide), T0.plusSeconds(9))).isFalse();
  }

  @Test
  @DisplayName("acquire names the first limit without room and counts nothing then; with room it counts and names none")
  void acquireNamesTheLimit() {
    RateLimit wide = new RateLimit("prefix:3", 3, Duration.ofHours(1));
    RateLimit narrow = new RateLimit("n:3", 1, Duration.ofMinutes(10));
    RateLimit other = new RateLimit("c:3", 1, Duration.ofHours(1));
    assertThat(rateLimits().acquire(tenant, List.of(wide, narrow), T0)).isEmpty();
    assertThat(rateLimits().acquire(tenant, List.of(wide, narrow, other), T0.plusSeconds(1))).containsExactly(narrow);
    assertThat(rateLimits().acquire(tenant, List.of(other, wide), T0.plusSeconds(2))).isEmpty();
    assertThat(rateLimits().acquire(tenant, List.of(wide, other), T0.plusSeconds(3))).containsExactly(other);
    assertThat(rateLimits().acquire(tenant, List.of(wide), T0.plusSeconds(4))).isEmpty();
    assertThat(rateLimits().acquire(tenant, List.of(wide), T0.plusSeconds(5))).containsExactly(wide);
    assertThat(rateLimits().acquire(tenant, List.of(wide, narrow), T0.plus(Duration.ofMinutes(11))))
        .as("the narrow window slid, the wide one is full").containsExactly(wide);
    assertThat(rateLimits().tryAcquire(tenant, List.of(narrow), T0.plus(Duration.ofMinutes(12)))).isTrue();
  }

  @Test
  @DisplayName("never let concurrent callers exceed the limit")
  void concurrent() throws Exception {
    AtomicInteger granted = new AtomicInteger();
    List<RateLimit> limits = List.of(new RateLimit("n:race", 10, Duration.ofHours(1)));
    ConsentStoreContract.runConcurrently(8, 10, (thread, i) -> {
      if (rateLimits().tryAcquire(tenant, limits, T0.plusMillis(thread * 100L + i))) {
        granted.incrementAndGet();
      }
    });
    assertThat(granted.get()).isEqualTo(10);
  }

  @Test
  @DisplayName("count a granted set once against each of its limits")
  void countedAgainstEach() {
    RateLimit a = hourly("a", 2);
    RateLimit b = hourly("b", 1);
    assertThat(rateLimits().tryAcquire(tenant, List.of(a, b), T0)).isTrue();
    assertThat(rateLimits().tryAcquire(tenant, List.of(b), T0.plusSeconds(1))).isFalse();
    assertThat(rateLimits().tryAcquire(tenant, List.of(a), T0.plusSeconds(2))).isTrue();
    assertThat(rateLimits().tryAcquire(tenant, List.of(a), T0.plusSeconds(3))).isFalse();
  }

  @Test
  @DisplayName("count nothing when a limit filled by earlier acquisitions is full, wherever it stands in the set")
  void filledByUse() {
    RateLimit a = hourly("a", 1);
    RateLimit b = hourly("b", 1);
    RateLimit c = hourly("c", 3);
    assertThat(rateLimits().tryAcquire(tenant, List.of(b), T0)).isTrue();
    assertThat(rateLimits().tryAcquire(tenant, List.of(b, a, c), T0.plusSeconds(1))).isFalse();
    assertThat(rateLimits().tryAcquire(tenant, List.of(a, c, b), T0.plusSeconds(2))).isFalse();
    assertThat(rateLimits().tryAcquire(tenant, List.of(a, c), T0.plusSeconds(3))).as("a and c were not counted").isTrue();
    assertThat(rateLimits().tryAcquire(tenant, List.of(c), T0.plusSeconds(4))).isTrue();
    assertThat(rateLimits().tryAcquire(tenant, List.of(c), T0.plusSeconds(5))).isTrue();
    assertThat(rateLimits().tryAcquire(tenant, List.of(c), T0.plusSeconds(6))).isFalse();
  }

  @Test
  @DisplayName("slide each limit of a set with its own window")
  void ownWindows() {
    RateLimit minute = new RateLimit("per-minute", 1, Duration.ofMinutes(1));
    RateLimit hour = new RateLimit("per-hour", 2, Duration.ofHours(1));
    List<RateLimit> both = List.of(minute, hour);
    assertThat(rateLimits().tryAcquire(tenant, both, T0)).isTrue();
    assertThat(rateLimits().tryAcquire(tenant, both, T0.plusSeconds(30))).as("the minute is full").isFalse();
    assertThat(rateLimits().tryAcquire(tenant, both, T0.plusSeconds(61))).isTrue();
    assertThat(rateLimits().tryAcquire(tenant, both, T0.plusSeconds(200))).as("the hour is full").isFalse();
    assertThat(rateLimits().tryAcquire(tenant, List.of(minute), T0.plusSeconds(201))).isTrue();
    assertThat(rateLimits().tryAcquire(tenant, both, T0.plus(Duration.ofMinutes(61)))).as("the first hit left the hour")
        .isTrue();
    assertThat(rateLimits().tryAcquire(tenant, List.of(hour), T0.plus(Duration.ofMinutes(62)))).isTrue();
    assertThat(rateLimits().tryAcquire(tenant, both, T0.plus(Duration.ofMinutes(63)))).as("the hour is full again")
        .isFalse();
  }

  @Test
  @DisplayName("keep keys and tenants apart")
  void apart() {
    RateLimit one = hourly("n:1", 1);
    assertThat(rateLimits().tryAcquire(tenant, List.of(one), T0)).isTrue();
    assertThat(rateLimits().tryAcquire(tenant, List.of(one), T0.plusSeconds(1))).isFalse();
    assertThat(rateLimits().tryAcquire(tenant, List.of(hourly("n:10", 1)), T0.plusSeconds(1))).isTrue();
    assertThat(rateLimits().tryAcquire(tenant + "-other", List.of(one), T0.plusSeconds(1))).isTrue();
    assertThat(rateLimits().tryAcquire(tenant + "-other", List.of(one), T0.plusSeconds(2))).isFalse();
  }

  @Test
  @DisplayName("never let concurrent callers with overlapping sets, listed in any order, exceed any limit")
  void concurrentOverlapping() throws Exception {
    RateLimit a = hourly("race:a", 10);
    RateLimit b = hourly("race:b", 10);
    AtomicInteger granted = new AtomicInteger();
    ConsentStoreContract.runConcurrently(8, 8, (thread, i) -> {
      List<RateLimit> set = (thread + i) % 2 == 0 ? List.of(a, b) : List.of(b, a);
      if (rateLimits().tryAcquire(tenant, set, T0.plusMillis(thread * 100L + i))) {
        granted.incrementAndGet();
      }
    });
    assertThat(granted.get()).isEqualTo(10);
    assertThat(rateLimits().tryAcquire(tenant, List.of(a), T0.plusSeconds(10))).isFalse();
    assertThat(rateLimits().tryAcquire(tenant, List.of(b), T0.plusSeconds(10))).isFalse();
  }

  @Test
  @DisplayName("retention deletes acquisitions counted before the cut-off (exclusive) in batches; the rest still count")
  void purgeHits() {
    RateLimit limit = hourly("n:1", 3);
    Instant cutoff = T0.plus(Duration.ofMinutes(2));
    assertThat(rateLimits().tryAcquire(tenant, List.of(limit), T0)).isTrue();
    assertThat(rateLimits().tryAcquire(tenant, List.of(limit), T0.plus(Duration.ofMinutes(1)))).isTrue();
    assertThat(rateLimits().tryAcquire(tenant, List.of(limit), cutoff)).isTrue();
    assertThat(rateLimits().tryAcquire(tenant + "-other", List.of(limit), T0)).isTrue();

    assertThat(rateLimits().purgeRateLimitHits(tenant, cutoff, 1)).isEqualTo(new PurgeResult(1, true));
    assertThat(rateLimits().purgeRateLimitHits(tenant, cutoff, 1)).isEqualTo(new PurgeResult(1, false));
    assertThat(rateLimits().purgeRateLimitHits(tenant, cutoff, 1)).isEqualTo(new PurgeResult(0, false));
    assertThatThrownBy(() -> rateLimits().purgeRateLimitHits(tenant, cutoff.plusSeconds(60), 0))
        .isInstanceOf(InvalidInputException.class);

    Instant later = cutoff.plusSeconds(1);
    assertThat(rateLimits().tryAcquire(tenant, List.of(limit), later)).as("one hit left in the window").isTrue();
    assertThat(rateLimits().tryAcquire(tenant, List.of(limit), later)).isTrue();
    assertThat(rateLimits().tryAcquire(tenant, List.of(limit), later)).isFalse();
    assertThat(rateLimits().purgeRateLimitHits(tenant + "-other", cutoff, 10)).isEqualTo(new PurgeResult(1, false));
  }
}
