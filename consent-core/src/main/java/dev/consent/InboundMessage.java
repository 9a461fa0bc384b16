package dev.consent;

import dev.consent.internal.base.Checks;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A message a person sent to one of the program's senders, as parsed from a carrier webhook.
 *
 * @param carrier carrier name, e.g. {@code twilio}
 * @param messageId the carrier's id of the inbound message (de-duplication key)
 * @param from the person's number
 * @param to the sender id it was sent to
 * @param body the text (personal data: never logged)
 * @param receivedAt when the carrier received it (or when the webhook arrived)
 * @param authenticated whether the webhook's signature was verified; opt-ins are only trusted then
 * @param carrierAction what the carrier already did with it
 * @param service the carrier messaging service it arrived through, if any
 * @since 0.1
 */
public record InboundMessage(
    String carrier,
    String messageId,
    PhoneNumber from,
    String to,
    String body,
    Instant receivedAt,
    boolean authenticated,
    CarrierAction carrierAction,
    @Nullable String service) {

  /** Longest inbound body accepted: ten concatenated SMS parts of 160 characters. */
  public static final int MAX_BODY = 1600;

  public InboundMessage {
    Checks.id(carrier, "carrier");
    Checks.maxLength(Checks.notBlank(messageId, "message id"), 128, "message id");
    Checks.notNull(from, "from");
    Checks.maxLength(Checks.notBlank(to, "to"), 32, "to");
    Checks.maxLength(Checks.notNull(body, "body"), MAX_BODY, "body");
    receivedAt = Checks.micros(receivedAt, "receivedAt");
    Checks.notNull(carrierAction, "carrier action");
  }

  /** A verified inbound message the carrier did nothing with. */
  public static InboundMessage of(
      String carrier, String messageId, PhoneNumber from, String to, String body, Instant receivedAt) {
    return new InboundMessage(carrier, messageId, from, to, body, receivedAt, true, CarrierAction.NONE, null);
  }

  /** The number masked, the body as its length: a host that logs a message leaks neither. */
  @Override
  public String toString() {
    return "InboundMessage[carrier=" + carrier + ", messageId=" + LogText.safe(messageId) + ", from=" + from.masked()
        + ", to=" + LogText.safe(to) + ", body=" + LogText.chars(body) + ", receivedAt=" + receivedAt + ", authenticated="
        + authenticated + ", carrierAction=" + carrierAction + ", service=" + LogText.safe(service) + "]";
  }
}
