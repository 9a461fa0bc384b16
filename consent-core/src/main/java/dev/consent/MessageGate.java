package dev.consent;

import java.util.List;

/**
 * The gate in front of the carrier: every message passes it, and it says why when it refuses.
 *
 * <pre>{@code
 * OutboundMessage m = OutboundMessage.of(number, "marketing.promotions", "20% off today");
 * if (gate.check(m) instanceof GateDecision.Denied d) { ... d.reason() ... }
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
}
