package dev.consent.spi;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How many review items a tenant has open.
 *
 * @param open the number of open items
 * @param oldestReceivedAt when the oldest open item's reply was received; null when none is open
 * @since 0.5
 */
public record ReviewSummary(long open, @Nullable Instant oldestReceivedAt) {
  public ReviewSummary {
    if (open < 0) {
      throw new dev.consent.error.InvalidInputException("open must not be negative");
    }
  }
}
