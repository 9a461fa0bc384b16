package dev.consent.internal;

import dev.consent.Channel;
import dev.consent.ConsentMethod;
import dev.consent.ConsentState;
import dev.consent.ConsentStatus;
import dev.consent.EventKind;
import dev.consent.FrequencyCap;
import dev.consent.Purpose;
import dev.consent.RecordType;
import dev.consent.RetentionPolicy;
import dev.consent.RetentionReport;
import dev.consent.spi.AppendResult;
import dev.consent.spi.PurgeResult;
import dev.consent.spi.ReviewStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One retention run: cut-offs from the kit's clock, one bounded batch per kind of record. Ended
 * consents are anonymised, never deleted: an {@code ERASED} event is appended (so the chain explains
 * the redaction) and the store redacts the purpose's events up to the ended status. Not API.
 */
public final class DefaultRetention {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DefaultRetention.class);
  private static final List<RecordType> SIMPLE = List.of(RecordType.MESSAGE_BODIES, RecordType.MESSAGES,
      RecordType.PENDING_OPT_INS, RecordType.INBOUND_RECEIPTS, RecordType.RATE_LIMIT_HITS);

  private final KitContext ctx;
  private final LedgerWriter ledger;
  private final RetentionPolicy policy;

  private final ReviewStore reviews;
  /** How long message entries are kept: the policy's period, or the longest cap window if longer. */
  private final Duration messages;

  public DefaultRetention(KitContext ctx, LedgerWriter ledger, RetentionPolicy policy, ReviewStore reviews) {
    this.ctx = ctx;
    this.ledger = ledger;
    this.policy = policy;
    this.reviews = reviews;
    Duration capped = longestCapWindow(ctx);
    this.messages = capped.compareTo(policy.periodOf(RecordType.MESSAGES)) > 0 ? capped
        : policy.periodOf(RecordType.MESSAGES);
    if (!messages.equals(policy.periodOf(RecordType.MESSAGES))) {
      log.info("message entries are kept {} (not {}): a frequency cap counts sends that long", messages,
          policy.periodOf(RecordType.MESSAGES));
    }
  }

  /**
   * The longest window a frequency cap of this kit counts sends over (the jurisdictions' caps and the
   * programs' declared frequencies): deleting a message entry sooner would let a cap pass.
   */
  static Duration longestCapWindow(KitContext ctx) {
    Duration out = Duration.ZERO;
    List<FrequencyCap> caps = new ArrayList<>();
    ctx.purposes().values().forEach(p -> caps.addAll(p.program().declaredCaps()));
    ctx.policies().jurisdictions().forEach(j -> {
      if (j.cap() != null) {
        caps.add(j.cap());
      }
    });
    for (FrequencyCap c : caps) {
      out = c.window().compareTo(out) > 0 ? c.window() : out;
    }
    return out;
  }

  public RetentionReport apply() {
    Instant now = ledger.now();
    List<RetentionReport.Entry> entries = new ArrayList<>();
    for (RecordType type : SIMPLE) {
      Duration period = type == RecordType.MESSAGES ? messages : policy.periodOf(type);
      PurgeResult r = ctx.store().purge(ctx.tenant(), type, now.minus(period), policy.batchSize());
      entries.add(new RetentionReport.Entry(type, r.count(), r.more()));
    }
    PurgeResult resolved = reviews.purgeResolved(ctx.tenant(), now.minus(policy.periodOf(RecordType.REVIEW_ITEMS)),
        policy.batchSize());
    entries.add(new RetentionReport.Entry(RecordType.REVIEW_ITEMS, resolved.count(), resolved.more()));
    entries.add(proofs(now));
    RetentionReport report = new RetentionReport(now, entries);
    log.info("retention run: {}", report.entries());
    return report;
  }

  private RetentionReport.Entry proofs(Instant now) {
    int budget = policy.batchSize();
    int done = 0;
    boolean more = false;
    for (Purpose p : ctx.purposes().values()) {
      if (budget - done <= 0) {
        more = true;
        break;
      }
      int room = budget - done;
      List<ConsentStatus> due = ctx.store().endedConsents(ctx.tenant(), p.id(), now.minus(policy.proofsFor(p.id())),
          room + 1);
      for (ConsentStatus s : due.subList(0, Math.min(room, due.size()))) {
        done += anonymise(s) ? 1 : 0;
      }
      more |= due.size() > room;
    }
    return new RetentionReport.Entry(RecordType.PROOFS, done, more);
  }

  /**
   * Appends the ERASED event unless the status already is one (an interrupted earlier run), then
   * redacts the purpose's events up to it (history-only events recorded after the ended one, e.g. a
   * backdated grant, included). A status that moved on since it was read (a new grant) is left alone.
   */
  private boolean anonymise(ConsentStatus s) {
    long through = s.seq();
    if (s.state() != ConsentState.ERASED) {
      ConsentStatus current = ctx.store().status(ctx.tenant(), s.number(), s.purposeId());
      if (current.seq() != s.seq() || current.state() != s.state()) {
        return false;
      }
      String ref = ctx.store().subjectRef(ctx.tenant(), s.number());
      AppendResult r = ledger.append(
          LedgerEntry.of(s.number(), s.purposeId(), EventKind.ERASED, ConsentMethod.SYSTEM, Channel.SYSTEM)
          .evidence(Map.of("reason", "retention")).key("retention:" + ref + ":" + s.seq() + ":" + s.purposeId()));
      through = r.event().seq();
    }
    ctx.store().redactEnded(ctx.tenant(), s.number(), s.purposeId(), through);
    return true;
  }
}
