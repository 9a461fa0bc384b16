package dev.consent;

import org.jspecify.annotations.Nullable;

/**
 * What {@link MessageGate#sendAll} did with one message of a campaign, reported to the {@link
 * CampaignListener} as soon as its batch is done.
 *
 * @since 0.5
 */
public sealed interface CampaignResult {

  /** The message's position in the campaign's input, from 0. */
  long index();

  /** Its recipient. */
  PhoneNumber to();

  /** The message went through the gate in this run: sent, blocked or refused by the carrier. */
  record Done(long index, PhoneNumber to, SendOutcome outcome) implements CampaignResult {
    @Override
    public String toString() {
      return "Done[index=" + index + ", to=" + to.masked() + ", outcome=" + outcome + "]";
    }
  }

  /**
   * The campaign already holds a message to this number (an earlier run, or an earlier line of this
   * run): nothing was sent now.
   *
   * @param messageId the earlier message
   * @param carrierMessageId its carrier id; null when the earlier run stopped before the carrier's
   *     answer was recorded, so the message may or may not have gone out (see {@link #inDoubt})
   */
  record AlreadySent(long index, PhoneNumber to, String messageId, @Nullable String carrierMessageId)
      implements CampaignResult {

    /** Whether the earlier send's outcome is unknown: it is never sent again, to stay at most once. */
    public boolean inDoubt() {
      return carrierMessageId == null;
    }

    @Override
    public String toString() {
      return "AlreadySent[index=" + index + ", to=" + to.masked() + ", messageId=" + messageId
          + ", carrierMessageId=" + LogText.safe(carrierMessageId) + "]";
    }
  }
}
