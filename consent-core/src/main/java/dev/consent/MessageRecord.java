package dev.consent;

import dev.consent.internal.base.Checks;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One message sent to a person, kept so that a later reply is attributed to the right program and
 * purpose, frequency caps can be counted and delivery can be followed.
 *
 * @param tenant the brand or client
 * @param messageId this library's id of the message
 * @param number the recipient
 * @param purposeId the purpose it was sent for; null for replies to HELP, STOP and the like
 * @param programId the program it was sent as
 * @param sender the sender id used
 * @param carrier the carrier's name, e.g. {@code twilio}
 * @param carrierMessageId the carrier's id (null if the carrier never accepted it)
 * @param sentAt when it was handed to the carrier
 * @param state its delivery state
 * @param errorCode the carrier's error code for a failed or undelivered message
 * @param body the message text (personal data: kept for a shorter retention than proofs)
 * @since 0.1
 */
public record MessageRecord(
    String tenant,
    String messageId,
    PhoneNumber number,
    @Nullable String purposeId,
    String programId,
    String sender,
    String carrier,
    @Nullable String carrierMessageId,
    Instant sentAt,
    DeliveryState state,
    @Nullable String errorCode,
    @Nullable String body) {

  public MessageRecord {
    Checks.id(tenant, "tenant");
    Checks.notBlank(messageId, "message id");
    Checks.notNull(number, "number");
    Checks.optionalId(purposeId, "purpose id");
    Checks.id(programId, "program id");
    Checks.notBlank(sender, "sender");
    Checks.notBlank(carrier, "carrier");
    sentAt = Checks.micros(sentAt, "sentAt");
    Checks.notNull(state, "state");
  }

  /** Whether this message was a system reply (HELP, STOP, confirmation) rather than a gated send. */
  public boolean isReply() {
    return purposeId == null;
  }

  public MessageRecord withDelivery(DeliveryState newState, @Nullable String newErrorCode) {
    return new MessageRecord(tenant, messageId, number, purposeId, programId, sender, carrier,
        carrierMessageId, sentAt, newState, newErrorCode, body);
  }

  /** The number masked, the body as its length. */
  @Override
  public String toString() {
    return "MessageRecord[tenant=" + tenant + ", messageId=" + messageId + ", number=" + number.masked()
        + ", purposeId=" + purposeId + ", programId=" + programId + ", sender=" + sender + ", carrier=" + carrier
        + ", carrierMessageId=" + LogText.safe(carrierMessageId) + ", sentAt=" + sentAt + ", state=" + state
        + ", errorCode=" + LogText.safe(errorCode) + ", body=" + LogText.chars(body) + "]";
  }
}
