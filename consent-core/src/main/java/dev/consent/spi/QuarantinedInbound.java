package dev.consent.spi;

import dev.consent.internal.base.Checks;
import java.time.Instant;

/**
 * An inbound message whose webhook could not be verified, kept only for as long as it takes to
 * confirm it with the carrier's API ({@link InboundConfirmer}). It holds what confirmation needs and
 * nothing more: no body and no number in clear, only the keyed subject reference of the sender the
 * request claimed ({@link ConsentStore#subjectRef}), which counts items per claimed sender.
 *
 * @param tenant the tenant
 * @param carrier the carrier name the request claimed
 * @param messageId the carrier message id the request claimed (what the confirmer looks up)
 * @param subjectRef the keyed reference of the claimed sender
 * @param receivedAt the receive time the request claimed (unverified; for diagnosis only)
 * @param quarantinedAt when the library quarantined it (the maximum age counts from here)
 * @param attempts confirmation attempts made so far
 * @param nextAttemptAt when the next confirmation attempt is due
 * @since 0.4
 */
public record QuarantinedInbound(
    String tenant,
    String carrier,
    String messageId,
    String subjectRef,
    Instant receivedAt,
    Instant quarantinedAt,
    int attempts,
    Instant nextAttemptAt) {

  public QuarantinedInbound {
    Checks.id(tenant, "tenant");
    Checks.id(carrier, "carrier");
    Checks.maxLength(Checks.notBlank(messageId, "message id"), 128, "message id");
    Checks.maxLength(Checks.notBlank(subjectRef, "subject reference"), 64, "subject reference");
    receivedAt = Checks.micros(receivedAt, "receivedAt");
    quarantinedAt = Checks.micros(quarantinedAt, "quarantinedAt");
    nextAttemptAt = Checks.micros(nextAttemptAt, "nextAttemptAt");
    if (attempts < 0) {
      throw new dev.consent.error.InvalidInputException("attempts must not be negative");
    }
  }

  /** The same item after one more attempt, next due at {@code next}. */
  public QuarantinedInbound retriedAt(Instant next) {
    return new QuarantinedInbound(tenant, carrier, messageId, subjectRef, receivedAt, quarantinedAt, attempts + 1, next);
  }
}
