package dev.consent.spi;

/**
 * Confirms an inbound message whose webhook could not be verified (a signature mismatch, a missing
 * signature) by asking the carrier's authenticated API for it. The library never applies such a
 * message as received: it keeps it in quarantine and applies what the carrier's own record says,
 * so a forged request changes nothing and a genuine STOP behind a misconfigured webhook URL or token
 * is still honoured.
 *
 * <p>Carrier adapters implement it where the carrier has such an API (Twilio: fetch the message by
 * its SID). Implementations must be thread-safe, never log the number or the body, and never throw
 * for a carrier answer: a network failure or a 5xx is {@link InboundConfirmation.Unavailable}.
 *
 * @since 0.4
 */
public interface InboundConfirmer {

  /** The carrier's name, as in {@link dev.consent.InboundMessage#carrier()}. */
  String name();

  /**
   * Looks up the inbound message with this id at the carrier.
   *
   * @param messageId the id the unverified webhook claimed
   * @return the message as the carrier recorded it, {@link InboundConfirmation.NotFound} when the
   *     carrier has no inbound message with that id (forged), or {@link InboundConfirmation.Unavailable}
   */
  InboundConfirmation confirm(String messageId);
}
