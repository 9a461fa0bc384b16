package dev.consent.jdbc;

import java.util.List;
import java.util.Objects;

/**
 * What one call of {@link JdbcConsentStore#reencrypt} did.
 *
 * @param rewritten values moved to the tenant's current data key by this call
 * @param remaining values of the tenant still under an older data key after this call; written by
 *     other instances in the meantime, they are found by the next call
 * @param retiredKeys data keys retired by this call because no value uses them any more (they stay
 *     readable; only never current again)
 * @since 0.3
 */
public record ReencryptResult(int rewritten, long remaining, List<String> retiredKeys) {
  public ReencryptResult {
    if (rewritten < 0 || remaining < 0) {
      throw new IllegalArgumentException("counts cannot be negative");
    }
    retiredKeys = List.copyOf(Objects.requireNonNull(retiredKeys, "retiredKeys"));
  }

  /** Whether every value of the tenant is under its current data key. */
  public boolean complete() {
    return remaining == 0;
  }
}
