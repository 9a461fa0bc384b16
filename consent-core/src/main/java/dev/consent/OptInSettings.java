package dev.consent;

import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Limits of the double opt-in flow, including the SMS pumping protections: how many confirmation
 * messages may go to one number, to one number prefix (the number without its last {@code
 * prefixHiddenDigits} digits), to one country and on behalf of one client address, each within
 * {@code window}.
 *
 * @param pendingTtl how long a request can be confirmed (default 24 h)
 * @param maxAttempts wrong web codes allowed per caller's handle before it takes no more (default 5);
 *     the phone's own SMS reply still confirms
 * @param cooldown restarting the same request within this time sends nothing (default 10 min)
 * @param window the window of the limits below (default 1 h)
 * @param perNumber confirmations per number per window (default 3)
 * @param perPrefix confirmations per number prefix per window (default 10)
 * @param prefixHiddenDigits digits dropped from the end of a number to form its prefix (default 3)
 * @param perCountry confirmations per country calling code per window (default 500)
 * @param perClient confirmations per client address per window (default 5)
 * @param allowedRegions ISO regions confirmations may go to; empty allows all
 * @since 0.1
 */
public record OptInSettings(
    Duration pendingTtl,
    int maxAttempts,
    Duration cooldown,
    Duration window,
    int perNumber,
    int perPrefix,
    int prefixHiddenDigits,
    int perCountry,
    int perClient,
    Set<String> allowedRegions) {

  public OptInSettings {
    Checks.notNull(pendingTtl, "pending TTL");
    Checks.notNull(cooldown, "cooldown");
    Checks.notNull(window, "window");
    if (pendingTtl.isNegative() || pendingTtl.isZero() || window.isNegative() || window.isZero() || cooldown.isNegative()) {
      throw new InvalidInputException("opt-in durations must be positive");
    }
    if (maxAttempts < 1 || perNumber < 1 || perPrefix < 1 || perCountry < 1 || perClient < 1) {
      throw new InvalidInputException("opt-in limits must be at least 1");
    }
    if (prefixHiddenDigits < 1 || prefixHiddenDigits > 6) {
      throw new InvalidInputException("prefix hidden digits must be between 1 and 6");
    }
    allowedRegions = Checks.notNull(allowedRegions, "allowed regions").stream()
        .map(r -> r.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }

  public static OptInSettings defaults() {
    return new OptInSettings(Duration.ofHours(24), 5, Duration.ofMinutes(10), Duration.ofHours(1), 3, 10, 3, 500, 5,
        Set.of());
  }

  public OptInSettings withAllowedRegions(Set<String> regions) {
    return new OptInSettings(pendingTtl, maxAttempts, cooldown, window, perNumber, perPrefix, prefixHiddenDigits,
        perCountry, perClient, regions);
  }

  public OptInSettings withLimits(int newPerNumber, int newPerPrefix, int newPerCountry, int newPerClient, Duration newWindow) {
    return new OptInSettings(pendingTtl, maxAttempts, cooldown, newWindow, newPerNumber, newPerPrefix,
        prefixHiddenDigits, newPerCountry, newPerClient, allowedRegions);
  }

  public OptInSettings withPendingTtl(Duration ttl) {
    return new OptInSettings(ttl, maxAttempts, cooldown, window, perNumber, perPrefix, prefixHiddenDigits, perCountry,
        perClient, allowedRegions);
  }

  public OptInSettings withMaxAttempts(int attempts) {
    return new OptInSettings(pendingTtl, attempts, cooldown, window, perNumber, perPrefix, prefixHiddenDigits,
        perCountry, perClient, allowedRegions);
  }

  public OptInSettings withCooldown(Duration newCooldown) {
    return new OptInSettings(pendingTtl, maxAttempts, newCooldown, window, perNumber, perPrefix, prefixHiddenDigits,
        perCountry, perClient, allowedRegions);
  }
}
