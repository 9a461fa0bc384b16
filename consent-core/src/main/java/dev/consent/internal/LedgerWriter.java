package dev.consent.internal;

import dev.consent.KitObservation;
import dev.consent.spi.AppendResult;
import dev.consent.spi.EventChain;
import dev.consent.spi.NewEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Appends this kit's ledger events through {@link EventChain#append}, after storing the notice an
 * event references (see {@link NoticeSaver}). Not API.
 */
public final class LedgerWriter {
  private final KitContext ctx;
  private final String clockSkewTolerance;
  private final NoticeSaver notices;
  private final Observer observer;

  public LedgerWriter(KitContext ctx, Duration clockSkewTolerance) {
    this(ctx, clockSkewTolerance, Observer.NONE);
  }

  public LedgerWriter(KitContext ctx, Duration clockSkewTolerance, Observer observer) {
    this.ctx = ctx;
    this.observer = observer;
    this.clockSkewTolerance = clockSkewTolerance.toString();
    this.notices = new NoticeSaver(ctx);
  }

  public Instant now() {
    return ctx.clock().instant();
  }

  /**
   * Appends an event of this tenant; returns the stored event (the earlier one for a duplicate key).
   * The kit's clock-skew tolerance goes into the evidence (over any value the caller gave), so that
   * the ledger folds the event by it.
   */
  public AppendResult append(LedgerEntry entry) {
    if (!observer.enabled()) {
      return write(entry);
    }
    long start = observer.start();
    AppendResult r = write(entry);
    observer.report(new KitObservation.EventAppended(entry.kind(), r instanceof AppendResult.Duplicate,
        Observer.since(start)));
    return r;
  }

  private AppendResult write(LedgerEntry entry) {
    if (entry.noticeVersion() != null) {
      notices.ensureStored(entry.purposeId(), entry.noticeVersion());
    }
    Instant now = now();
    TreeMap<String, String> withTolerance = new TreeMap<>(entry.evidence());
    withTolerance.put(EventChain.SKEW_TOLERANCE, clockSkewTolerance);
    NewEvent e = new NewEvent(UUID.randomUUID().toString(), ctx.tenant(), entry.number(), entry.purposeId(),
        entry.kind(), entry.method(), entry.channel(), withTolerance, entry.noticeVersion(),
        entry.occurredAt() == null ? now : entry.occurredAt(), now, entry.idempotencyKey(), entry.imported());
    return ctx.writes().append(e);
  }
}
