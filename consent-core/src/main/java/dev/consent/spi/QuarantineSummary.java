package dev.consent.spi;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How much a tenant's quarantine holds.
 *
 * @param held the number of items held
 * @param oldestQuarantinedAt when the oldest item was quarantined; null when none is held
 * @since 0.4
 */
public record QuarantineSummary(long held, @Nullable Instant oldestQuarantinedAt) {
  public QuarantineSummary {
    if (held < 0) {
      throw new dev.consent.error.InvalidInputException("held must not be negative");
    }
  }
}
