package dev.consent.feed;

import java.time.Instant;

/**
 * What one {@link ChangeFeed#deliver} call did.
 *
 * @since 0.5
 */
public sealed interface Delivery {

  /** Changes the sink took in this call (0 when nothing was due). */
  long delivered();

  /**
   * Delivered what was there, up to the call's limit.
   *
   * @param delivered changes the sink took
   * @param position the subscriber's position now (the last change it took)
   * @param moreDue whether changes were left for the next call (the limit was reached, or a gap is waited for)
   */
  record Done(long delivered, long position, boolean moreDue) implements Delivery {}

  /**
   * The sink failed; what it took before stays delivered, the failed batch comes again after {@code retryAt}.
   *
   * @param delivered changes the sink took before it failed
   * @param position the subscriber's position now
   * @param failures failed calls in a row
   * @param error the sink's exception class and message, escaped for logs
   * @param retryAt when the next call delivers again
   */
  record Failed(long delivered, long position, int failures, String error, Instant retryAt) implements Delivery {}

  /**
   * Nothing done: the subscriber is waiting after a failure, or another instance holds its lease.
   *
   * @param until when this call could do something
   * @param otherInstance whether another instance is delivering (else the subscriber is backing off)
   */
  record NotDue(Instant until, boolean otherInstance) implements Delivery {
    @Override
    public long delivered() {
      return 0;
    }
  }
}
