package dev.consent.internal;

import dev.consent.Campaign;
import dev.consent.CampaignListener;
import dev.consent.CampaignReport;
import dev.consent.CampaignResult;
import dev.consent.CarrierError;
import dev.consent.DeliveryState;
import dev.consent.GateDecision;
import dev.consent.MessageRecord;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.Purpose;
import dev.consent.SendOutcome;
import dev.consent.error.ConsentStoreException;
import dev.consent.internal.base.Checks;
import dev.consent.spi.CampaignReservation;
import dev.consent.spi.CampaignSlot;
import dev.consent.spi.OutgoingSms;
import dev.consent.spi.SendResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of {@link dev.consent.MessageGate#sendAll}: batches read with the gate's batched check,
 * reserved in one store call per batch (campaign mark and frequency cap, atomically per number),
 * sent at the campaign's pace, confirmed and released in one store call each. A batch whose
 * decisions grow older than the campaign allows is cut: its unsent messages are released and read
 * again, so an opt-out recorded meanwhile wins. Not API.
 */
final class CampaignRun {
  private static final Logger log = LoggerFactory.getLogger(CampaignRun.class);

  /** Waits for the next send's turn at the campaign's pace. */
  interface Pacer {
    void awaitTurn() throws InterruptedException;

    /** Evenly spaced sends, at most {@code perSecond} a second (0: no wait); no burst after a pause. */
    static Pacer perSecond(int perSecond) {
      if (perSecond == 0) {
        return () -> {
          if (Thread.interrupted()) {
            throw new InterruptedException();
          }
        };
      }
      long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
      long[] next = {System.nanoTime()};
      return () -> {
        long now = System.nanoTime();
        long wait = next[0] - now;
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        } else if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        next[0] = Math.max(next[0], now) + interval;
      };
    }
  }

  private record Item(long index, OutboundMessage message) {}

  private final KitContext ctx;
  private final DefaultGate gate;
  private final CarrierReports carrierReports;
  private final Campaign campaign;
  private final CampaignListener listener;
  private final Pacer pacer;
  private final Deque<Item> again = new ArrayDeque<>();
  private long processed;
  private long sent;
  private long blocked;
  private long failed;
  private long alreadySent;
  private long deferred;
  private boolean interrupted;
  /** Messages read per batch: halved when a batch's decisions are too old before its first send. */
  private int limit;

  CampaignRun(KitContext ctx, DefaultGate gate, CarrierReports carrierReports, Campaign campaign,
      CampaignListener listener, Pacer pacer) {
    this.ctx = ctx;
    this.gate = gate;
    this.carrierReports = carrierReports;
    this.campaign = campaign;
    this.listener = listener;
    this.pacer = pacer;
  }

  CampaignReport run(Iterable<OutboundMessage> messages) {
    Iterator<OutboundMessage> input = messages.iterator();
    limit = campaign.maxPerSecond() > 0 ? Math.min(campaign.batchSize(), campaign.maxPerSecond())
        : campaign.batchSize();
    long next = 0;
    while (!interrupted) {
      List<Item> batch = new ArrayList<>(limit);
      while (batch.size() < limit && !again.isEmpty()) {
        batch.add(again.pollFirst());
      }
      while (batch.size() < limit && input.hasNext()) {
        batch.add(new Item(next++, Checks.notNull(input.next(), "campaign message")));
      }
      if (batch.isEmpty()) {
        break;
      }
      send(laterDuplicates(batch));
      listener.onProgress(report());
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      log.info("campaign {} interrupted after {} messages", campaign.id(), processed);
    }
    return report();
  }

  /**
   * A number named twice in one batch goes once; its other lines wait for the next batch, where the
   * store reports the first one's outcome (sent, or released for another try).
   */
  private List<Item> laterDuplicates(List<Item> batch) {
    Set<PhoneNumber> seen = new HashSet<>();
    List<Item> once = new ArrayList<>(batch.size());
    List<Item> later = new ArrayList<>();
    for (Item item : batch) {
      (seen.add(item.message().to()) ? once : later).add(item);
    }
    for (int i = later.size() - 1; i >= 0; i--) {
      again.addFirst(later.get(i));
    }
    return once;
  }

  private CampaignReport report() {
    return new CampaignReport(campaign.id(), processed, sent, blocked, failed, alreadySent, !interrupted, deferred);
  }

  private void send(List<Item> batch) {
    List<OutboundMessage> messages = batch.stream().map(Item::message).toList();
    Instant decidedAt = ctx.clock().instant(); // the decisions are as old as the read they start with
    List<GateDecision> decisions = gate.checkAll(messages, false); // the reservation counts the caps
    CampaignResult[] results = new CampaignResult[batch.size()];
    List<Integer> allowed = new ArrayList<>();
    List<CampaignSlot> slots = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      if (decisions.get(i) instanceof GateDecision.Denied d) {
        results[i] = done(batch.get(i), new SendOutcome.Blocked(d));
        continue;
      }
      allowed.add(i);
      slots.add(slot(batch.get(i).message(), ((GateDecision.Allowed) decisions.get(i)).sender(), decidedAt));
    }
    List<CampaignReservation> reservations = slots.isEmpty() ? List.of()
        : ctx.store().reserveCampaign(ctx.tenant(), campaign.id(), slots);
    if (reservations.size() != slots.size()) {
      throw new IllegalStateException("the store answered " + reservations.size() + " reservations for "
          + slots.size() + " campaign sends (MessageLogStore.reserveCampaign contract)");
    }
    List<Integer> reserved = new ArrayList<>();
    List<MessageRecord> records = new ArrayList<>();
    for (int k = 0; k < slots.size(); k++) {
      int i = allowed.get(k);
      MessageRecord m = slots.get(k).message();
      CampaignReservation reservation = reservations.get(k);
      if (reservation instanceof CampaignReservation.AlreadyInCampaign a) {
        results[i] = new CampaignResult.AlreadySent(batch.get(i).index(), m.number(), a.messageId(),
            a.carrierMessageId());
        alreadySent++;
      } else if (reservation instanceof CampaignReservation.CapReached full) {
        results[i] = done(batch.get(i),
            new SendOutcome.Blocked(gate.capReached(batch.get(i).message(), slots.get(k).caps(), full)));
      } else {
        reserved.add(i);
        records.add(m);
      }
    }
    deliver(batch, results, reserved, records, decidedAt);
    for (CampaignResult r : results) {
      if (r != null) {
        processed++;
        listener.onResult(r);
      }
    }
  }

  /**
   * Hands the reserved messages to the carrier at the campaign's pace; confirms the accepted ones and
   * releases the refused and the unsent ones in one store call each, whatever happens.
   */
  private void deliver(List<Item> batch, CampaignResult[] results, List<Integer> reserved, List<MessageRecord> records,
      Instant decidedAt) {
    Map<String, String> accepted = new LinkedHashMap<>();
    List<String> release = new ArrayList<>();
    int n = 0;
    boolean tooSlow = false;
    try {
      for (; n < reserved.size(); n++) {
        if (Duration.between(decidedAt, ctx.clock().instant()).compareTo(campaign.maxDecisionAge()) > 0) {
          tooSlow = readAgain(batch, reserved, records, n, release);
          break;
        }
        try {
          pacer.awaitTurn();
        } catch (InterruptedException e) {
          interrupted = true;
          for (int r = n; r < reserved.size(); r++) {
            release.add(records.get(r).messageId());
          }
          break;
        }
        int i = reserved.get(n);
        MessageRecord m = records.get(n);
        SendResult result = ctx.carrier().send(new OutgoingSms(m.number(), m.sender(), m.body(), m.messageId()));
        if (result instanceof SendResult.Accepted a) {
          accepted.put(m.messageId(), a.carrierMessageId());
          results[i] = done(batch.get(i), new SendOutcome.Sent(m.messageId(), a.carrierMessageId(), m.sender()));
        } else {
          CarrierError error = ((SendResult.Rejected) result).error();
          if (error.kind() != CarrierError.Kind.OUTCOME_UNKNOWN) {
            release.add(m.messageId()); // no message exists: a retry may send it
          } // else it may exist: it stays held, unconfirmed, so a retry reports it in doubt
          results[i] = done(batch.get(i), gate.refused(m.number(), m.messageId(), error));
        }
      }
    } catch (RuntimeException | Error e) {
      // the carrier threw: the message in flight stays reserved (its outcome is unknown, so a retried
      // campaign does not send it again); the ones never tried are released for the retry
      for (int r = n + 1; r < reserved.size(); r++) {
        release.add(records.get(r).messageId());
      }
      finish(accepted, release, e);
      throw e;
    }
    finish(accepted, release, null);
    if (tooSlow) {
      throw new ConsentStoreException("campaign " + campaign.id() + ": reading and reserving one message took longer"
          + " than its maxDecisionAge (" + campaign.maxDecisionAge() + "); nothing is sent on decisions that old:"
          + " check the store's latency, or allow older decisions");
    }
  }

  /**
   * The decisions are too old: releases the unsent messages and puts them first in line, in order.
   * When not even the first message could go, reading and reserving took longer than the campaign
   * allows: the next batch is half as large, and a batch of one that is still too old stops the run
   * (fail closed: nothing goes out on stale decisions).
   */
  private boolean readAgain(List<Item> batch, List<Integer> reserved, List<MessageRecord> records, int from,
      List<String> release) {
    if (from == 0 && limit == 1) {
      records.forEach(m -> release.add(m.messageId()));
      return true;
    }
    if (from == 0) {
      limit = limit / 2;
    }
    for (int r = reserved.size() - 1; r >= from; r--) {
      release.add(records.get(r).messageId());
      again.addFirst(batch.get(reserved.get(r)));
    }
    return false;
  }

  private void finish(Map<String, String> accepted, List<String> release, @Nullable Throwable failure) {
    try {
      if (!accepted.isEmpty()) {
        ctx.store().confirmSends(ctx.tenant(), accepted);
      }
      if (!release.isEmpty()) {
        ctx.store().releaseSends(ctx.tenant(), release);
      }
    } catch (RuntimeException e) {
      if (failure == null) {
        throw e;
      }
      failure.addSuppressed(e);
    }
  }

  private CampaignResult done(Item item, SendOutcome outcome) {
    if (outcome instanceof SendOutcome.Blocked b && campaign.deferUpTo() != null) {
      outcome = gate.deferrals().holdForCampaign(item.message(), b, campaign);
    }
    if (outcome instanceof SendOutcome.Sent) {
      sent++;
    } else if (outcome instanceof SendOutcome.Blocked) {
      blocked++;
    } else if (outcome instanceof SendOutcome.Deferred) {
      deferred++;
    } else {
      failed++;
    }
    return new CampaignResult.Done(item.index(), item.message().to(), outcome);
  }

  private CampaignSlot slot(OutboundMessage m, String sender, Instant now) {
    Purpose purpose = ctx.purpose(m.purposeId());
    MessageRecord record = new MessageRecord(ctx.tenant(), UUID.randomUUID().toString(), m.to(), purpose.id(),
        purpose.program().id(), sender, ctx.carrier().name(), null, now, DeliveryState.ACCEPTED, null, m.body());
    return new CampaignSlot(record, gate.limits(purpose, ctx.policies().jurisdictionFor(m.to())).sendCaps(now));
  }
}
