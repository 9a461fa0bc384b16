package dev.consent;

import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * How long each {@linkplain RecordType kind of record} is kept (GDPR Art. 5(1)(e)), and how many
 * records one {@link dev.consent.kit.ConsentKit#applyRetention()} run handles per kind. Proofs of consent outlive
 * message bodies (the policy refuses anything else) and, by default, the US four-year limitation
 * period for TCPA claims. Opt-outs are never subject to retention: suppressions (including the keyed
 * hash an erasure leaves) and the status of a withdrawn consent keep denying the number.
 *
 * <p>Defaults ({@link #defaults()}): message bodies 30 days, message log 13 months (395 days),
 * finished double opt-in requests 30 days after their expiry, inbound receipts 90 days, rate-limit
 * hits 31 days, proofs 5 years (1,826 days) after the consent ended, resolved review items 30 days
 * after their resolution, batches of 500.
 *
 * <pre>{@code
 * RetentionPolicy policy = RetentionPolicy.defaults()
 *     .withMessageBodies(Duration.ofDays(14))
 *     .withProofs("marketing.promotions", Duration.ofDays(6 * 365));
 * ConsentKit kit = ConsentKit.builder()
 *     // ... store, carrier, purposes, clock ...
 *     .retention(policy).build();
 * }</pre>
 *
 * @param messageBodies how long a message's text is kept after it was sent
 * @param messages how long a message log entry is kept after it was sent (at least {@code messageBodies})
 * @param pendingOptIns how long a finished double opt-in request is kept after its expiry
 * @param inboundReceipts how long the de-duplication record of an inbound message, with the carrier's
 *     message id in clear, is kept (carriers retry for hours, so days are plenty); a keyed hash of the
 *     id outlives it for good, so a replay stays a duplicate (since 0.4)
 * @param rateLimitHits how long a counted rate-limit acquisition is kept (at least the longest
 *     rate-limit window: {@link dev.consent.kit.ConsentKit.Builder#build()} checks)
 * @param proofs how long the evidence of an ended consent is kept after it ended, unless its purpose
 *     has an override (longer than {@code messageBodies})
 * @param proofsByPurpose per purpose id, a period that replaces {@code proofs}
 * @param batchSize records handled per kind in one run (1 to 10,000)
 * @param reviewItems how long an item of the review queue is kept after it was resolved (the
 *     decision stays in the ledger); open items are never deleted (since 0.5)
 * @since 0.3
 */
public record RetentionPolicy(
    Duration messageBodies,
    Duration messages,
    Duration pendingOptIns,
    Duration inboundReceipts,
    Duration rateLimitHits,
    Duration proofs,
    Map<String, Duration> proofsByPurpose,
    int batchSize,
    Duration reviewItems) {

  /** The largest batch one run may take per kind of record. */
  public static final int MAX_BATCH = 10_000;

  public RetentionPolicy {
    positive(messageBodies, "message body retention");
    positive(messages, "message retention");
    positive(pendingOptIns, "pending opt-in retention");
    positive(inboundReceipts, "inbound receipt retention");
    positive(rateLimitHits, "rate-limit hit retention");
    positive(proofs, "proof retention");
    positive(reviewItems, "review item retention");
    proofsByPurpose = Map.copyOf(new TreeMap<>(Checks.notNull(proofsByPurpose, "proof retention by purpose")));
    if (batchSize < 1 || batchSize > MAX_BATCH) {
      throw new InvalidInputException("retention batch size must be between 1 and " + MAX_BATCH);
    }
    if (messages.compareTo(messageBodies) < 0) {
      throw new InvalidInputException("message retention must not be shorter than message body retention");
    }
    if (proofs.compareTo(messageBodies) <= 0) {
      throw new InvalidInputException("proofs must be kept longer than message bodies");
    }
    for (Map.Entry<String, Duration> e : proofsByPurpose.entrySet()) {
      Checks.id(e.getKey(), "purpose id");
      positive(e.getValue(), "proof retention of purpose '" + e.getKey() + "'");
      if (e.getValue().compareTo(messageBodies) <= 0) {
        throw new InvalidInputException(
            "proofs of purpose '" + e.getKey() + "' must be kept longer than message bodies");
      }
    }
  }

  /** The default period of {@link RecordType#REVIEW_ITEMS}: as message bodies, 30 days after resolution. */
  public static final Duration DEFAULT_REVIEW_ITEMS = Duration.ofDays(30);

  /** The policy of 0.4 and before, with review items kept {@link #DEFAULT_REVIEW_ITEMS}. */
  public RetentionPolicy(Duration messageBodies, Duration messages, Duration pendingOptIns, Duration inboundReceipts,
      Duration rateLimitHits, Duration proofs, Map<String, Duration> proofsByPurpose, int batchSize) {
    this(messageBodies, messages, pendingOptIns, inboundReceipts, rateLimitHits, proofs, proofsByPurpose, batchSize,
        DEFAULT_REVIEW_ITEMS);
  }

  /** The documented defaults (see the type's description). */
  public static RetentionPolicy defaults() {
    return new RetentionPolicy(Duration.ofDays(30), Duration.ofDays(395), Duration.ofDays(30), Duration.ofDays(90),
        Duration.ofDays(31), Duration.ofDays(1826), Map.of(), 500, DEFAULT_REVIEW_ITEMS);
  }

  /** How long proofs of {@code purposeId} are kept after the consent ended. */
  public Duration proofsFor(String purposeId) {
    return proofsByPurpose.getOrDefault(purposeId, proofs);
  }

  /** The period of one kind of record; for {@link RecordType#PROOFS} the default of purposes without an override. */
  public Duration periodOf(RecordType type) {
    return switch (type) {
      case MESSAGE_BODIES -> messageBodies;
      case MESSAGES -> messages;
      case PENDING_OPT_INS -> pendingOptIns;
      case INBOUND_RECEIPTS -> inboundReceipts;
      case RATE_LIMIT_HITS -> rateLimitHits;
      case REVIEW_ITEMS -> reviewItems;
      case PROOFS -> proofs;
    };
  }

  public RetentionPolicy withMessageBodies(Duration value) {
    return new RetentionPolicy(value, messages, pendingOptIns, inboundReceipts, rateLimitHits, proofs, proofsByPurpose,
        batchSize, reviewItems);
  }

  public RetentionPolicy withMessages(Duration value) {
    return new RetentionPolicy(messageBodies, value, pendingOptIns, inboundReceipts, rateLimitHits, proofs,
        proofsByPurpose, batchSize, reviewItems);
  }

  public RetentionPolicy withPendingOptIns(Duration value) {
    return new RetentionPolicy(messageBodies, messages, value, inboundReceipts, rateLimitHits, proofs, proofsByPurpose,
        batchSize, reviewItems);
  }

  public RetentionPolicy withInboundReceipts(Duration value) {
    return new RetentionPolicy(messageBodies, messages, pendingOptIns, value, rateLimitHits, proofs, proofsByPurpose,
        batchSize, reviewItems);
  }

  public RetentionPolicy withRateLimitHits(Duration value) {
    return new RetentionPolicy(messageBodies, messages, pendingOptIns, inboundReceipts, value, proofs, proofsByPurpose,
        batchSize, reviewItems);
  }

  /** The proof period of purposes without an override. */
  public RetentionPolicy withProofs(Duration value) {
    return new RetentionPolicy(messageBodies, messages, pendingOptIns, inboundReceipts, rateLimitHits, value,
        proofsByPurpose, batchSize, reviewItems);
  }

  /** The proof period of one purpose, replacing the default for it. */
  public RetentionPolicy withProofs(String purposeId, Duration value) {
    Map<String, Duration> m = new TreeMap<>(proofsByPurpose);
    m.put(Checks.id(purposeId, "purpose id"), Checks.notNull(value, "proof retention"));
    return new RetentionPolicy(messageBodies, messages, pendingOptIns, inboundReceipts, rateLimitHits, proofs, m,
        batchSize, reviewItems);
  }

  public RetentionPolicy withBatchSize(int value) {
    return new RetentionPolicy(messageBodies, messages, pendingOptIns, inboundReceipts, rateLimitHits, proofs,
        proofsByPurpose, value, reviewItems);
  }

  /**
   * How long a resolved review item is kept after its resolution.
   *
   * @since 0.5
   */
  public RetentionPolicy withReviewItems(Duration value) {
    return new RetentionPolicy(messageBodies, messages, pendingOptIns, inboundReceipts, rateLimitHits, proofs,
        proofsByPurpose, batchSize, value);
  }

  private static void positive(Duration d, String name) {
    Checks.notNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new InvalidInputException(name + " must be positive");
    }
  }
}
