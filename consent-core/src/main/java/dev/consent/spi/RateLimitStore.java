package dev.consent.spi;

import java.time.Instant;
import java.util.List;

/**
 * Sliding-window counters shared by every instance. The test kit's {@code RateLimitStoreContract}
 * checks the rules.
 *
 * @since 0.5
 */
public interface RateLimitStore {

  /**
   * Counts one acquisition against every limit if all of them still have room within their window
   * ending at {@code now}; otherwise counts nothing and returns false. Atomic across instances.
   */
  boolean tryAcquire(String tenant, List<RateLimit> limits, Instant now);

  /**
   * {@link #tryAcquire}, saying which limit refused: empty when the acquisition was counted, else the
   * limit without room, the first in the order of {@code limits} (a list of one). This default is for
   * stores that implement only {@code tryAcquire}: it cannot tell which limit refused and returns
   * all of them; both stores of the library return the one.
   *
   * @since 0.5
   */
  default List<RateLimit> acquire(String tenant, List<RateLimit> limits, Instant now) {
    return tryAcquire(tenant, limits, now) ? List.of() : List.copyOf(limits);
  }

  /**
   * Retention ({@link dev.consent.RecordType#RATE_LIMIT_HITS}): deletes at most {@code limit}
   * counted acquisitions made before {@code countedBefore} (exclusive), in one or more short
   * transactions, and says whether more were due. Repeating it after {@code more == false} changes
   * nothing.
   *
   * @throws dev.consent.error.InvalidInputException for a limit below 1
   * @since 0.5
   */
  PurgeResult purgeRateLimitHits(String tenant, Instant countedBefore, int limit);
}
