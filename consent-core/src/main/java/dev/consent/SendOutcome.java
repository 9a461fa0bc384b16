package dev.consent;

import dev.consent.spi.CarrierError;

/**
 * What {@link MessageGate#send} did: sent, blocked by the gate, or refused by the carrier.
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
}
