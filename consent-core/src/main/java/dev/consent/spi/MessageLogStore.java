package dev.consent.spi;

import dev.consent.DeliveryState;
import dev.consent.MessageRecord;
import dev.consent.PhoneNumber;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The message log: what was sent to whom, its delivery state, and the send times frequency caps
 * count. The test kit's {@code MessageLogStoreContract} checks the rules.
 *
 * @since 0.5
 */
public interface MessageLogStore {

  void logMessage(MessageRecord message);

  /**
   * Logs {@code message}, a gated send about to be handed to the carrier (no carrier id yet), only
   * if every one of {@code caps} has room ({@link SendCap#firstFull}: fewer than {@link SendCap#max}
   * gated messages of its purpose, or of its program, are logged to its number at or after {@link
   * SendCap#since}). The count and the insert are one atomic step per number, across instances, so
   * that concurrent sends never pass a cap. The default counts and logs in two steps (not atomic);
   * the in-memory and JDBC stores override it, and the test kit's contract races it.
   *
   * @return whether the message was logged (its slot reserved)
   * @since 0.5
   */
  default boolean reserveSend(MessageRecord message, List<SendCap> caps) {
    if (message.purposeId() == null) {
      return false;
    }
    Instant since = SendCap.earliest(caps);
    List<SendCap.Logged> logged = new java.util.ArrayList<>();
    if (since != null) {
      for (MessageRecord m : messages(message.tenant(), message.number())) {
        SendCap.Logged l = SendCap.Logged.of(m);
        if (l != null && !l.sentAt().isBefore(since)) {
          logged.add(l);
        }
      }
    }
    if (SendCap.firstFull(caps, message, logged) != null) {
      return false;
    }
    logMessage(message);
    return true;
  }

  /**
   * {@link #reserveSend(MessageRecord, List)} with one cap on the message's purpose.
   *
   * @deprecated since 0.5: a send may have a program cap too; the gate calls {@link
   *     #reserveSend(MessageRecord, List)}, which stores implement
   * @since 0.5
   */
  @Deprecated
  default boolean reserveSend(MessageRecord message, Instant since, int max) {
    return reserveSend(message, List.of(SendCap.purpose(since, max)));
  }

  /**
   * The carrier took a reserved message: records its carrier message id (so delivery reports find
   * it). Returns whether the message was found.
   *
   * @since 0.5
   */
  boolean confirmSend(String tenant, String messageId, String carrierMessageId);

  /**
   * The carrier refused a reserved message: deletes it, so its slot counts no more. Only a message
   * without a carrier id is deleted. Returns whether one was.
   *
   * @since 0.5
   */
  boolean releaseSend(String tenant, String messageId);

  /**
   * Reserves the sends of one campaign batch, in the order given, answering one {@link
   * CampaignReservation} per slot in that order. For each slot, as one atomic step per number across
   * instances (reservations of the same number take turns, as in {@link #reserveSend}):
   *
   * <ol>
   *   <li>if {@code campaignId} already holds a message to the slot's number (an earlier slot of this
   *       batch, or any earlier reservation not released by {@link #releaseSend}), nothing is written
   *       and the answer is {@link CampaignReservation.AlreadyInCampaign};
   *   <li>else, if one of the slot's {@link CampaignSlot#caps} is full ({@link SendCap#firstFull}, with
   *       earlier slots of this batch counted), nothing is written and the answer is {@link
   *       CampaignReservation.CapReached};
   *   <li>else the message is logged without a carrier id, under the campaign, and the answer is
   *       {@link CampaignReservation.Reserved}; {@link #confirmSends} or {@link #releaseSend} follow.
   * </ol>
   *
   * <p>A store should need a fixed number of round trips per batch, not one per slot. A store that
   * keeps no campaigns leaves this default, which refuses: sending a campaign needs it, since
   * without it a retried campaign could send twice.
   *
   * @throws dev.consent.error.InvalidInputException if a slot's message is of another tenant, or the
   *     campaign id is not an id; nothing is written then
   * @throws UnsupportedOperationException from this default
   * @since 0.5
   */
  default List<CampaignReservation> reserveCampaign(String tenant, String campaignId, List<CampaignSlot> slots) {
    throw new UnsupportedOperationException(getClass().getName() + " keeps no campaigns"
        + " (MessageLogStore.reserveCampaign): a campaign cannot be sent through it");
  }

