package dev.consent;

import dev.consent.internal.Checks;
import java.time.Instant;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;

/**
 * One immutable entry of the consent ledger. Events of one number form a hash chain: {@code seq}
 * counts from 1, {@code prevHash} is the hash of the number's previous event (64 zeros for the
 * first), and {@code hash} is SHA-256 over a canonical encoding of every other field and {@code
 * prevHash}. Editing, deleting, inserting or reordering an event breaks the chain.
 *
 * @param eventId unique id of the event
 * @param tenant the brand or client the event belongs to
 * @param number the person's number
 * @param purposeId the purpose the event is about
 * @param kind what happened
 * @param method how it was captured
 * @param channel through which channel
 * @param evidence supporting facts (form URL, inbound message id, confirmation text), sorted by key
 * @param noticeVersion the notice version a grant or request was given against
 * @param occurredAt when it happened
 * @param recordedAt when this library recorded it
 * @param idempotencyKey key that makes a repeated append a no-op (e.g. a carrier message id)
 * @param imported whether it was imported from an earlier system with its original time
 * @param seq position in the number's chain, from 1
 * @param prevHash hash of the previous event of the same number
 * @param hash this event's hash
 * @since 0.1
 */
public record ConsentEvent(
    String eventId,
    String tenant,
    PhoneNumber number,
    String purposeId,
    EventKind kind,
    ConsentMethod method,
    Channel channel,
    SortedMap<String, String> evidence,
    @Nullable String noticeVersion,
    Instant occurredAt,
    Instant recordedAt,
    @Nullable String idempotencyKey,
    boolean imported,
    long seq,
    String prevHash,
    String hash) {

  public ConsentEvent {
    Checks.notBlank(eventId, "event id");
    Checks.id(tenant, "tenant");
    Checks.notNull(number, "number");
    Checks.id(purposeId, "purpose id");
    Checks.notNull(kind, "kind");
    Checks.notNull(method, "method");
    Checks.notNull(channel, "channel");
    evidence = Checks.evidence(evidence);
    occurredAt = Checks.micros(occurredAt, "occurredAt");
    recordedAt = Checks.micros(recordedAt, "recordedAt");
    if (seq < 1) {
      throw new InvalidInputException("seq must be at least 1");
    }
    Checks.notBlank(prevHash, "prevHash");
    Checks.notBlank(hash, "hash");
  }
}
