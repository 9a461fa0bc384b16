package dev.consent.spi;

import dev.consent.LogText;
import dev.consent.internal.base.Checks;
import java.time.Duration;

/**
 * One sliding-window limit: at most {@code max} acquisitions of {@code key} within {@code window}.
 *
 * @param key what is counted, e.g. {@code optin:number:<hash>} (never a number in clear)
 * @param max the most acquisitions allowed in the window
 * @param window the window length
 * @since 0.1
 */
public record RateLimit(String key, int max, Duration window) {
  public RateLimit {
    Checks.maxLength(Checks.notBlank(key, "rate limit key"), 128, "rate limit key");
    if (max < 0) {
      throw new dev.consent.error.InvalidInputException("rate limit max must not be negative");
    }
    Checks.notNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new dev.consent.error.InvalidInputException("rate limit window must be positive");
    }
  }

  /** The key's kind only (e.g. {@code optin:c:***}): its value is a hash of a number, prefix or address. */
  @Override
  public String toString() {
    return "RateLimit[key=" + key.substring(0, key.lastIndexOf(':') + 1) + LogText.HIDDEN + ", max=" + max + ", window="
        + window + "]";
  }
}
