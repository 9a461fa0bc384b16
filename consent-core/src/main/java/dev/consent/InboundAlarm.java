package dev.consent;

import java.time.Duration;
import java.time.Instant;

/**
 * Raised once per window when one carrier's webhooks keep failing verification: usually the host's
 * configuration, not an attack. Holds no personal data.
 *
 * @param carrier the carrier whose requests failed verification
 * @param unverified unverified messages from it within the window
 * @param window the alarm window
 * @param raisedAt when it was raised (the kit's clock)
 * @param likelyCause what to check, in words
 * @since 0.4
 */
public record InboundAlarm(String carrier, int unverified, Duration window, Instant raisedAt, String likelyCause) {

  /** The usual causes of a burst of signature failures. */
  public static final String LIKELY_CAUSE = "the public webhook URL configured in the host differs from the one the"
      + " carrier calls (http vs https behind a proxy or load balancer, host name, port, path or query), or the auth"
      + " token / signature secret configured is not the account's current one";
}
