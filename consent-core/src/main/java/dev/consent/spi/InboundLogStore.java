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

}
