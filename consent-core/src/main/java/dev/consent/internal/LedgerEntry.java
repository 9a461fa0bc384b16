package dev.consent.internal;

import dev.consent.Channel;
import dev.consent.ConsentMethod;
import dev.consent.EventKind;
import dev.consent.PhoneNumber;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One event the kit is about to append, before the ledger seals it: who, which purpose, what
 * happened, how and through which channel, and the optional parts (evidence, notice version, time,
 * idempotency key, imported). Start with {@link #of} and add the optional parts:
 *
 * <pre>{@code
 * LedgerEntry.of(number, purposeId, EventKind.GRANTED, ConsentMethod.API, Channel.API)
 *     .evidence(ev).notice("v1").at(occurredAt).key(idempotencyKey)
 * }</pre>
 *
 * Not API.
 */
public record LedgerEntry(
    PhoneNumber number,
    String purposeId,
    EventKind kind,
    ConsentMethod method,
    Channel channel,
    Map<String, String> evidence,
    @Nullable String noticeVersion,
    @Nullable Instant occurredAt,
    @Nullable String idempotencyKey,
    boolean imported) {

  public LedgerEntry {
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(purposeId, "purposeId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(channel, "channel");
    evidence = java.util.Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(evidence, "evidence")));
  }

  /** An entry with no evidence, no notice, occurring now, without an idempotency key. */
  public static LedgerEntry of(PhoneNumber number, String purposeId, EventKind kind, ConsentMethod method,
      Channel channel) {
    return new LedgerEntry(number, purposeId, kind, method, channel, Map.of(), null, null, null, false);
  }

  /** With this evidence (replaces any earlier). */
  public LedgerEntry evidence(Map<String, String> value) {
    return new LedgerEntry(number, purposeId, kind, method, channel, value, noticeVersion, occurredAt, idempotencyKey,
        imported);
  }

  /** With the version of the notice that was shown ({@code null}: none). */
  public LedgerEntry notice(@Nullable String version) {
    return new LedgerEntry(number, purposeId, kind, method, channel, evidence, version, occurredAt, idempotencyKey,
        imported);
  }

  /** Occurred at this time ({@code null}: when appended). */
  public LedgerEntry at(@Nullable Instant time) {
    return new LedgerEntry(number, purposeId, kind, method, channel, evidence, noticeVersion, time, idempotencyKey,
        imported);
  }

  /** With this idempotency key ({@code null}: none). */
  public LedgerEntry key(@Nullable String value) {
    return new LedgerEntry(number, purposeId, kind, method, channel, evidence, noticeVersion, occurredAt, value,
        imported);
  }

  /** Marked as imported from an earlier system. */
  public LedgerEntry asImport() {
    return new LedgerEntry(number, purposeId, kind, method, channel, evidence, noticeVersion, occurredAt,
        idempotencyKey, true);
  }
}
