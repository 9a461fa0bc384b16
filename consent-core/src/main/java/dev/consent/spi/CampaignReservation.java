package dev.consent.spi;

import org.jspecify.annotations.Nullable;

/**
 * What {@link MessageLogStore#reserveCampaign} did with one {@link CampaignSlot}.
 *
 * @since 0.5
 */
public sealed interface CampaignReservation {

  /** Logged without a carrier id: the slot is taken, the carrier may be called. */
  record Reserved() implements CampaignReservation {}

  /**
   * The number's frequency cap for the purpose is full: nothing was written.
   *
   * @param blockingSend of the counted sends, oldest first, the one at position (count − {@link
   *     CampaignSlot#capMax}): once it has left the cap's window, the cap has room again
   */
  record CapReached(java.time.Instant blockingSend) implements CampaignReservation {}

  /**
   * The campaign already holds a message to this number (sent, or reserved by a run that stopped
   * before the carrier answered): nothing was written, so a retried campaign never sends twice.
   *
   * @param messageId the earlier message's id
   * @param carrierMessageId its carrier id; null while the earlier send was never confirmed (its
   *     outcome is unknown: the carrier may or may not have taken it)
   */
  record AlreadyInCampaign(String messageId, @Nullable String carrierMessageId) implements CampaignReservation {}
}
