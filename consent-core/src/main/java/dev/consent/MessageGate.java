package dev.consent;

import java.util.List;

/**
 * The gate in front of the carrier: every message passes it, and it says why when it refuses.
 *
 * <pre>{@code
 * OutboundMessage m = OutboundMessage.of(number, "marketing.promotions", "20% off today");
 * if (gate.check(m) instanceof GateDecision.Denied d) {
 *   log.info("not sent: {}", d.reason());             // CONSENT_MISSING, QUIET_HOURS, ...
 * }
 * SendOutcome outcome = gate.send(m);     // check, send, log
 * }</pre>
 *
 * <p>Fail closed: when the store cannot be read, every message is denied with {@link
 * DenyReason#STORE_UNAVAILABLE}. Thread-safe.
 *
 * @since 0.1
 */
public interface MessageGate {

  /**
   * Decides whether a message may go out now.
   *
   * @throws UnknownPurposeException if the message names a purpose the kit does not know
   */
  GateDecision check(OutboundMessage message);

  /** Decides for many messages at once, with batched store reads (campaigns). Same order as the input. */
  List<GateDecision> checkAll(List<OutboundMessage> messages);

  /**
   * Checks, sends through the carrier and logs. A carrier report that the recipient opted out
   * suppresses the number in the scope the carrier gave.
   */
  SendOutcome send(OutboundMessage message);

  /**
   * For a message the host sends with its own carrier client (the Twilio SDK it already uses): checks
   * it as {@link #send} does and, when allowed, logs it (without a carrier id yet) and takes its
   * frequency-cap slot atomically, so caps and the message log count what the host sends too.
   * Follow with {@link #confirmSent} or {@link #cancel}; a reservation never confirmed keeps counting.
   *
   * @since 0.5
   */
  HostSend reserve(OutboundMessage message);

  /**
   * The host's carrier took a reserved message: records the carrier's message id, so that delivery
   * reports find it. Returns whether the reservation was found (false once confirmed or cancelled).
   *
   * @since 0.5
   */
  boolean confirmSent(String messageId, String carrierMessageId);

  /**
   * The host's carrier refused a reserved message: forgets it, freeing its slot. Returns whether the
   * reservation was found.
   *
   * @since 0.5
   */
  boolean cancel(String messageId);
}
