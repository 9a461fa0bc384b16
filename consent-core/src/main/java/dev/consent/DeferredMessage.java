package dev.consent;

import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A message the gate held instead of dropping ({@link MessageGate#sendOrDefer}): refused
 * for quiet hours or a frequency cap, to be checked again and sent at {@link #releaseAt} by {@link
 * MessageGate#releaseDue}, and dropped if it cannot go by {@link #latest}. The number and
 * body are personal data: stores keep them encrypted where they persist, and {@link #toString()}
 * shows neither.
 *
 * @param tenant the tenant
 * @param id the deferral id (at most 64 characters)
 * @param subjectRef the keyed reference of the number ({@link dev.consent.spi.ConsentStore#subjectRef}), for erasure
 * @param message the message as the host gave it
 * @param reason why it was held: {@link DenyReason#QUIET_HOURS} or {@link DenyReason#FREQUENCY_CAP}
 * @param heldAt when it was held
 * @param releaseAt when it is due to be checked again
 * @param latest after this instant it is dropped, not sent; not before {@link #releaseAt}
 * @param campaignId the campaign that held it ({@link Campaign#deferUpTo}), whose mark its
 *     release takes, so the campaign still reaches the number at most once; null for a message held by
 *     {@code sendOrDefer}, whose release takes a mark of its own
 * @since 0.5
 */
public record DeferredMessage(String tenant, String id, String subjectRef, OutboundMessage message,
    DenyReason reason, Instant heldAt, Instant releaseAt, Instant latest, @Nullable String campaignId) {

  public DeferredMessage {
    Checks.id(tenant, "tenant");
    Checks.maxLength(Checks.notBlank(id, "deferral id"), 64, "deferral id");
    Checks.maxLength(Checks.notBlank(subjectRef, "subject reference"), 64, "subject reference");
    Checks.notNull(message, "message");
    Checks.notNull(reason, "reason");
    if (reason != DenyReason.QUIET_HOURS && reason != DenyReason.FREQUENCY_CAP) {
      throw new InvalidInputException("only a message refused for quiet hours or a frequency cap is held, not " + reason);
    }
    heldAt = Checks.micros(heldAt, "heldAt");
    releaseAt = Checks.micros(releaseAt, "releaseAt");
    latest = Checks.micros(latest, "latest");
    if (campaignId != null) {
      Checks.id(campaignId, "campaign id");
    }
    if (latest.isBefore(releaseAt)) {
      throw new InvalidInputException("a deferred message is due (releaseAt) no later than its latest time");
    }
  }

  /** A copy due at another time. */
  public DeferredMessage releasedAt(Instant when) {
    return new DeferredMessage(tenant, id, subjectRef, message, reason, heldAt, when, latest, campaignId);
  }

  /** The number masked, the body as its length. */
  @Override
  public String toString() {
    return "DeferredMessage[tenant=" + tenant + ", id=" + id + ", message=" + message + ", reason=" + reason
        + ", heldAt=" + heldAt + ", releaseAt=" + releaseAt + ", latest=" + latest + ", campaignId=" + campaignId + "]";
  }
}