  /**
   * {@link #confirmSend} for many messages of one tenant (message id to carrier message id), in as
   * few round trips as the store can. The default confirms them one by one.
   *
   * @since 0.5
   */
  default void confirmSends(String tenant, Map<String, String> carrierMessageIds) {
    carrierMessageIds.forEach((messageId, carrierId) -> confirmSend(tenant, messageId, carrierId));
  }

  /**
   * {@link #releaseSend} for many messages of one tenant, in as few round trips as the store can.
   * The default releases them one by one.
   *
   * @since 0.5
   */
  default void releaseSends(String tenant, Collection<String> messageIds) {
    messageIds.forEach(messageId -> releaseSend(tenant, messageId));
  }

  /**
   * Moves a logged message forward to {@code state}; a state that is not further along ({@link
   * DeliveryState#canMoveTo}) changes nothing. Returns the record after the call, if known.
   */
  Optional<MessageRecord> updateDelivery(
      String tenant, String carrierMessageId, DeliveryState state, @Nullable String errorCode);

  Optional<MessageRecord> messageByCarrierId(String tenant, String carrierMessageId);

  /** Messages to one number, oldest first. */
  List<MessageRecord> messages(String tenant, PhoneNumber number);

  /** Send times of gated messages to one number for one purpose at or after {@code since}, oldest first. */
  List<Instant> sendTimes(String tenant, PhoneNumber number, String purposeId, Instant since);

  /** Count of gated messages per number for one purpose at or after {@code since}; zero counts absent. */
  Map<PhoneNumber, Integer> sendCounts(
      String tenant, Collection<PhoneNumber> numbers, String purposeId, Instant since);

  /**
   * Send times of gated messages (any purpose) of one program to one number at or after {@code
   * since}, oldest first: what a program cap ({@link SendCap.Scope#PROGRAM}) counts. The default
   * filters {@link #messages}; stores override it with an indexed read.
   *
   * @since 0.5
   */
  default List<Instant> programSendTimes(String tenant, PhoneNumber number, String programId, Instant since) {
    List<Instant> out = new java.util.ArrayList<>();
    for (MessageRecord m : messages(tenant, number)) {
      if (m.purposeId() != null && programId.equals(m.programId()) && !m.sentAt().isBefore(since)) {
        out.add(m.sentAt());
      }
    }
    out.sort(null);
    return out;
  }

  /**
   * Count of gated messages (any purpose) of one program per number at or after {@code since}; zero
   * counts absent. The default calls {@link #programSendTimes} per number; stores override it with
   * one batched read.
   *
   * @since 0.5
   */
  default Map<PhoneNumber, Integer> programSendCounts(
      String tenant, Collection<PhoneNumber> numbers, String programId, Instant since) {
    Map<PhoneNumber, Integer> out = new java.util.HashMap<>();
    for (PhoneNumber n : numbers) {
      int count = programSendTimes(tenant, n, programId, since).size();
      if (count > 0) {
        out.put(n, count);
      }
    }
    return out;
  }

  /**
   * Retention ({@link dev.consent.RecordType#MESSAGE_BODIES}): empties the body (sets it to null;
   * the entry stays) of at most {@code limit} messages sent before {@code sentBefore} (exclusive),
   * in one or more short transactions, and says whether more were due. Repeating it after {@code
   * more == false} changes nothing.
   *
   * @throws dev.consent.error.InvalidInputException for a limit below 1
   * @since 0.5
   */
  PurgeResult purgeMessageBodies(String tenant, Instant sentBefore, int limit);

  /**
   * Retention ({@link dev.consent.RecordType#MESSAGES}): deletes at most {@code limit} messages sent
   * before {@code sentBefore} (exclusive), in one or more short transactions, and says whether more
   * were due. Repeating it after {@code more == false} changes nothing.
   *
   * @throws dev.consent.error.InvalidInputException for a limit below 1
   * @since 0.5
   */
  PurgeResult purgeMessages(String tenant, Instant sentBefore, int limit);
}
