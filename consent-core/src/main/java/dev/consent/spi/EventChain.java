package dev.consent.spi;

import dev.consent.ChainReport;
import dev.consent.ConsentEvent;
import dev.consent.ConsentState;
import dev.consent.ConsentStatus;
import dev.consent.EventKind;
import dev.consent.PhoneNumber;
import dev.consent.error.ConsentStoreException;
import dev.consent.internal.base.Hashing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The ledger's shared rules, so that every store seals, folds and verifies events the same way.
 *
 * <p>The hash of an event is SHA-256 over a canonical, length-prefixed UTF-8 encoding of the event
 * and its {@code prevHash}. Encoding version 2 (used for every new event) covers the subject's
 * pseudonymous reference and the digest of the evidence (SHA-256 of the evidence's own canonical,
 * key-ordered encoding), never the number or the evidence values, so that erasure can remove those
 * and the chain still verifies; version 1 (events stored by 0.1) covered the number and the evidence
 * values. The status of a (number, purpose) is the fold of its events in chain order (see {@link
 * #fold} for the rule, which tolerates clocks that disagree between the instances that stamp events).
 *
 * @since 0.1
 */
public final class EventChain {

  /** The {@code prevHash} of a number's first event. */
  public static final String GENESIS = "0".repeat(64);

  /** The encoding version {@link #seal} uses. */
  public static final int HASH_VERSION = 2;

  /** Evidence key on an {@code EXPIRED} event: {@code request} for a pending request, {@code consent} for a grant. */
  public static final String EXPIRED_SCOPE = "expired";

  /**
   * Evidence key that carries the clock-skew tolerance the appending kit was configured with, as an
   * ISO-8601 duration ({@code PT2M}). The kit sets it on every event it appends, so that it is covered
   * by the event's hash and the fold needs nothing but the chain. An event without it (stored before
   * 0.4, or whose evidence was erased) folds by the rule of 0.3: see {@link #fold}.
   *
   * @since 0.4
   */
  public static final String SKEW_TOLERANCE = "clockSkewTolerance";

  /**
   * The clock-skew tolerance an event folds by when it carries an unreadable one (the kit's default,
   * {@link dev.consent.kit.ConsentKit#DEFAULT_CLOCK_SKEW_TOLERANCE}, is this value).
   *
   * @since 0.5
   */
  public static final java.time.Duration DEFAULT_SKEW_TOLERANCE = java.time.Duration.ofMinutes(5);

  private EventChain() {}

  /** How often {@link #append} seals an event again on a head another writer moved, before it gives up. */
  static final int MAX_APPEND_ATTEMPTS = 100;

  /**
   * Appends an event to its number's chain in {@code store}: reads the chain head and the purpose's
   * status ({@link LedgerStore#head}), seals the event on that head, folds the status, and writes both
   * if the head has not moved since ({@link LedgerStore#write}). When another writer moved the head
   * first, it reads again and seals again (with a short random pause after the first retries, so
   * that writers racing on one number spread out); an idempotency key already stored for the tenant
   * returns {@link AppendResult.Duplicate} and changes nothing.
   *
   * @throws ConsentStoreException when the store fails, or the head kept moving for {@value
   *     #MAX_APPEND_ATTEMPTS} attempts (nothing of this event was written: retry with the same key)
   * @since 0.5
   */
  public static AppendResult append(LedgerStore store, NewEvent e) {
    return append(store, e, store::write);
  }

  /**
   * {@link #append(LedgerStore, NewEvent)} with another compare-and-set write, for a store that
   * writes something else in the same transaction (the change feed: {@link ChangeFeedStore#write}).
   *
   * @since 0.5
   */
  public static AppendResult append(LedgerStore store, NewEvent e,
      java.util.function.BiFunction<ConsentEvent, ConsentStatus, LedgerWrite> write) {
    for (int attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt++) {
      ChainHead head = store.head(e.tenant(), e.number(), e.purposeId());
      ConsentEvent sealed = seal(e, head.subjectRef(), head.seq() + 1, head.hash());
      ConsentStatus before = head.status() != null ? head.status() : ConsentStatus.none(e.tenant(), e.number(), e.purposeId());
      ConsentStatus after = fold(before, sealed);
      LedgerWrite written = write.apply(sealed, after);
      if (written == LedgerWrite.WRITTEN) {
        return new AppendResult.Appended(sealed, after);
      }
      if (written == LedgerWrite.KEY_TAKEN && e.idempotencyKey() != null) {
        Optional<ConsentEvent> seen = store.eventByIdempotencyKey(e.tenant(), e.idempotencyKey());
        if (seen.isPresent()) {
          return new AppendResult.Duplicate(seen.get());
        }
        // the key's holder was rolled back after this write saw it: the key is free again
      }
      pause(attempt);
    }
    throw new ConsentStoreException("consent store: append gave up after " + MAX_APPEND_ATTEMPTS
        + " attempts (other writers kept moving the chain head of the number); nothing was written: retry with the"
        + " same idempotency key");
  }

  /**
   * After the second lost race, a random pause that grows with the attempts (up to 1 ms), so that
   * writers racing on one number spread out. Timing only: the mutation profile leaves it out.
   */
  private static void pause(int attempt) {
    if (attempt > 2) {
      LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(50_000L * Math.min(attempt, 20)));
    }
  }

  /** Gives an event its chain position and hash (encoding version 2). */
  public static ConsentEvent seal(NewEvent e, String subjectRef, long seq, String prevHash) {
    String digest = evidenceDigest(e.evidence());
    String hash = hashV2(e.eventId(), e.tenant(), subjectRef, e.purposeId(), e.kind().name(), e.method().name(),
        e.channel().name(), digest, e.noticeVersion(), e.occurredAt().toString(), e.recordedAt().toString(),
        e.idempotencyKey(), e.imported(), seq, prevHash);
    return new ConsentEvent(e.eventId(), e.tenant(), e.number(), subjectRef, e.purposeId(), e.kind(), e.method(),
        e.channel(), e.evidence(), digest, e.noticeVersion(), e.occurredAt(), e.recordedAt(), e.idempotencyKey(),
        e.imported(), seq, prevHash, hash, HASH_VERSION);
  }

  /**
   * Recomputes an event's hash from its content, by its encoding version. A redacted version 1 event
   * no longer holds what its hash covered: its hash cannot be recomputed.
   *
   * @throws IllegalArgumentException for a redacted version 1 event
   */
  public static String hashOf(ConsentEvent e) {
    if (e.hashVersion() == 1) {
      if (e.isRedacted()) {
        throw new IllegalArgumentException("a redacted version 1 event cannot be rehashed");
      }
      return hashV1(e.eventId(), e.tenant(), e.number().e164(), e.purposeId(), e.kind().name(), e.method().name(),
          e.channel().name(), e.evidence(), e.noticeVersion(), e.occurredAt().toString(), e.recordedAt().toString(),
          e.idempotencyKey(), e.imported(), e.seq(), e.prevHash());
    }
    return hashV2(e.eventId(), e.tenant(), e.subjectRef(), e.purposeId(), e.kind().name(), e.method().name(),
        e.channel().name(), e.evidenceDigest(), e.noticeVersion(), e.occurredAt().toString(), e.recordedAt().toString(),
        e.idempotencyKey(), e.imported(), e.seq(), e.prevHash());
  }

  /** SHA-256 (hex) of the canonical encoding of an evidence map: entry count, then keys and values in key order. */
  public static String evidenceDigest(Map<String, String> evidence) {
    MessageDigest md = Hashing.sha256();
    put(md, "consent-evidence/v1");
    putEvidence(md, new java.util.TreeMap<>(evidence));
    return HexFormat.of().formatHex(md.digest());
  }

  private static String hashV2(String eventId, String tenant, String subjectRef, String purposeId, String kind,
      String method, String channel, String evidenceDigest, @Nullable String notice, String occurredAt,
      String recordedAt, @Nullable String key, boolean imported, long seq, String prevHash) {
    MessageDigest md = Hashing.sha256();
    for (String field : new String[] {"consent-event/v2", eventId, tenant, subjectRef, purposeId, kind, method,
        channel, evidenceDigest, notice, occurredAt, recordedAt, key, Boolean.toString(imported), Long.toString(seq),
        prevHash}) {
      put(md, field);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static String hashV1(String eventId, String tenant, String number, String purposeId, String kind,
      String method, String channel, Map<String, String> evidence, @Nullable String notice, String occurredAt,
      String recordedAt, @Nullable String key, boolean imported, long seq, String prevHash) {
    MessageDigest md = Hashing.sha256();
    put(md, "consent-event/v1");
    for (String field : new String[] {eventId, tenant, number, purposeId, kind, method, channel}) {
      put(md, field);
    }
    putEvidence(md, evidence);
    for (String field : new String[] {notice, occurredAt, recordedAt, key, Boolean.toString(imported),
        Long.toString(seq), prevHash}) {
      put(md, field);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static void putEvidence(MessageDigest md, Map<String, String> evidence) {
    put(md, Integer.toString(evidence.size()));
    evidence.forEach((k, v) -> {
      put(md, k);
      put(md, v);
    });
  }

  private static void put(MessageDigest md, @Nullable String field) {
    if (field == null) {
      md.update("-1:".getBytes(StandardCharsets.UTF_8));
      return;
    }
    byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
    md.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
    md.update(bytes);
  }

  /**
   * The status after {@code event}, given the status of its (number, purpose) before it. Events are
   * stamped by the clock of whichever instance handled them, so their {@code occurredAt} can be out
   * of order by as much as those clocks disagree; the rule below fails closed, with the event's
   * tolerance {@code T} (its {@link #SKEW_TOLERANCE}) and the chain's order as tie-break:
   *
   * <ul>
   *   <li>An <em>ending</em> event (WITHDRAWN, or EXPIRED of a consent) over a status in force
   *       (GRANTED, PENDING) applies unless that status's {@code since} is more than {@code T} after
   *       the event's {@code occurredAt}; only a grant clearly later than a withdrawal survives it.
   *   <li>A GRANTED over an ended status (WITHDRAWN, ERASED, EXPIRED) applies only if it occurred
   *       more than {@code T} after that status's {@code since}; otherwise it is kept as history.
   *   <li>An ERASED event always applies (the data behind the status is gone), and sets the status
   *       from itself alone: state ERASED since its {@code occurredAt}.
   *   <li>A REVIEWED event never changes the status (since 0.5).
   *   <li>Otherwise (an ending event over an ended status, a grant over a grant or a request, a
   *       request) an event that occurred before the status's {@code since} is history; a REQUESTED
   *       never replaces a grant, and a request that runs out only ends a PENDING status.
   * </ul>
   *
   * <p>An event without a tolerance (stored before 0.4, or erased: an erased event is always
   * followed by an ERASED one) folds by the rule of 0.3: ERASED as above, and every other event
   * applies unless it occurred before the status's {@code since}. An unreadable tolerance counts as
   * {@link #DEFAULT_SKEW_TOLERANCE}.
   */
  public static ConsentStatus fold(ConsentStatus current, ConsentEvent event) {
    if (!event.purposeId().equals(current.purposeId())
        || (event.number() != null && !event.number().equals(current.number()))) {
      return current;
    }
    if (event.kind() == EventKind.ERASED) {
      return status(current, event, ConsentState.ERASED, null, null);
    }
    if (event.kind() == EventKind.REVIEWED || !applies(current, event)) {
      return current;
    }
    return switch (event.kind()) {
      case REQUESTED -> current.state() == ConsentState.GRANTED
          ? current
          : status(current, event, ConsentState.PENDING, null, event.noticeVersion());
      case GRANTED -> status(current, event, ConsentState.GRANTED, event.occurredAt(), event.noticeVersion());
      case WITHDRAWN -> status(current, event, ConsentState.WITHDRAWN, null, grantedNotice(current));
      case EXPIRED -> expired(current, event);
      case ERASED, REVIEWED -> throw new AssertionError("handled above");
    };
  }

  /** Whether {@code event} changes {@code current} by its time (see {@link #fold}). */
  private static boolean applies(ConsentStatus current, ConsentEvent event) {
    if (current.state() == ConsentState.NONE) {
      return true;
    }
    java.time.Duration tolerance = tolerance(event);
    boolean before = event.occurredAt().isBefore(current.since());
    if (tolerance == null) {
      return !before;
    }
    boolean inForce = current.state() == ConsentState.GRANTED || current.state() == ConsentState.PENDING;
    if (ends(event) && inForce) {
      return !current.since().isAfter(event.occurredAt().plus(tolerance));
    }
    if (event.kind() == EventKind.GRANTED && !inForce) {
      return event.occurredAt().isAfter(current.since().plus(tolerance));
    }
    return !before;
  }

  /** A withdrawal, or a consent (not a pending request) that ran out. */
  private static boolean ends(ConsentEvent event) {
    return event.kind() == EventKind.WITHDRAWN
        || (event.kind() == EventKind.EXPIRED && !"request".equals(event.evidence().get(EXPIRED_SCOPE)));
  }

  /**
   * The tolerance an event carries; null when it carries none (the 0.3 rule). A value that is not a
   * non-negative duration was not written by a kit: the default tolerance applies.
   */
  static java.time.@Nullable Duration tolerance(ConsentEvent event) {
    String value = event.evidence().get(SKEW_TOLERANCE);
    if (value == null) {
      return null;
    }
    try {
      java.time.Duration d = java.time.Duration.parse(value);
      return d.isNegative() ? DEFAULT_SKEW_TOLERANCE : d;
    } catch (java.time.format.DateTimeParseException e) {
      return DEFAULT_SKEW_TOLERANCE;
    }
  }

  /**
   * A pending request that runs out only matters while the status is PENDING, and leaves no notice
   * (nothing was consented); a grant that runs out keeps its notice version.
   */
  private static ConsentStatus expired(ConsentStatus current, ConsentEvent event) {
    if ("request".equals(event.evidence().get(EXPIRED_SCOPE))) {
      return current.state() == ConsentState.PENDING
          ? status(current, event, ConsentState.EXPIRED, null, null)
          : current;
    }
    return status(current, event, ConsentState.EXPIRED, null, grantedNotice(current));
  }

  /** The notice of a consent that was given; a pending request's notice was never agreed to. */
  private static @Nullable String grantedNotice(ConsentStatus current) {
    return current.state() == ConsentState.PENDING ? null : current.noticeVersion();
  }

  private static ConsentStatus status(ConsentStatus current, ConsentEvent e, ConsentState state,
      java.time.@Nullable Instant grantedAt, @Nullable String notice) {
    return new ConsentStatus(current.tenant(), current.number(), current.purposeId(), state, e.occurredAt(),
        grantedAt, notice, e.seq());
  }

  /** Replays a number's events into the status of one purpose. */
  public static ConsentStatus replay(String tenant, PhoneNumber number, String purposeId, List<ConsentEvent> chain) {
    ConsentStatus status = ConsentStatus.none(tenant, number, purposeId);
    for (ConsentEvent e : chain) {
      status = fold(status, e);
    }
    return status;
  }

  /**
   * Verifies one number's chain as read from a store (in {@code seq} order), taking its last event
   * as the head. Prefer {@link #verify(StoredChain)}, which also notices a deleted last event.
   */
  public static ChainReport verify(PhoneNumber number, List<ConsentEvent> chain) {
    String ref = chain.isEmpty() ? "" : chain.get(0).subjectRef();
    ChainReport r = verify(StoredChain.of(ref, chain));
    List<ChainReport.Break> breaks = new ArrayList<>();
    for (ConsentEvent e : chain) {
      if (e.number() != null && !e.number().equals(number)) {
        breaks.add(new ChainReport.Break(e.subjectRef(), number, e.seq(), "event belongs to another number"));
      }
    }
    breaks.addAll(r.breaks().stream().map(b -> new ChainReport.Break(b.subjectRef(), number, b.seq(), b.problem()))
        .toList());
    return new ChainReport(r.numbersChecked(), r.eventsChecked(), breaks);
  }

  /**
   * Verifies one subject's chain as stored: positions 1..n with no gap, each {@code prevHash} equal
   * to the previous event's hash, each hash equal to its content, each unredacted event's evidence
   * equal to its digest, every redacted event followed by an {@code ERASED} event, and the last event
   * equal to the head the store recorded (so deleting the newest events is noticed), and no hash
   * version 1 event after a version 2 one (since 0.5: a downgraded event would escape the content check).
   * A database writer who rebuilds a whole chain with fresh hashes passes these checks: signed
   * checkpoints ({@link dev.consent.receipt.ChainCheckpoints}) catch that.
   */
  public static ChainReport verify(StoredChain chain) {
    List<ChainReport.Break> breaks = new ArrayList<>();
    List<ConsentEvent> events = chain.events();
    String ref = chain.subjectRef();
    int lastErased = -1;
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).kind() == EventKind.ERASED) {
        lastErased = i;
      }
    }
    String prev = GENESIS;
    long expected = 1;
    boolean sealedV2 = false;
    for (int i = 0; i < events.size(); i++) {
      ConsentEvent e = events.get(i);
      PhoneNumber n = e.number();
      if (!e.subjectRef().equals(ref)) {
        breaks.add(new ChainReport.Break(ref, n, e.seq(), "event belongs to another subject"));
      }
      if (e.hashVersion() != 1 && e.hashVersion() != HASH_VERSION) {
        breaks.add(new ChainReport.Break(ref, n, e.seq(), "unknown hash version " + e.hashVersion()));
      } else if (e.hashVersion() == 1 && sealedV2) {
        // 0.1 sealed version 1, every later release version 2: a version 1 event after a version 2 one
        // was downgraded, and a redacted version 1 event would escape the content check
        breaks.add(new ChainReport.Break(ref, n, e.seq(), "hash version 1 after a version 2 event: downgraded"));
      }
      sealedV2 |= e.hashVersion() == HASH_VERSION;
      if (e.seq() != expected) {
        breaks.add(new ChainReport.Break(ref, n, e.seq(), "gap or reorder: expected seq " + expected));
      }
      if (!e.prevHash().equals(prev)) {
        breaks.add(new ChainReport.Break(ref, n, e.seq(), "previous hash does not match the event before it"));
      }
      String content = contentProblem(e, i < lastErased);
      if (content != null) {
        breaks.add(new ChainReport.Break(ref, n, e.seq(), content));
      }
      prev = e.hash();
      expected = e.seq() + 1;
    }
    long lastSeq = events.isEmpty() ? 0 : events.get(events.size() - 1).seq();
    if (lastSeq != chain.headSeq() || !prev.equals(chain.headHash())) {
      breaks.add(new ChainReport.Break(ref, null, lastSeq + 1, lastSeq < chain.headSeq()
          ? "events after seq " + lastSeq + " are missing: the store's head is at seq " + chain.headSeq()
          : "the last event does not match the head the store recorded (seq " + chain.headSeq() + ")"));
    }
    return new ChainReport(1, events.size(), breaks);
  }

  /** How many of the chain's events up to {@code throughSeq} carry hash version 1 (whose content a redaction hides). */
  public static long legacyEvents(List<ConsentEvent> events, long throughSeq) {
    return events.stream().filter(e -> e.seq() <= throughSeq && e.hashVersion() == 1).count();
  }

  private static @Nullable String contentProblem(ConsentEvent e, boolean erasedLater) {
    boolean redacted = e.isRedacted();
    if (redacted && !erasedLater && e.kind() != EventKind.ERASED) {
      return "event is redacted but no erasure follows it";
    }
    if (e.hashVersion() == 1 && redacted) {
      return null; // its content is gone by erasure; its place is still checked through the links
    }
    if (!hashOf(e).equals(e.hash())) {
      return "hash does not match the event's content";
    }
    if (!redacted && !evidenceDigest(e.evidence()).equals(e.evidenceDigest())) {
      return "evidence does not match its digest";
    }
    return null;
  }

}
