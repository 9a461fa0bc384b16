package dev.consent;

/**
 * The kinds of record a {@link RetentionPolicy} gives a retention period, and what {@link
 * dev.consent.kit.ConsentKit#applyRetention()} does with each when its period has run out.
 *
 * @since 0.3
 */
public enum RecordType {
  /** The text of a logged message: emptied (the log entry stays until {@link #MESSAGES} is due). */
  MESSAGE_BODIES,
  /** A message log entry (recipient, sender, carrier id, delivery state): deleted, counted from its send time. */
  MESSAGES,
  /**
   * A double opt-in request that can no longer be confirmed (confirmed, expired or locked): deleted,
   * counted from its expiry. Requests still waiting are left to {@link DoubleOptInFlow}'s expiry.
   */
  PENDING_OPT_INS,
  /**
   * The record that an inbound message was handled (webhook de-duplication), with the carrier's
   * message id in clear: deleted, counted from handling. Since 0.4 the store keeps in its place a
   * keyed hash of the id ({@link dev.consent.spi.Pseudonyms#inbound}), for good, so that a webhook
   * replayed later (Twilio signs no timestamp) is still a duplicate.
   */
  INBOUND_RECEIPTS,
  /** One counted acquisition of a rate limit: deleted, counted from when it was counted. */
  RATE_LIMIT_HITS,
  /**
   * An item of the review queue that is resolved (by a person, the subscriber's answer or its
   * deadline), with the reply's number and text: deleted, counted from its resolution. Open items
   * are never deleted; the decision itself stays in the ledger. Purged through {@link
   * dev.consent.spi.ReviewStore#purgeResolved}.
   *
   * @since 0.5
   */
  REVIEW_ITEMS,
  /**
   * The ledger events of a consent that ended (its status is WITHDRAWN or EXPIRED), counted from
   * when it ended: anonymised as erasure does (an {@code ERASED} event is appended, the events lose
   * their number and evidence, digests and hashes stay so the chain still verifies). Never deleted.
   */
  PROOFS
}
