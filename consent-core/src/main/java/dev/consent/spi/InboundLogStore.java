package dev.consent.spi;

import java.time.Instant;

/**
 * Which inbound messages were handled, so that a carrier's retry or a replay changes nothing. The
 * test kit's {@code InboundLogStoreContract} checks the rules.
 *
 * @since 0.5
 */
public interface InboundLogStore {

  /**
   * Whether an inbound message was already handled completely: its receipt is held, or the keyed
   * hash ({@link Pseudonyms#inbound}) retention kept when it deleted the receipt. Kept for good: a
   * replay after retention is still a duplicate, however late.
   */
  boolean inboundHandled(String tenant, String carrier, String messageId);

  /** Marks an inbound message handled; returns false if it already was. */
  boolean markInboundHandled(String tenant, String carrier, String messageId, Instant at);

  /**
   * Retention ({@link dev.consent.RecordType#INBOUND_RECEIPTS}): deletes at most {@code limit}
   * receipts handled before {@code handledBefore} (exclusive), in one or more short transactions,
   * keeping for each, in the same atomic step, its keyed hash ({@link Pseudonyms#inbound}) for
   * {@link #inboundHandled}, and says whether more were due. Repeating it after {@code more ==
   * false} changes nothing.
   *
   * @throws dev.consent.error.InvalidInputException for a limit below 1
   * @since 0.5
   */
  PurgeResult purgeInboundReceipts(String tenant, Instant handledBefore, int limit);
}
