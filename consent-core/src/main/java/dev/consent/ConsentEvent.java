package dev.consent;

import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import java.time.Instant;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;

/**
 * One immutable entry of the consent ledger. Events of one number form a hash chain: {@code seq}
 * counts from 1, {@code prevHash} is the hash of the number's previous event (64 zeros for the
 * first), and {@code hash} is SHA-256 over a canonical encoding of the event and {@code prevHash}.
 * Editing, deleting, inserting or reordering an event breaks the chain.
 *
 * <p>Encoding version 2 (every event this version appends) covers the pseudonymous {@code
 * subjectRef} instead of the number and the {@code evidenceDigest} instead of the evidence, so that
 * erasure can remove the number and the evidence values (a <em>redacted</em> event: no number, empty
 * evidence, digest kept) and the chain still verifies. Version 1 events (stored by 0.1) covered the
 * number and evidence themselves.
 *
 * @param eventId unique id of the event
 * @param tenant the brand or client the event belongs to
 * @param number the person's number; null once the person's data was erased
 * @param subjectRef the pseudonymous reference of the number ({@link dev.consent.spi.Pseudonyms})
 * @param purposeId the purpose the event is about
 * @param kind what happened
 * @param method how it was captured
 * @param channel through which channel
 * @param evidence supporting facts (form URL, inbound message id, confirmation text), sorted by key;
 *     empty once redacted
 * @param evidenceDigest SHA-256 of the canonical encoding of the evidence as recorded (kept after redaction)
 * @param noticeVersion the notice version a grant or request was given against
 * @param occurredAt when it happened
 * @param recordedAt when this library recorded it
 * @param idempotencyKey key that makes a repeated append a no-op (e.g. a carrier message id)
 * @param imported whether it was imported from an earlier system with its original time
 * @param seq position in the number's chain, from 1
 * @param prevHash hash of the previous event of the same number
 * @param hash this event's hash
 * @param hashVersion the canonical encoding the hash uses: 1 (number and evidence) or 2 (reference and digest)
 * @since 0.1
 */
public record ConsentEvent(
    String eventId,
    String tenant,
    @Nullable PhoneNumber number,
    String subjectRef,
    String purposeId,
    EventKind kind,
    ConsentMethod method,
    Channel channel,
    SortedMap<String, String> evidence,
    String evidenceDigest,
    @Nullable String noticeVersion,
    Instant occurredAt,
    Instant recordedAt,
    @Nullable String idempotencyKey,
    boolean imported,
    long seq,
    String prevHash,
    String hash,
    int hashVersion) {

  public ConsentEvent {
    Checks.notBlank(eventId, "event id");
    Checks.id(tenant, "tenant");
    Checks.notBlank(subjectRef, "subject reference");
    Checks.id(purposeId, "purpose id");
    Checks.notNull(kind, "kind");
    Checks.notNull(method, "method");
    Checks.notNull(channel, "channel");
    evidence = Checks.evidence(evidence);
    Checks.notBlank(evidenceDigest, "evidence digest");
    occurredAt = Checks.micros(occurredAt, "occurredAt");
    recordedAt = Checks.micros(recordedAt, "recordedAt");
    if (seq < 1) {
      throw new InvalidInputException("seq must be at least 1");
    }
    Checks.notBlank(prevHash, "prevHash");
    Checks.notBlank(hash, "hash");
    if (hashVersion != 1 && hashVersion != 2) {
      throw new InvalidInputException("hash version must be 1 or 2");
    }
  }

  /** Whether erasure removed this event's number and evidence (the digest and everything else remain). */
  public boolean isRedacted() {
    return number == null;
  }

  /** This event without the number and the evidence values, as erasure leaves it. */
  public ConsentEvent redacted() {
    return new ConsentEvent(eventId, tenant, null, subjectRef, purposeId, kind, method, channel,
        java.util.Collections.emptySortedMap(), evidenceDigest, noticeVersion, occurredAt, recordedAt, idempotencyKey,
        imported, seq, prevHash, hash, hashVersion);
  }

  /** The number masked, the evidence values hidden (the digest and the chain hashes stay). */
  @Override
  public String toString() {
    return "ConsentEvent[eventId=" + eventId + ", tenant=" + tenant + ", number=" + number + ", subjectRef=" + subjectRef
        + ", purposeId=" + purposeId + ", kind=" + kind + ", method=" + method + ", channel=" + channel + ", evidence="
        + LogText.keys(evidence) + ", evidenceDigest=" + evidenceDigest + ", noticeVersion=" + noticeVersion
        + ", occurredAt=" + occurredAt + ", recordedAt=" + recordedAt + ", idempotencyKey=" + idempotencyKey
        + ", imported=" + imported + ", seq=" + seq + ", prevHash=" + prevHash + ", hash=" + hash + ", hashVersion="
        + hashVersion + "]";
  }
}
