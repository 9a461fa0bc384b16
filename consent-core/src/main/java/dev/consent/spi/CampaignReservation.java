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
   * One of the slot's frequency caps is full: nothing was written.
   *
   * @param cap the first of the slot's caps, in their order, that is full
   * @param blockingSend of the sends that cap counts, oldest first, the one at position (count −
   *     {@link SendCap#max}): once it has left the cap's window, that cap has room again
   */
  record CapReached(SendCap cap, java.time.Instant blockingSend) implements CampaignReservation {
    public CapReached {
      java.util.Objects.requireNonNull(cap, "cap");
      java.util.Objects.requireNonNull(blockingSend, "blockingSend");
    }
  }

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
