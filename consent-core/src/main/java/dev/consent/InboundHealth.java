package dev.consent;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * What the host should watch about inbound handling (e.g. in a health endpoint). Holds no personal data.
 *
 * @param alarm whether some carrier's unverified messages within the alarm window reached the threshold
 * @param unverifiedInWindow unverified messages per carrier within the alarm window (carriers with none absent)
 * @param quarantined unverified messages held in quarantine for this tenant
 * @param oldestQuarantined age of the oldest held item; zero when none is held
 * @param confirmers carriers that can confirm quarantined messages; empty means confirmation is impossible
 *     and quarantined messages are only kept until they expire
 * @param forged quarantined messages the carrier did not know, since the kit was built
 * @param expired quarantined messages given up at their maximum age, since the kit was built
 * @since 0.4
 */
public record InboundHealth(
    boolean alarm,
    Map<String, Integer> unverifiedInWindow,
    long quarantined,
    Duration oldestQuarantined,
    Set<String> confirmers,
    long forged,
    long expired) {

  public InboundHealth {
    unverifiedInWindow = Map.copyOf(unverifiedInWindow);
    confirmers = Set.copyOf(confirmers);
  }

  /** Whether a quarantined message can be confirmed at all (some confirmer is configured). */
  public boolean confirmationPossible() {
    return !confirmers.isEmpty();
  }
}
