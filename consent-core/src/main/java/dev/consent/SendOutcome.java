package dev.consent;

/**
 * What {@link MessageGate#send} did: sent, blocked by the gate, or refused by the carrier; {@link
 * MessageGate#sendOrDefer} may also hold it ({@link Deferred}).
 *
 * @since 0.1
 */
public sealed interface SendOutcome {

  /** The carrier accepted the message; it is in the message log. */
  record Sent(String messageId, String carrierMessageId, String sender) implements SendOutcome {}

  /** The gate refused the message; nothing was sent. */
  record Blocked(GateDecision.Denied decision) implements SendOutcome {}

  /**
   * The gate allowed it but the carrier refused or failed. When the carrier said the recipient
   * opted out, the number is already suppressed in the scope the carrier gave.
   */
  record Failed(String messageId, CarrierError error) implements SendOutcome {}

  /**
   * The gate refused the message for quiet hours or a frequency cap, and it is held to be checked
   * again and sent at {@code releaseAt} by {@link MessageGate#releaseDue} (only {@link
   * MessageGate#sendOrDefer} and {@code releaseDue} answer this).
   *
   * @param deferralId the held message's id
   * @param releaseAt when it is due again: the refusal's retry instant
   * @param decision the refusal
   * @since 0.5
   */
  record Deferred(String deferralId, java.time.Instant releaseAt, GateDecision.Denied decision)
      implements SendOutcome {}
}
