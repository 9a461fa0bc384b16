package dev.consent;

import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import java.time.Duration;

/**
 * Limits of inbound handling: the quarantine of unverified messages and its confirmation, the alarm
 * on unverified bursts, and the rate of HELP replies.
 *
 * @param quarantinePerTenant most unverified messages held in quarantine per tenant (default 10,000)
 * @param quarantinePerSender most held per claimed sender (default 3)
 * @param confirmBatch most items {@link InboundHandler#confirmQuarantined()} tries per call (default 100)
 * @param firstRetry wait after the first unavailable confirmation; doubles per attempt (default 1 min)
 * @param maxRetry longest wait between attempts (default 1 h)
 * @param maxAge how long an item is tried before it is given up (default 3 days)
 * @param alarmThreshold unverified messages from one carrier within {@code alarmWindow} that raise the alarm (default 5)
 * @param alarmWindow the alarm's window (default 10 min)
 * @param helpPerNumber HELP replies per number within {@code helpWindow} (default 3)
 * @param helpWindow the window of the HELP limit (default 1 h)
 * @param optOutRule how far a STOP reaches (default {@link OptOutRule#fccRevokeAll()}; since 0.5)
 * @since 0.4
 */
public record InboundSettings(
    int quarantinePerTenant,
    int quarantinePerSender,
    int confirmBatch,
    Duration firstRetry,
    Duration maxRetry,
    Duration maxAge,
    int alarmThreshold,
    Duration alarmWindow,
    int helpPerNumber,
    Duration helpWindow,
    OptOutRule optOutRule) {

  /**
   * A number that texts something the kit does not understand gets one clarifying reply per this
   * window (30 days); the retention of rate-limit hits must be at least this long.
   *
   * @since 0.5
   */
  public static final Duration CLARIFY_ONCE_PER = Duration.ofDays(30);

  public InboundSettings {
    if (quarantinePerTenant < 1 || quarantinePerSender < 1 || confirmBatch < 1 || alarmThreshold < 1
        || helpPerNumber < 1) {
      throw new InvalidInputException("inbound limits must be at least 1");
    }
    for (Duration d : new Duration[] {firstRetry, maxRetry, maxAge, alarmWindow, helpWindow}) {
      Checks.notNull(d, "inbound duration");
      if (d.isNegative() || d.isZero()) {
        throw new InvalidInputException("inbound durations must be positive");
      }
    }
    if (maxRetry.compareTo(firstRetry) < 0) {
      throw new InvalidInputException("the longest retry wait must not be shorter than the first");
    }
    Checks.notNull(optOutRule, "opt-out rule");
  }

  /** The settings of 0.4, with the default opt-out rule. */
  public InboundSettings(int quarantinePerTenant, int quarantinePerSender, int confirmBatch, Duration firstRetry,
      Duration maxRetry, Duration maxAge, int alarmThreshold, Duration alarmWindow, int helpPerNumber,
      Duration helpWindow) {
    this(quarantinePerTenant, quarantinePerSender, confirmBatch, firstRetry, maxRetry, maxAge, alarmThreshold,
        alarmWindow, helpPerNumber, helpWindow, OptOutRule.fccRevokeAll());
  }

  /** The defaults listed above. */
  public static InboundSettings defaults() {
    return new InboundSettings(10_000, 3, 100, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(3), 5,
        Duration.ofMinutes(10), 3, Duration.ofHours(1));
  }

  /** These settings with other quarantine budgets. */
  public InboundSettings withQuarantineBudget(int perTenant, int perSender) {
    return new InboundSettings(perTenant, perSender, confirmBatch, firstRetry, maxRetry, maxAge, alarmThreshold,
        alarmWindow, helpPerNumber, helpWindow, optOutRule);
  }

  /** These settings with another confirmation batch, back-off and maximum age. */
  public InboundSettings withConfirmation(int batch, Duration first, Duration longest, Duration age) {
    return new InboundSettings(quarantinePerTenant, quarantinePerSender, batch, first, longest, age, alarmThreshold,
        alarmWindow, helpPerNumber, helpWindow, optOutRule);
  }

  /** These settings with another alarm threshold and window. */
  public InboundSettings withAlarm(int threshold, Duration window) {
    return new InboundSettings(quarantinePerTenant, quarantinePerSender, confirmBatch, firstRetry, maxRetry, maxAge,
        threshold, window, helpPerNumber, helpWindow, optOutRule);
  }

  /** These settings with another HELP reply limit. */
  public InboundSettings withHelpLimit(int perNumber, Duration window) {
    return new InboundSettings(quarantinePerTenant, quarantinePerSender, confirmBatch, firstRetry, maxRetry, maxAge,
        alarmThreshold, alarmWindow, perNumber, window, optOutRule);
  }

  /**
   * These settings with another opt-out rule: how far a STOP reaches, by date and region.
   *
   * @since 0.5
   */
  public InboundSettings withOptOutRule(OptOutRule value) {
    return new InboundSettings(quarantinePerTenant, quarantinePerSender, confirmBatch, firstRetry, maxRetry, maxAge,
        alarmThreshold, alarmWindow, helpPerNumber, helpWindow, value);
  }
}
