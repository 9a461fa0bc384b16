package dev.consent;

/**
 * What {@link MessageGate#reserve} did for a message the host sends through its own carrier client:
 * a slot reserved under the message's id, or the gate's refusal.
 *
 * @since 0.5
 */
public sealed interface HostSend {

  /**
   * The gate allows the message and its slot is taken (frequency caps count it from now): send it with
   * your client from {@code sender}, then call {@link MessageGate#confirmSent} with the carrier's
   * message id, or {@link MessageGate#cancel} if your carrier refused it.
   *
   * @param messageId the message's id in the message log
   * @param sender the program's sender to send from
   */
  record Reserved(String messageId, String sender) implements HostSend {}

  /** The gate refused the message: do not send it. */
  record Blocked(GateDecision.Denied decision) implements HostSend {}
}
