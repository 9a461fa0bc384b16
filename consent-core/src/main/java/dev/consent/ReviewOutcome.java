package dev.consent;

/**
 * What {@link ReviewQueue#resolve} did.
 *
 * @since 0.5
 */
public sealed interface ReviewOutcome {
  /** This call resolved the item; {@code item} carries the resolution. */
  record Resolved(ReviewItem item) implements ReviewOutcome {}

  /**
   * The item was resolved before (by another person, another instance, the subscriber's answer or
   * the deadline): this call changed nothing; {@code item} carries the earlier resolution.
   */
  record AlreadyResolved(ReviewItem item) implements ReviewOutcome {}

  /** No item with this id in this tenant; nothing changed. */
  record Unknown(String itemId) implements ReviewOutcome {}
}
