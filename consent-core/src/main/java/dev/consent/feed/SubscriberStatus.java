package dev.consent.feed;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where one subscriber stands: the propagation status a host shows or alerts on.
 *
 * @param subscriber the subscriber's name
 * @param position the last change it took (0 before the first)
 * @param newest the newest change in the tenant's feed (0 when none)
 * @param deliveredAt when it last took changes, if ever
 * @param failures failed deliveries in a row (0 when the last one succeeded)
 * @param lastError the last failure, escaped for logs; null after a success
 * @param retryAt when it delivers again after a failure; null when not waiting
 * @since 0.5
 */
public record SubscriberStatus(String subscriber, long position, long newest, @Nullable Instant deliveredAt,
    int failures, @Nullable String lastError, @Nullable Instant retryAt) {

  /** Changes in the feed after its position (an upper bound: positions may have gaps). */
  public long lag() {
    return Math.max(0, newest - position);
  }
}
