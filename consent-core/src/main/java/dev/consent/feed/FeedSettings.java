package dev.consent.feed;

import dev.consent.error.ConfigurationException;
import java.time.Duration;

/**
 * How the change feed delivers.
 *
 * @param batchSize changes handed to a sink per call of {@link ChangeSink#accept} (1-10,000)
 * @param maxBatches batches one {@link ChangeFeed#deliver} call hands over at most before it returns (1-1,000)
 * @param lease how long one instance holds a subscriber while it delivers (others skip it meanwhile);
 *     longer than a batch takes to deliver
 * @param firstRetry the pause after a failed delivery; it doubles with each failure in a row
 * @param maxRetry the longest pause
 * @param gapWait how long a missing position is waited for before the feed moves past it: a change
 *     whose transaction is still running has its position but is not visible yet, and a rolled-back
 *     one leaves a gap for good (longer than any write transaction takes)
 * @param includeNumbers whether changes carry the number (personal data in every consumer: off by default)
 * @since 0.5
 */
public record FeedSettings(int batchSize, int maxBatches, Duration lease, Duration firstRetry, Duration maxRetry,
    Duration gapWait, boolean includeNumbers) {

  public FeedSettings {
    if (batchSize < 1 || batchSize > 10_000 || maxBatches < 1 || maxBatches > 1000) {
      throw new ConfigurationException("feed batch size must be 1-10,000 and batches per call 1-1,000");
    }
    for (Duration d : new Duration[] {lease, firstRetry, maxRetry, gapWait}) {
      if (d == null || d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(1)) > 0) {
        throw new ConfigurationException("feed lease, retry pauses and gap wait must be positive and at most a day");
      }
    }
    if (maxRetry.compareTo(firstRetry) < 0) {
      throw new ConfigurationException("the longest retry pause must not be shorter than the first");
    }
  }

  /** 500 changes per batch, 20 batches per call, a 30 s lease, retries from 1 s to 5 min, gaps waited for 60 s, no numbers. */
  public static FeedSettings defaults() {
    return new FeedSettings(500, 20, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(5),
        Duration.ofSeconds(60), false);
  }

  public FeedSettings withBatchSize(int value) {
    return new FeedSettings(value, maxBatches, lease, firstRetry, maxRetry, gapWait, includeNumbers);
  }

  public FeedSettings withRetries(Duration first, Duration max) {
    return new FeedSettings(batchSize, maxBatches, lease, first, max, gapWait, includeNumbers);
  }

  public FeedSettings withGapWait(Duration value) {
    return new FeedSettings(batchSize, maxBatches, lease, firstRetry, maxRetry, value, includeNumbers);
  }

  public FeedSettings withNumbers(boolean value) {
    return new FeedSettings(batchSize, maxBatches, lease, firstRetry, maxRetry, gapWait, value);
  }
}
