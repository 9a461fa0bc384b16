package dev.consent.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RateLimitStore.acquire's default, for a store that implements only tryAcquire")
class RateLimitStoreDefaultTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final RateLimit A = new RateLimit("a:1", 1, Duration.ofHours(1));
  private static final RateLimit B = new RateLimit("b:1", 2, Duration.ofMinutes(5));

  /** Refuses when told to, and counts the calls that reached it. */
  private static final class Plain implements RateLimitStore {
    boolean room;
    int calls;

    @Override
    public boolean tryAcquire(String tenant, List<RateLimit> limits, Instant now) {
      calls++;
      return room;
    }

    @Override
    public PurgeResult purgeRateLimitHits(String tenant, Instant countedBefore, int limit) {
      return new PurgeResult(0, false);
    }
  }

  @Test
  @DisplayName("names no limit when tryAcquire counted, and every limit (it cannot tell which) when it refused")
  void fallsBackToTryAcquire() {
    Plain store = new Plain();
    store.room = true;
    assertThat(store.acquire("t", List.of(A, B), T0)).isEmpty();
    store.room = false;
    assertThat(store.acquire("t", List.of(A, B), T0)).containsExactly(A, B);
    assertThat(store.calls).isEqualTo(2);
  }
}
