package dev.consent.spi;

import dev.consent.Channel;
import dev.consent.ConsentMethod;
import dev.consent.EventKind;
import dev.consent.LogText;
import dev.consent.PhoneNumber;
import dev.consent.internal.base.Checks;
import java.time.Instant;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;

/**
 * An event to append: everything but its place in the chain, which the store assigns with {@link
 * EventChain#seal} under its per-number lock. Times are truncated to microseconds.
 *
 * @since 0.1
 */
public record NewEvent(
    String eventId,
    String tenant,
    PhoneNumber number,
    String purposeId,
    EventKind kind,
    ConsentMethod method,
    dev.consent.Channel channel,
    SortedMap<String, String> evidence,
    @Nullable String noticeVersion,
    Instant occurredAt,
    Instant recordedAt,
    @Nullable String idempotencyKey,
    boolean imported) {

  public NewEvent {
    Checks.notBlank(eventId, "event id");
    Checks.id(tenant, "tenant");
    Checks.notNull(number, "number");
    Checks.id(purposeId, "purpose id");
    Checks.notNull(kind, "kind");
    Checks.notNull(method, "method");
    Checks.notNull(channel, "channel");
    evidence = Checks.evidence(evidence);
    Checks.optionalId(noticeVersion, "notice version");
    occurredAt = Checks.micros(occurredAt, "occurredAt");
    recordedAt = Checks.micros(recordedAt, "recordedAt");
    if (idempotencyKey != null) {
      idempotencyKey = Checks.wellFormed(
          Checks.maxLength(Checks.notBlank(idempotencyKey, "idempotency key"), 200, "idempotency key"));
    }
  }

  /** Convenience for tests and adapters: a new random event id. */
  public static String newId() {
    return java.util.UUID.randomUUID().toString();
  }

  /** The number masked, the evidence values hidden. */
  @Override
  public String toString() {
    return "NewEvent[eventId=" + eventId + ", tenant=" + tenant + ", number=" + number.masked() + ", purposeId="
        + purposeId + ", kind=" + kind + ", method=" + method + ", channel=" + channel + ", evidence="
        + LogText.keys(evidence) + ", noticeVersion=" + noticeVersion + ", occurredAt=" + occurredAt + ", recordedAt="
        + recordedAt + ", idempotencyKey=" + idempotencyKey + ", imported=" + imported + "]";
  }
}
