package dev.consent;

/**
 * What kind of message a purpose sends; the rules differ per class.
 *
 * @since 0.1
 */
public enum MessageClass {
  /** Promotional content: needs consent, quiet hours and frequency caps apply. */
  MARKETING,
  /** Transactional or account messages (order, delivery, appointment): no promotional content. */
  SERVICE,
  /** Replies inside a thread the person started. */
  CONVERSATIONAL
}
