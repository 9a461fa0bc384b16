package dev.consent;

import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import java.time.Duration;

/**
 * How {@link MessageGate#sendAll} sends one campaign.
 *
 * <pre>{@code
 * Campaign spring = Campaign.of("spring-sale-2027").withMaxPerSecond(30);   // your number's pace
 * CampaignReport report = gate.sendAll(spring, crm.campaign("spring"), result -> crm.record(result));
 * }</pre>
 *
 * @param id the campaign's id: a retried run with the same id never sends twice to one number
 * @param maxPerSecond the carrier's throughput limit, in messages per second (Twilio: 1 for a long
 *     code, 3 for toll-free, 100 for a short code, more when bought); 0 sends as fast as the carrier
 *     answers
 * @param batchSize how many messages one batched store read decides (and one write reserves); a
 *     paced campaign reads at most one second of sends at a time
 * @param maxDecisionAge how old a batch's decisions may grow while its messages go out: past this,
 *     the rest of the batch is read again, so that an opt-out recorded meanwhile (on any instance)
 *     wins for the messages not sent yet
 * @param deferUpTo when set, a message refused for quiet hours or a frequency cap is held (as {@link
 *     MessageGate#sendOrDefer} holds it) if it could go within this long, instead of counted blocked;
 *     released by {@link MessageGate#releaseDue}, still at most once per recipient for this campaign
 * @since 0.5
 */
public record Campaign(String id, int maxPerSecond, int batchSize, Duration maxDecisionAge,
    @org.jspecify.annotations.Nullable Duration deferUpTo) {

  /** Default {@link #batchSize}. */
  public static final int DEFAULT_BATCH = 500;
  /** Largest {@link #batchSize}. */
  public static final int MAX_BATCH = 10_000;
  /** Default {@link #maxDecisionAge}. */
  public static final Duration DEFAULT_DECISION_AGE = Duration.ofSeconds(1);

  public Campaign {
    Checks.id(id, "campaign id");
    if (maxPerSecond < 0) {
      throw new InvalidInputException("maxPerSecond must be 0 (no limit) or more");
    }
    if (batchSize < 1 || batchSize > MAX_BATCH) {
      throw new InvalidInputException("batch size must be 1-" + MAX_BATCH);
    }
    Checks.notNull(maxDecisionAge, "maxDecisionAge");
    if (maxDecisionAge.isNegative() || maxDecisionAge.isZero() || maxDecisionAge.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new InvalidInputException("maxDecisionAge must be positive and at most 5 minutes");
    }
    if (deferUpTo != null && (deferUpTo.isNegative() || deferUpTo.isZero() || deferUpTo.compareTo(Duration.ofDays(30)) > 0)) {
      throw new InvalidInputException("deferUpTo (maxDelay) must be positive and at most 30 days");
    }
  }

  /** A campaign that holds no message (the components before deferral). */
  public Campaign(String id, int maxPerSecond, int batchSize, Duration maxDecisionAge) {
    this(id, maxPerSecond, batchSize, maxDecisionAge, null);
  }

  /** A campaign with no pace limit, batches of {@value #DEFAULT_BATCH}, decisions at most 1 s old. */
  public static Campaign of(String id) {
    return new Campaign(id, 0, DEFAULT_BATCH, DEFAULT_DECISION_AGE, null);
  }

  public Campaign withMaxPerSecond(int value) {
    return new Campaign(id, value, batchSize, maxDecisionAge, deferUpTo);
  }

  public Campaign withBatchSize(int value) {
    return new Campaign(id, maxPerSecond, value, maxDecisionAge, deferUpTo);
  }

  public Campaign withMaxDecisionAge(Duration value) {
    return new Campaign(id, maxPerSecond, batchSize, value, deferUpTo);
  }

  /** Holds the messages refused for quiet hours or a cap that could go within {@code maxDelay} ({@link #deferUpTo}). */
  public Campaign withDeferral(Duration maxDelay) {
    return new Campaign(id, maxPerSecond, batchSize, maxDecisionAge, maxDelay);
  }
}
