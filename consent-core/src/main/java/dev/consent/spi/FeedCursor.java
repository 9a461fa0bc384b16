package dev.consent.spi;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One subscriber's place in the change feed, as the store keeps it. The kit moves it by
 * compare-and-set on {@code version} ({@link ChangeFeedStore#saveFeedCursor}).
 *
 * @param tenant the tenant
 * @param subscriber the subscriber's name
 * @param position the last change delivered to it
 * @param version incremented by every save (0 for a cursor not stored yet)
 * @param leaseOwner the instance delivering to it now, or null
 * @param leaseUntil until when that instance holds it
 * @param deliveredAt when it last took changes
 * @param failures failed deliveries in a row
 * @param lastError the last failure (escaped), null after a success
 * @param retryAt when it may be delivered to again after a failure
 * @param gaps positions below {@code position} not visible when it passed them (a transaction still
 *     running), with when each was first seen: delivered late if they appear, forgotten after the
 *     feed's gap wait
 * @since 0.5
 */
public record FeedCursor(String tenant, String subscriber, long position, long version, @Nullable String leaseOwner,
    @Nullable Instant leaseUntil, @Nullable Instant deliveredAt, int failures, @Nullable String lastError,
    @Nullable Instant retryAt, SortedMap<Long, Instant> gaps) {

  public FeedCursor {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(subscriber, "subscriber");
    gaps = Collections.unmodifiableSortedMap(new TreeMap<>(gaps));
    if (position < 0 || version < 0 || failures < 0) {
      throw new IllegalArgumentException("a feed cursor's position, version and failures are not negative");
    }
  }

  /** A subscriber that has taken nothing yet. */
  public static FeedCursor start(String tenant, String subscriber) {
    return new FeedCursor(tenant, subscriber, 0, 0, null, null, null, 0, null, null, new TreeMap<>());
  }
}
