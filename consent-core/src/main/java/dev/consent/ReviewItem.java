package dev.consent;

import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An unclear inbound reply waiting for (or resolved by) a person: what the reviewer needs to decide
 * whether it asked to stop. The number and the text are personal data: stores keep them encrypted
 * (the JDBC store seals them like message bodies), and {@link #toString()} shows neither.
 *
 * @param tenant the tenant
 * @param id the item id (derived from the carrier and its message id, so a retried webhook queues once)
 * @param subjectRef the keyed reference of the number ({@link dev.consent.spi.ConsentStore#subjectRef})
 * @param number the number that replied
 * @param text the reply as received (at most 2,048 characters)
 * @param programId the program the reply was attributed to; null when the sender is shared or unknown
 * @param sender the sender id (our number or short code) the reply was sent to
 * @param carrier the carrier name
 * @param inboundMessageId the carrier's message id of the reply
 * @param classification what the classifier said (e.g. {@code "UNCLEAR/en"})
 * @param clarificationSent whether the clarification question went out in answer (its sending was attempted;
 *     it goes once per number per 30 days)
 * @param receivedAt when the reply was received; the deadline counts from here
 * @param deadline when the item is resolved by the rule if still open ({@link ReviewSettings})
 * @param resolution how it was resolved; null while open
 * @since 0.5
 */
public record ReviewItem(
    String tenant,
    String id,
    String subjectRef,
    PhoneNumber number,
    String text,
    @Nullable String programId,
    String sender,
    String carrier,
    String inboundMessageId,
    String classification,
    boolean clarificationSent,
    Instant receivedAt,
    Instant deadline,
    @Nullable ReviewResolution resolution) {

  /** Longest reply text kept. */
  public static final int MAX_TEXT = 2048;

  public ReviewItem {
    Checks.id(tenant, "tenant");
    Checks.maxLength(Checks.notBlank(id, "review item id"), 64, "review item id");
    Checks.maxLength(Checks.notBlank(subjectRef, "subject reference"), 64, "subject reference");
    Checks.notNull(number, "number");
    Checks.maxLength(Checks.notNull(text, "text"), MAX_TEXT, "text");
    Checks.optionalId(programId, "program id");
    Checks.maxLength(Checks.notBlank(sender, "sender"), 64, "sender");
    Checks.id(carrier, "carrier");
    Checks.maxLength(Checks.notBlank(inboundMessageId, "inbound message id"), 128, "inbound message id");
    Checks.maxLength(Checks.notBlank(classification, "classification"), 64, "classification");
    receivedAt = Checks.micros(receivedAt, "receivedAt");
    deadline = Checks.micros(deadline, "deadline");
    if (deadline.isBefore(receivedAt)) {
      throw new InvalidInputException("a review deadline must not be before the reply was received");
    }
  }

  /** Whether nobody has resolved it yet. */
  public boolean isOpen() {
    return resolution == null;
  }

  /** The resolution, if resolved. */
  public Optional<ReviewResolution> resolved() {
    return Optional.ofNullable(resolution);
  }

  /** This item resolved as given. */
  public ReviewItem withResolution(ReviewResolution value) {
    return new ReviewItem(tenant, id, subjectRef, number, text, programId, sender, carrier, inboundMessageId,
        classification, clarificationSent, receivedAt, deadline, Checks.notNull(value, "resolution"));
  }

  /** Masks the number and leaves the text out, so that a logged item leaks neither. */
  @Override
  public String toString() {
    return "ReviewItem[tenant=" + tenant + ", id=" + id + ", number=" + number.masked() + ", text=("
        + text.length() + " chars), programId=" + programId + ", sender=" + sender + ", classification="
        + classification + ", receivedAt=" + receivedAt + ", deadline=" + deadline + ", resolution=" + resolution + "]";
  }
}
