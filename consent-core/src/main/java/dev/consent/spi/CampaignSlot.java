package dev.consent.spi;

import dev.consent.InvalidInputException;
import dev.consent.MessageRecord;
import dev.consent.internal.Checks;
import java.time.Instant;

/**
 * One send of a campaign batch to reserve ({@link MessageLogStore#reserveCampaign}): the gated
 * message about to be handed to the carrier, and the frequency cap it must stay under.
 *
 * @param message the send, with its purpose and without a carrier id yet
 * @param capSince gated sends of the message's purpose to its number at or after this instant count
 *     toward the cap
 * @param capMax the most such sends allowed, the new one included; {@link #UNCAPPED} for no cap
 * @since 0.5
 */
public record CampaignSlot(MessageRecord message, Instant capSince, int capMax) {

  /** {@link #capMax} of a send no frequency cap applies to. */
  public static final int UNCAPPED = Integer.MAX_VALUE;

  public CampaignSlot {
    Checks.notNull(message, "message");
    Checks.notNull(capSince, "cap start");
    if (message.purposeId() == null) {
      throw new InvalidInputException("a campaign send names its purpose (replies are not campaign sends)");
    }
    if (message.carrierMessageId() != null) {
      throw new InvalidInputException("a campaign send is reserved before the carrier is called: no carrier id yet");
    }
    if (capMax < 1) {
      throw new InvalidInputException("cap must allow at least one message");
    }
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
    return new CampaignSlot(message, message.sentAt(), UNCAPPED);
  }
}
