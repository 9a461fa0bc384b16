package dev.consent.memory;

import dev.consent.spi.PurgeResult;
import dev.consent.spi.RateLimit;
import dev.consent.spi.RateLimitStore;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rate limits of {@link InMemoryConsentStore}: per (tenant, key) the times of the acquisitions
 * still in a window, guarded by this object so that several limits are taken all or nothing.
 */
final class MemoryRateLimits implements RateLimitStore {
  private record Key(String tenant, String key) {}

  private final Map<Key, ArrayDeque<Instant>> buckets = new HashMap<>();

  @Override
  public boolean tryAcquire(String tenant, List<RateLimit> limits, Instant now) {
    return acquire(tenant, limits, now).isEmpty();
  }

  @Override
  public synchronized List<RateLimit> acquire(String tenant, List<RateLimit> limits, Instant now) {
    for (RateLimit l : limits) {
      ArrayDeque<Instant> q = buckets.computeIfAbsent(new Key(tenant, l.key()), k -> new ArrayDeque<>());
      Instant start = now.minus(l.window());
      q.removeIf(t -> !t.isAfter(start));
      if (q.size() >= l.max()) {
        return List.of(l);
      }
    }
    for (RateLimit l : limits) {
      buckets.get(new Key(tenant, l.key())).addLast(now);
    }
    return List.of();
  }

  @Override
  public synchronized PurgeResult purgeRateLimitHits(String tenant, Instant cutoff, int limit) {
    if (limit < 1) {
      throw new dev.consent.error.InvalidInputException("limit must be at least 1");
    }
    int done = 0;
    for (var it = buckets.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getKey().tenant().equals(tenant)) {
        continue;
      }
      ArrayDeque<Instant> q = e.getValue();
      while (!q.isEmpty() && q.peekFirst().isBefore(cutoff)) {
        if (done == limit) {
          return new PurgeResult(done, true);
        }
        q.pollFirst();
        done++;
      }
      if (q.isEmpty()) {
        it.remove();
      }
    }
    return new PurgeResult(done, false);
  }
}
