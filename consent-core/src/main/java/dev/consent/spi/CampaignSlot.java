package dev.consent.spi;

import dev.consent.MessageRecord;
import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import java.util.List;

/**
 * One send of a campaign batch to reserve ({@link MessageLogStore#reserveCampaign}): the gated
 * message about to be handed to the carrier, and the frequency caps it must stay under.
 *
 * @param message the send, with its purpose and without a carrier id yet
 * @param caps every cap that applies (a jurisdiction's on the purpose, the program's declared
 *     frequency); empty when none does
 * @since 0.5
 */
public record CampaignSlot(MessageRecord message, List<SendCap> caps) {

  public CampaignSlot {
    Checks.notNull(message, "message");
    if (message.purposeId() == null) {
      throw new InvalidInputException("a campaign send names its purpose (replies are not campaign sends)");
    }
    if (message.carrierMessageId() != null) {
      throw new InvalidInputException("a campaign send is reserved before the carrier is called: no carrier id yet");
    }
    caps = List.copyOf(Checks.notNull(caps, "caps"));
  }

  /**
   * Checks a campaign id as stores must before writing anything: an id of 1-128 characters, as
   * {@link dev.consent.ConsentId} describes.
   *
   * @throws InvalidInputException naming the rule
   */
  public static String checkCampaignId(String campaignId) {
    return Checks.id(campaignId, "campaign id");
  }

  /** A send no frequency cap applies to. */
  public static CampaignSlot uncapped(MessageRecord message) {
    return new CampaignSlot(message, List.of());
  }
}
