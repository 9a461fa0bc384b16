package dev.consent;

import dev.consent.internal.base.Checks;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * A message the host wants to send. It always names its purpose.
 *
 * @param to the recipient, already parsed
 * @param purposeId the purpose it is sent for
 * @param body the text (personal data: never logged)
 * @param sender sender id to use; null means the first sender of the purpose's program
 * @param declaredZone the recipient's time zone if the host knows it; else it comes from the number
 * @since 0.1
 */
public record OutboundMessage(
    PhoneNumber to, String purposeId, String body, @Nullable String sender, @Nullable ZoneId declaredZone) {

  /** Longest body accepted: ten concatenated SMS parts of 160 characters. */
  public static final int MAX_BODY = 1600;

  public OutboundMessage {
    Checks.notNull(to, "to");
    Checks.id(purposeId, "purpose id");
    Checks.maxLength(Checks.notBlank(body, "body"), MAX_BODY, "body");
  }

  public static OutboundMessage of(PhoneNumber to, String purposeId, String body) {
    return new OutboundMessage(to, purposeId, body, null, null);
  }

  public OutboundMessage withSender(String newSender) {
    return new OutboundMessage(to, purposeId, body, newSender, declaredZone);
  }

  public OutboundMessage withDeclaredZone(ZoneId zone) {
    return new OutboundMessage(to, purposeId, body, sender, zone);
  }

  /** The number masked, the body as its length. */
  @Override
  public String toString() {
    return "OutboundMessage[to=" + to.masked() + ", purposeId=" + purposeId + ", body=" + LogText.chars(body)
        + ", sender=" + sender + ", declaredZone=" + declaredZone + "]";
  }
}
