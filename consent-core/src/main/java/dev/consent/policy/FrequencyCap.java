package dev.consent.policy;

import dev.consent.InvalidInputException;
import dev.consent.internal.Checks;
import java.time.Duration;
import java.time.Instant;

/**
 * At most {@code max} messages of one purpose ("on the same subject") to one number within a
 * rolling {@code window}. Immutable and thread-safe.
 *
 * @param max the largest number of messages allowed within the window, at least 1
 * @param window the rolling period, positive
 * @since 0.1
 */
public record FrequencyCap(int max, Duration window) {
  public FrequencyCap {
    if (max < 1) {
      throw new InvalidInputException("frequencyCap.max must be at least 1");
    }
    Checks.notNull(window, "frequencyCap.window");
    if (window.isNegative() || window.isZero()) {
      throw new InvalidInputException("frequencyCap.window must be positive");
    }
  }

  /** Whether one more message may go when {@code sentInWindow} were sent since {@link #windowStart}. */
  public boolean allowsAnother(long sentInWindow) {
    return sentInWindow < max;
  }

  /** The start of the rolling window that ends at {@code now}: count messages sent after it. */
  public Instant windowStart(Instant now) {
    return now.minus(window);
  }
}
