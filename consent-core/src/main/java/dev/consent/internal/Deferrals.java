package dev.consent.internal;

import dev.consent.Campaign;
import dev.consent.CampaignResult;
import dev.consent.CarrierError;
import dev.consent.DeferredMessage;
import dev.consent.DenyReason;
import dev.consent.GateDecision;
import dev.consent.OutboundMessage;
import dev.consent.ReleaseListener;
import dev.consent.ReleaseReport;
import dev.consent.SendOutcome;
import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import dev.consent.spi.DeferralStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deferred messages: {@link dev.consent.MessageGate#sendOrDefer} holds a message refused for quiet
 * hours or a cap (and so does a campaign with {@link Campaign#deferUpTo}), {@link
 * dev.consent.MessageGate#releaseDue} sends it when due. A release claims each message for {@link
 * #CLAIM} (one instance at a time) and sends it as a one-message campaign whose id is the deferral's
 * (or the holding campaign's), so that it goes at most once even when a claim runs out while an
 * instance is still sending, or the instance dies after the carrier took it. Not API.
 */
final class Deferrals {
  private static final Logger log = LoggerFactory.getLogger(Deferrals.class);
  /** How long a release owns the messages it claimed. */
  static final Duration CLAIM = Duration.ofMinutes(1);
  static final Duration MAX_DELAY = Duration.ofDays(30);
  private static final String CAMPAIGN_PREFIX = "deferral-";

  private final KitContext ctx;
  private final DefaultGate gate;
  private final @Nullable DeferralStore store;

  Deferrals(KitContext ctx, DefaultGate gate, @Nullable DeferralStore store) {
    this.ctx = ctx;
    this.gate = gate;
    this.store = store;
  }

  SendOutcome sendOrDefer(OutboundMessage m, Duration maxDelay) {
    Checks.notNull(m, "message");
    Checks.notNull(maxDelay, "maxDelay");
    if (maxDelay.isNegative() || maxDelay.isZero() || maxDelay.compareTo(MAX_DELAY) > 0) {
      throw new InvalidInputException("maxDelay must be positive and at most " + MAX_DELAY);
    }
    DeferralStore held = required();
    Instant now = ctx.clock().instant();
    SendOutcome outcome = gate.send(m);
    Instant latest = now.plus(maxDelay);
    if (!(outcome instanceof SendOutcome.Blocked b) || !deferrable(b.decision(), latest)) {
      return outcome;
    }
    return hold(held, m, b.decision(), now, latest, null);
  }

  /**
   * A campaign's message the gate refused ({@link Campaign#deferUpTo}): held when time can lift the
   * refusal within the campaign's delay, under the campaign's id; else the refusal as it was.
   */
  SendOutcome holdForCampaign(OutboundMessage m, SendOutcome.Blocked refused, Campaign campaign) {
    Instant now = ctx.clock().instant();
    Instant latest = now.plus(campaign.deferUpTo());
    if (!deferrable(refused.decision(), latest)) {
      return refused;
    }
    return hold(required(), m, refused.decision(), now, latest, campaign.id());
  }

  private SendOutcome.Deferred hold(DeferralStore held, OutboundMessage m, GateDecision.Denied d, Instant now,
      Instant latest, @Nullable String campaignId) {
    DeferredMessage deferred = new DeferredMessage(ctx.tenant(), UUID.randomUUID().toString(),
        ctx.store().subjectRef(ctx.tenant(), m.to()), m, d.reason(), now, d.retryAt(), latest, campaignId);
    held.defer(deferred);
    log.debug("held a message to {} until {} ({})", m.to().masked(), d.retryAt(), d.reason());
    return new SendOutcome.Deferred(deferred.id(), d.retryAt(), d);
  }

  /** A refusal that time alone can lift before {@code latest}: quiet hours or a cap, with a retry instant. */
  private static boolean deferrable(GateDecision.Denied d, Instant latest) {
    return (d.reason() == DenyReason.QUIET_HOURS || d.reason() == DenyReason.FREQUENCY_CAP) && d.retryAt() != null
        && !d.retryAt().isAfter(latest);
  }

  ReleaseReport releaseDue(ReleaseListener listener) {
    Checks.notNull(listener, "listener");
    DeferralStore held = required();
    Instant now = ctx.clock().instant();
    List<DeferredMessage> due = held.claimDue(ctx.tenant(), now, now.plus(CLAIM), dev.consent.MessageGate.RELEASE_BATCH + 1);
    boolean more = due.size() > dev.consent.MessageGate.RELEASE_BATCH;
    if (more) { // the one beyond the batch only says that more are due: unclaimed again at once
      held.redefer(ctx.tenant(), due.get(due.size() - 1).id(), due.get(due.size() - 1).releaseAt());
      due = due.subList(0, dev.consent.MessageGate.RELEASE_BATCH);
    }
    int[] counts = new int[6]; // sent, deferredAgain, blocked, expired, failed, alreadySent
    for (DeferredMessage d : due) {
      SendOutcome outcome = release(held, d, counts);
      listener.onRelease(d.id(), d.message().to(), outcome);
    }
    ReleaseReport report = new ReleaseReport(now, counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], more);
    return logReleased(report);
  }

  /** One INFO line for a call that released anything (a scheduler calls every minute: silence otherwise). */
  private static ReleaseReport logReleased(ReleaseReport r) {
    if (r.handled() > 0) {
      log.info("released deferred messages: {} sent, {} held again, {} blocked, {} expired, {} failed, {} sent before",
          r.sent(), r.deferredAgain(), r.blocked(), r.expired(), r.failed(), r.alreadySent());
    }
    return r;
  }

  private SendOutcome release(DeferralStore held, DeferredMessage d, int[] counts) {
    Instant now = ctx.clock().instant();
    if (now.isAfter(d.latest())) {
      held.removeDeferred(ctx.tenant(), d.id());
      counts[3]++;
      return new SendOutcome.Blocked(new GateDecision.Denied(d.reason(),
          "held for " + d.reason() + " and not sendable by its latest time " + d.latest() + ": dropped", null));
    }
    if (!ctx.purposes().containsKey(d.message().purposeId())) {
      // the kit no longer has the purpose (its configuration changed since): nothing can allow it
      log.warn("dropped a deferred message to {}: purpose '{}' is not configured any more", d.message().to().masked(),
          d.message().purposeId());
      held.removeDeferred(ctx.tenant(), d.id());
      counts[2]++;
      return new SendOutcome.Blocked(new GateDecision.Denied(DenyReason.NO_CONSENT,
          "purpose '" + d.message().purposeId() + "' is not configured any more: dropped", null));
    }
    List<CampaignResult> results = new ArrayList<>(1);
    // the campaign's mark (its own, or the holding campaign's) makes the send at most once
    String mark = d.campaignId() != null ? d.campaignId() : CAMPAIGN_PREFIX + d.id();
    gate.sendAll(Campaign.of(mark), List.of(d.message()), results::add);
    CampaignResult r = results.get(0);
    if (r instanceof CampaignResult.AlreadySent a) {
      held.removeDeferred(ctx.tenant(), d.id());
      counts[5]++;
      return a.inDoubt()
          ? new SendOutcome.Failed(a.messageId(), CarrierError.of(CarrierError.Kind.OUTCOME_UNKNOWN, "in-doubt",
              "an earlier release stopped before the carrier answered: not sent again", false))
          : new SendOutcome.Sent(a.messageId(), a.carrierMessageId(), sender(d.message()));
    }
    SendOutcome outcome = ((CampaignResult.Done) r).outcome();
    if (outcome instanceof SendOutcome.Blocked b && b.decision().reason() == DenyReason.STORE_UNAVAILABLE) {
      // nothing was decided: the message stays held, due as before, for the next release
      held.redefer(ctx.tenant(), d.id(), d.releaseAt());
      counts[1]++;
      return new SendOutcome.Deferred(d.id(), d.releaseAt(), b.decision());
    }
    if (outcome instanceof SendOutcome.Blocked b && deferrable(b.decision(), d.latest())) {
      held.redefer(ctx.tenant(), d.id(), b.decision().retryAt());
      counts[1]++;
      return new SendOutcome.Deferred(d.id(), b.decision().retryAt(), b.decision());
    }
    held.removeDeferred(ctx.tenant(), d.id());
    counts[outcome instanceof SendOutcome.Sent ? 0 : outcome instanceof SendOutcome.Blocked ? 2 : 4]++;
    return outcome;
  }

  private String sender(OutboundMessage m) {
    return m.sender() != null ? m.sender() : ctx.purpose(m.purposeId()).program().senders().get(0);
  }

  /** The store, or the refusal a host gets before anything is sent when there is none. */
  DeferralStore required() {
    if (store == null) {
      throw new UnsupportedOperationException(ctx.store().getClass().getName() + " keeps no deferred messages"
          + " (DeferralStore): messages cannot be held");
    }
    return store;
  }
}
