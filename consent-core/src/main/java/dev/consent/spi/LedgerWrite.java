package dev.consent.spi;

/**
 * What {@link LedgerStore#write} did: the compare-and-set an append rests on.
 *
 * @since 0.5
 */
public enum LedgerWrite {
  /** The event, its status and the new chain head are stored. */
  WRITTEN,
  /** The subject's head is no longer the one the event was sealed on; nothing was written. */
  HEAD_MOVED,
  /** The tenant already holds an event with the event's idempotency key; nothing was written. */
  KEY_TAKEN
}
