package dev.consent.spi;

import dev.consent.ChainReport;
import dev.consent.ConsentEvent;
import dev.consent.ConsentState;
import dev.consent.ConsentStatus;
import dev.consent.EventKind;
import dev.consent.PhoneNumber;
import dev.consent.internal.Hashing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The ledger's shared rules, so that every store seals, folds and verifies events the same way.
 *
 * <p>The hash of an event is SHA-256 over a canonical, length-prefixed UTF-8 encoding of every
 * field but the hash itself, including {@code prevHash}; evidence is encoded in key order. The
 * status of a (number, purpose) is the fold of its events in chain order; an event that occurred
 * before the one in force is kept as history and does not change the status.
 *
 * @since 0.1
 */
public final class EventChain {

  /** The {@code prevHash} of a number's first event. */
  public static final String GENESIS = "0".repeat(64);

  /** Evidence key on an {@code EXPIRED} event: {@code request} for a pending request, {@code consent} for a grant. */
  public static final String EXPIRED_SCOPE = "expired";

  private EventChain() {}

  /** Gives an event its chain position and hash. */
  public static ConsentEvent seal(NewEvent e, long seq, String prevHash) {
    String hash = hash(e.eventId(), e.tenant(), e.number().e164(), e.purposeId(), e.kind().name(),
        e.method().name(), e.channel().name(), e.evidence(), e.noticeVersion(), e.occurredAt().toString(),
        e.recordedAt().toString(), e.idempotencyKey(), e.imported(), seq, prevHash);
    return new ConsentEvent(e.eventId(), e.tenant(), e.number(), e.purposeId(), e.kind(), e.method(),
        e.channel(), e.evidence(), e.noticeVersion(), e.occurredAt(), e.recordedAt(), e.idempotencyKey(),
        e.imported(), seq, prevHash, hash);
  }

  /** Recomputes an event's hash from its content. */
  public static String hashOf(ConsentEvent e) {
    return hash(e.eventId(), e.tenant(), e.number().e164(), e.purposeId(), e.kind().name(),
        e.method().name(), e.channel().name(), e.evidence(), e.noticeVersion(), e.occurredAt().toString(),
        e.recordedAt().toString(), e.idempotencyKey(), e.imported(), e.seq(), e.prevHash());
  }

  private static String hash(String eventId, String tenant, String number, String purposeId, String kind,
      String method, String channel, Map<String, String> evidence, @Nullable String notice, String occurredAt,
      String recordedAt, @Nullable String key, boolean imported, long seq, String prevHash) {
    MessageDigest md = Hashing.sha256();
    put(md, "consent-event/v1");
    for (String field : new String[] {eventId, tenant, number, purposeId, kind, method, channel}) {
      put(md, field);
    }
    put(md, Integer.toString(evidence.size()));
    evidence.forEach((k, v) -> {
      put(md, k);
      put(md, v);
    });
    for (String field : new String[] {notice, occurredAt, recordedAt, key, Boolean.toString(imported),
        Long.toString(seq), prevHash}) {
      put(md, field);
    }
    return HexFormat.of().formatHex(md.digest());
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

  /** The status after {@code event}, given the status of its (number, purpose) before it. */
  public static ConsentStatus fold(ConsentStatus current, ConsentEvent event) {
    if (!event.purposeId().equals(current.purposeId()) || !event.number().equals(current.number())) {
      return current;
    }
    if (current.state() != ConsentState.NONE && event.occurredAt().isBefore(current.since())) {
      return current;
    }
    return switch (event.kind()) {
      case REQUESTED -> current.state() == ConsentState.GRANTED
          ? current
          : status(current, event, ConsentState.PENDING, null, event.noticeVersion());
      case GRANTED -> status(current, event, ConsentState.GRANTED, event.occurredAt(), event.noticeVersion());
      case WITHDRAWN -> status(current, event, ConsentState.WITHDRAWN, null, grantedNotice(current));
      case EXPIRED -> expired(current, event);
      case ERASED -> status(current, event, ConsentState.ERASED, null, null);
    };
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
   * Verifies one number's chain as read from a store (in {@code seq} order): positions 1..n with no
   * gap, each {@code prevHash} equal to the previous event's hash, each hash equal to its content.
   */
  public static ChainReport verify(PhoneNumber number, List<ConsentEvent> chain) {
    List<ChainReport.Break> breaks = new ArrayList<>();
    String prev = GENESIS;
    long expected = 1;
    for (ConsentEvent e : chain) {
      if (!e.number().equals(number)) {
        breaks.add(new ChainReport.Break(number, e.seq(), "event belongs to another number"));
      }
      if (e.seq() != expected) {
        breaks.add(new ChainReport.Break(number, e.seq(), "gap or reorder: expected seq " + expected));
      }
      if (!e.prevHash().equals(prev)) {
        breaks.add(new ChainReport.Break(number, e.seq(), "previous hash does not match the event before it"));
      }
      if (!hashOf(e).equals(e.hash())) {
        breaks.add(new ChainReport.Break(number, e.seq(), "hash does not match the event's content"));
      }
      prev = e.hash();
      expected = e.seq() + 1;
    }
    return new ChainReport(1, chain.size(), breaks);
  }

}
