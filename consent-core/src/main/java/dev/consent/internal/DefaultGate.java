package dev.consent.internal;

import dev.consent.Campaign;
import dev.consent.CampaignListener;
import dev.consent.CampaignReport;
import dev.consent.CarrierError;
import dev.consent.ConsentStatus;
import dev.consent.DeliveryState;
import dev.consent.DenyReason;
import dev.consent.GateDecision;
import dev.consent.HostSend;
import dev.consent.KitObservation;
import dev.consent.LogText;
import dev.consent.MessageClass;
import dev.consent.MessageGate;
import dev.consent.MessageRecord;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.Purpose;
import dev.consent.SendOutcome;
import dev.consent.Suppression;
import dev.consent.SuppressionScope;
import dev.consent.internal.base.Checks;
import dev.consent.policy.Jurisdiction;
import dev.consent.spi.CampaignReservation;
import dev.consent.spi.OutgoingSms;
import dev.consent.spi.RecipientStatus;
import dev.consent.spi.SendCap;
import dev.consent.spi.SendResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate: a number libphonenumber does not know as valid, suppression, consent, quiet hours,
 * frequency cap, in that order; fail closed. Not API.
 */
public final class DefaultGate implements MessageGate {
  private static final Logger log = LoggerFactory.getLogger(DefaultGate.class);
  private static final GateDecision.Denied STORE_DOWN =
      GateDecision.Denied.of(DenyReason.STORE_UNAVAILABLE, "consent store unavailable: not sending (fail closed)");
  private static final GateDecision.Denied UNKNOWN_NUMBER = GateDecision.Denied.of(DenyReason.INVALID_NUMBER,
      "the number is not known as valid (libphonenumber): nothing is sent to it");

  private final KitContext ctx;
  private final CarrierReports carrierReports;
  /** Decisions that do not depend on the recipient, made once per purpose and sender at build time. */
  private final Map<String, Refusals> refusals;
  private final Map<String, GateDecision.Allowed> allowed;
  /** The caps per purpose id and jurisdiction id, made on first use. */
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, SendLimits>> limits = new ConcurrentHashMap<>();
  private final Observer observer;
  private final Deferrals deferrals;

  public DefaultGate(KitContext ctx, CarrierReports carrierReports) {
    this(ctx, carrierReports, Observer.NONE, null);
  }

  /**
   * @param deferrals where {@link #sendOrDefer} holds messages; null when the store keeps none (those
   *     calls then throw)
   */
  public DefaultGate(KitContext ctx, CarrierReports carrierReports, Observer observer,
      dev.consent.spi.@Nullable DeferralStore deferrals) {
    this.ctx = ctx;
    this.carrierReports = carrierReports;
    this.observer = observer;
    this.deferrals = new Deferrals(ctx, this, deferrals);
    Map<String, Refusals> byPurpose = new HashMap<>();
    Map<String, GateDecision.Allowed> bySender = new HashMap<>();
    for (Purpose p : ctx.purposes().values()) {
      byPurpose.put(p.id(), Refusals.of(p));
      p.program().senders().forEach(s -> bySender.put(s, new GateDecision.Allowed(s)));
    }
    this.refusals = Map.copyOf(byPurpose);
    this.allowed = Map.copyOf(bySender);
  }

  /** The fixed-text refusals of one purpose; the gate hands out these shared (immutable) values. */
  private record Refusals(GateDecision.Denied withdrawn, GateDecision.Denied erased, GateDecision.Denied pending,
      GateDecision.Denied none, GateDecision.Denied expiredUnconfirmed, GateDecision.Denied expired) {
    static Refusals of(Purpose p) {
      String id = p.id();
      return new Refusals(
          GateDecision.Denied.of(DenyReason.WITHDRAWN, "consent for '" + id + "' was withdrawn"),
          GateDecision.Denied.of(DenyReason.SUPPRESSED, "the person's data was erased"),
          GateDecision.Denied.of(DenyReason.NO_CONSENT, "double opt-in for '" + id + "' is not confirmed yet"),
          GateDecision.Denied.of(DenyReason.NO_CONSENT, "no consent recorded for '" + id + "'"),
          GateDecision.Denied.of(DenyReason.NO_CONSENT, "consent for '" + id + "' expired"),
          GateDecision.Denied.of(DenyReason.CONSENT_EXPIRED, "consent for '" + id + "' expired"));
    }
  }

  /**
   * Hot path: every single send pays it. The store is read once for what every decision needs
   * (suppressions and status, {@link dev.consent.spi.ConsentStore#recipient}); the send log only when a frequency cap applies and the message has
   * passed every other rule, since most refusals never get that far.
   */
  @Override
  public GateDecision check(OutboundMessage m) {
    if (!observer.enabled()) {
      return decide(m);
    }
    long start = observer.start();
    GateDecision d = decide(m);
    observer.report(new KitObservation.GateChecked(m.purposeId(), d, Observer.since(start)));
    return d;
  }

  private GateDecision decide(OutboundMessage m) {
    Purpose purpose = ctx.purpose(m.purposeId());
    String sender = senderOf(m, purpose);
    if (sender == null) {
      return GateDecision.Denied.of(DenyReason.SENDER_NOT_IN_PROGRAM,
          "sender is not one of program '" + purpose.program().id() + "' senders");
    }
    if (!m.to().isValid()) {
      return UNKNOWN_NUMBER;
    }
    Instant now = ctx.clock().instant();
    Jurisdiction j = ctx.policies().jurisdictionFor(m.to());
    RecipientStatus recipient;
    try {
      recipient = ctx.store().recipient(ctx.tenant(), m.to(), purpose.id());
    } catch (RuntimeException e) {
      log.warn("gate denied a message to {}: store unavailable ({})", m.to().masked(), e.getClass().getSimpleName());
      return STORE_DOWN;
    }
    GateDecision refused = beforeCap(m, purpose, sender, j, recipient.suppressions(), recipient.status(), now);
    if (refused != null) {
      return refused;
    }
    SendLimits caps = limits(purpose, j);
    if (caps.isEmpty()) {
      return allowed.get(sender);
    }
    GateDecision.Denied full;
    try {
      full = capsFull(m.to(), purpose, caps, now);
    } catch (RuntimeException e) {
      log.warn("gate denied a message to {}: store unavailable ({})", m.to().masked(), e.getClass().getSimpleName());
      return STORE_DOWN;
    }
    return full != null ? full : allowed.get(sender);
  }

  /** The frequency caps of a purpose in a jurisdiction: the jurisdiction's (marketing), then the program's. */
  SendLimits limits(Purpose purpose, Jurisdiction j) {
    return limits.computeIfAbsent(purpose.id(), k -> new ConcurrentHashMap<>())
        .computeIfAbsent(j.id(), k -> SendLimits.of(purpose, j));
  }

  /** Reads the sends the caps count, and the refusal if one is full; null when all have room. */
  private GateDecision.@Nullable Denied capsFull(PhoneNumber to, Purpose purpose, SendLimits caps, Instant now) {
    List<Instant> byPurpose = caps.purposeWindow() == null ? List.of()
        : ctx.store().sendTimes(ctx.tenant(), to, purpose.id(), SendLimits.windowStart(now, caps.purposeWindow()));
    List<Instant> byProgram = caps.programWindow() == null ? List.of() : ctx.store().programSendTimes(ctx.tenant(), to,
        purpose.program().id(), SendLimits.windowStart(now, caps.programWindow()));
    return caps.decide(byPurpose, byProgram, now);
  }

  @Override
  public List<GateDecision> checkAll(List<OutboundMessage> messages) {
    return checkAll(messages, true);
  }

  /**
   * {@link #checkAll}; without {@code countCaps}, a message that passes every rule but its cap is
   * allowed unread: for a campaign batch, whose reservation counts the cap atomically anyway.
   */
  List<GateDecision> checkAll(List<OutboundMessage> messages, boolean countCaps) {
    if (!observer.enabled()) {
      return decideAll(messages, countCaps);
    }
    long start = observer.start();
    List<GateDecision> out = decideAll(messages, countCaps);
    observer.report(new KitObservation.CampaignChecked(messages.stream().map(OutboundMessage::purposeId).toList(), out,
        Observer.since(start)));
    return out;
  }

  private List<GateDecision> decideAll(List<OutboundMessage> messages, boolean countCaps) {
    Instant now = ctx.clock().instant();
    Map<String, List<Integer>> byPurpose = new LinkedHashMap<>();
    for (int i = 0; i < messages.size(); i++) {
      ctx.purpose(messages.get(i).purposeId());
      byPurpose.computeIfAbsent(messages.get(i).purposeId(), k -> new ArrayList<>()).add(i);
    }
    GateDecision[] out = new GateDecision[messages.size()];
    byPurpose.forEach((purposeId, indexes) -> decideBatch(messages, purposeId, indexes, now, countCaps, out));
    return List.of(out);
  }

  /**
   * One purpose's messages: one batched store read of every recipient (status and suppressions,
   * {@link dev.consent.spi.ConsentStore#recipients}), the rules in {@link #check}'s order, and the
   * send counts only for the messages a cap applies to that passed every other rule.
   */
  private void decideBatch(List<OutboundMessage> messages, String purposeId, List<Integer> indexes, Instant now,
      boolean countCaps, GateDecision[] out) {
    Purpose purpose = ctx.purpose(purposeId);
    List<PhoneNumber> numbers = new ArrayList<>(indexes.size());
    for (int i : indexes) {
      numbers.add(messages.get(i).to());
    }
    Map<PhoneNumber, RecipientStatus> recipients;
    try {
      recipients = ctx.store().recipients(ctx.tenant(), numbers, purposeId);
    } catch (RuntimeException e) {
      log.warn("gate denied {} messages: store unavailable ({})", indexes.size(), e.getClass().getSimpleName());
      for (int i : indexes) {
        out[i] = STORE_DOWN;
      }
      return;
    }
    List<Integer> capped = new ArrayList<>();
    List<PhoneNumber> purposeCapped = new ArrayList<>();
    List<PhoneNumber> programCapped = new ArrayList<>();
    Duration purposeWindow = null;
    Duration programWindow = null;
    for (int i : indexes) {
      OutboundMessage m = messages.get(i);
      String sender = senderOf(m, purpose);
      if (sender == null) {
        out[i] = GateDecision.Denied.of(DenyReason.SENDER_NOT_IN_PROGRAM,
            "sender is not one of program '" + purpose.program().id() + "' senders");
        continue;
      }
      if (!m.to().isValid()) {
        out[i] = UNKNOWN_NUMBER;
        continue;
      }
      RecipientStatus recipient = recipients.get(m.to());
      if (recipient == null) { // the store broke its contract: do not guess
        log.warn("gate denied a message to {}: the store's batch read left the recipient out", m.to().masked());
        out[i] = STORE_DOWN;
        continue;
      }
      Jurisdiction j = ctx.policies().jurisdictionFor(m.to());
      GateDecision refused = beforeCap(m, purpose, sender, j, recipient.suppressions(), recipient.status(), now);
      if (refused != null) {
        out[i] = refused;
        continue;
      }
      SendLimits caps = limits(purpose, j);
      if (caps.isEmpty() || !countCaps) {
        out[i] = allowed.get(sender);
        continue;
      }
      capped.add(i);
      if (caps.purposeWindow() != null) {
        purposeCapped.add(m.to());
      }
      if (caps.programWindow() != null) {
        programCapped.add(m.to());
      }
      purposeWindow = wider(purposeWindow, caps.purposeWindow());
      programWindow = wider(programWindow, caps.programWindow());
    }
    if (capped.isEmpty()) {
      return;
    }
    Map<PhoneNumber, Integer> byPurpose;
    Map<PhoneNumber, Integer> byProgram;
    try {
      byPurpose = purposeWindow == null ? Map.of()
          : ctx.store().sendCounts(ctx.tenant(), purposeCapped, purposeId, SendLimits.windowStart(now, purposeWindow));
      byProgram = programWindow == null ? Map.of() : ctx.store().programSendCounts(ctx.tenant(), programCapped,
          purpose.program().id(), SendLimits.windowStart(now, programWindow));
    } catch (RuntimeException e) {
      log.warn("gate denied {} messages: store unavailable ({})", capped.size(), e.getClass().getSimpleName());
      for (int i : capped) {
        out[i] = STORE_DOWN;
      }
      return;
    }
    for (int i : capped) {
      OutboundMessage m = messages.get(i);
      String sender = senderOf(m, purpose);
      SendLimits caps = limits(purpose, ctx.policies().jurisdictionFor(m.to()));
      // the counts span the widest windows of the batch, so room by them is room by each cap
      if (caps.roomFor(byPurpose.getOrDefault(m.to(), 0), byProgram.getOrDefault(m.to(), 0))) {
        out[i] = allowed.get(sender);
        continue;
      }
      try {
        GateDecision.Denied full = capsFull(m.to(), purpose, caps, now);
        out[i] = full != null ? full : allowed.get(sender);
      } catch (RuntimeException e) {
        out[i] = STORE_DOWN;
      }
    }
  }

  private static @Nullable Duration wider(@Nullable Duration a, @Nullable Duration b) {
    return a == null || (b != null && b.compareTo(a) > 0) ? b : a;
  }

  /** Suppression, consent and quiet hours, in that order; null when the message passes all three. */
  private @Nullable GateDecision beforeCap(OutboundMessage m, Purpose purpose, String sender, Jurisdiction j,
      List<Suppression> suppressions, ConsentStatus status, Instant now) {
    for (int i = 0; i < suppressions.size(); i++) {
      Suppression s = suppressions.get(i);
      // The gate does not know which messaging service will send: a service scope blocks too.
      SuppressionScope scope = s.scopeType();
      if (scope instanceof SuppressionScope.Service || scope.blocks(sender, null)) {
        if (s.reason() == dev.consent.SuppressionReason.INVALID_NUMBER) {
          return GateDecision.Denied.of(DenyReason.INVALID_NUMBER,
              "the carrier reported the number invalid or deactivated; a new opt-in is needed");
        }
        return GateDecision.Denied.of(DenyReason.SUPPRESSED, "number is suppressed (" + s.reason() + ", " + s.scope() + ")");
      }
    }
    GateDecision consent = consentDecision(purpose, refusals.get(purpose.id()), j, status, now);
    if (consent != null) {
      return consent;
    }
    if (purpose.messageClass() == MessageClass.MARKETING && j.hasSendingHours()) {
      Optional<Instant> next = ctx.policies().nextAllowed(j, ctx.policies().zonesFor(m.to(), m.declaredZone()), now);
      if (next.isPresent()) {
        Instant at = next.get();
        return new GateDecision.Denied(DenyReason.QUIET_HOURS,
            "outside permitted hours in the recipient's local time (" + j.id() + ")", at.equals(Instant.MAX) ? null : at);
      }
    }
    return null;
  }

  private static @Nullable GateDecision consentDecision(Purpose purpose, Refusals refuse, Jurisdiction j,
      ConsentStatus status, Instant now) {
    return switch (status.state()) {
      case WITHDRAWN -> refuse.withdrawn();
      case ERASED -> refuse.erased();
      case NONE -> purpose.requiresConsent() ? refuse.none() : null;
      case PENDING -> purpose.requiresConsent() ? refuse.pending() : null;
      case EXPIRED -> purpose.requiresConsent()
          ? (status.noticeVersion() == null ? refuse.expiredUnconfirmed() : refuse.expired())
          : null;
      case GRANTED -> {
        Duration validity = validity(purpose, j);
        yield status.isValidAt(now, validity) || !purpose.requiresConsent() ? null
            : GateDecision.Denied.of(DenyReason.CONSENT_EXPIRED,
                "consent for '" + purpose.id() + "' is older than its validity of " + validity + " and must be refreshed");
      }
    };
  }

  /** The shorter of the purpose's and the jurisdiction's validity. */
  static @Nullable Duration validity(Purpose purpose, Jurisdiction j) {
    Duration a = purpose.consentValidity();
    Duration b = j.consentValidity();
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) <= 0 ? a : b;
  }

  private static @Nullable String senderOf(OutboundMessage m, Purpose purpose) {
    List<String> senders = purpose.program().senders();
    if (m.sender() == null) {
      return senders.get(0);
    }
    return senders.contains(m.sender()) ? m.sender() : null;
  }

  @Override
  public HostSend reserve(OutboundMessage m) {
    GateDecision decision = check(m);
    if (decision instanceof GateDecision.Denied d) {
      return new HostSend.Blocked(d);
    }
    String sender = ((GateDecision.Allowed) decision).sender();
    Purpose purpose = ctx.purpose(m.purposeId());
    String messageId = UUID.randomUUID().toString();
    Instant now = ctx.clock().instant();
    SendLimits caps = limits(purpose, ctx.policies().jurisdictionFor(m.to()));
    MessageRecord pending = new MessageRecord(ctx.tenant(), messageId, m.to(), purpose.id(), purpose.program().id(),
        sender, ctx.carrier().name(), null, now, DeliveryState.ACCEPTED, null, m.body());
    if (!ctx.store().reserveSend(pending, caps.sendCaps(now))) {
      return new HostSend.Blocked(capFull(m, purpose, caps, now));
    }
    return new HostSend.Reserved(messageId, sender);
  }

  @Override
  public boolean confirmSent(String messageId, String carrierMessageId) {
    Checks.notBlank(messageId, "message id");
    Checks.maxLength(Checks.notBlank(carrierMessageId, "carrier message id"), 128, "carrier message id");
    return ctx.store().confirmSend(ctx.tenant(), messageId, carrierMessageId);
  }

  @Override
  public boolean cancel(String messageId) {
    Checks.notBlank(messageId, "message id");
    return ctx.store().releaseSend(ctx.tenant(), messageId);
  }

  /**
   * The refusal of a campaign send whose cap the store found full ({@link
   * dev.consent.spi.CampaignReservation.CapReached}, against {@code reserved}): no read.
   */
  GateDecision.Denied capReached(OutboundMessage m, List<SendCap> reserved, CampaignReservation.CapReached full) {
    return limits(ctx.purpose(m.purposeId()), ctx.policies().jurisdictionFor(m.to())).reached(reserved, full);
  }

  /** The refusal of a send whose cap filled up between the check and the reservation. */
  private GateDecision.Denied capFull(OutboundMessage m, Purpose purpose, SendLimits caps, Instant now) {
    GateDecision.Denied full = caps.isEmpty() ? null : capsFull(m.to(), purpose, caps, now);
    return full != null ? full
        : GateDecision.Denied.of(DenyReason.FREQUENCY_CAP, "a frequency cap is reached: " + caps.describe());
  }

  @Override
  public SendOutcome send(OutboundMessage m) {
    GateDecision decision = check(m);
    if (decision instanceof GateDecision.Denied d) {
      return new SendOutcome.Blocked(d);
    }
    String sender = ((GateDecision.Allowed) decision).sender();
    Purpose purpose = ctx.purpose(m.purposeId());
    String messageId = UUID.randomUUID().toString();
    Instant now = ctx.clock().instant();
    SendLimits caps = limits(purpose, ctx.policies().jurisdictionFor(m.to()));
    boolean capped = !caps.isEmpty();
    if (capped) {
      // the slot is taken before the carrier is called, atomically with the count: of concurrent sends
      // (on any instance) at most the cap's number pass; a refused send gives its slot back
      MessageRecord pending = new MessageRecord(ctx.tenant(), messageId, m.to(), purpose.id(), purpose.program().id(),
          sender, ctx.carrier().name(), null, now, DeliveryState.ACCEPTED, null, m.body());
      if (!ctx.store().reserveSend(pending, caps.sendCaps(now))) {
        return new SendOutcome.Blocked(capFull(m, purpose, caps, now));
      }
    }
    SendResult result = ctx.carrier().send(new OutgoingSms(m.to(), sender, m.body(), messageId));
    if (result instanceof SendResult.Accepted a) {
      if (capped) {
        ctx.store().confirmSend(ctx.tenant(), messageId, a.carrierMessageId());
      } else {
        ctx.store().logMessage(new MessageRecord(ctx.tenant(), messageId, m.to(), purpose.id(), purpose.program().id(),
            sender, ctx.carrier().name(), a.carrierMessageId(), ctx.clock().instant(), DeliveryState.ACCEPTED, null,
            m.body()));
      }
      return new SendOutcome.Sent(messageId, a.carrierMessageId(), sender);
    }
    CarrierError error = ((SendResult.Rejected) result).error();
    if (capped && error.kind() != CarrierError.Kind.OUTCOME_UNKNOWN) {
      // no message exists: the slot is free again; one that may exist keeps counting toward the cap
      ctx.store().releaseSend(ctx.tenant(), messageId);
    }
    return refused(m.to(), messageId, error);
  }

  /**
   * A send the carrier refused (its slot already dealt with): a carrier opt-out suppresses the
   * number in the carrier's scope, an invalid number is recorded.
   */
  SendOutcome.Failed refused(PhoneNumber to, String messageId, CarrierError error) {
    if (error.kind() == CarrierError.Kind.RECIPIENT_OPTED_OUT && error.optOutScope() != null) {
      carrierReports.optOut(to, error.optOutScope(), error.code(), "send:" + messageId);
    } else if (error.kind() == CarrierError.Kind.INVALID_NUMBER) {
      carrierReports.invalidNumber(to, error.code(), "send:" + messageId);
    }
    log.info("carrier refused a message to {}: {} {}", to.masked(), error.kind(), LogText.safe(error.code()));
    return new SendOutcome.Failed(messageId, error);
  }

  Deferrals deferrals() {
    return deferrals;
  }

  @Override
  public SendOutcome sendOrDefer(OutboundMessage message, Duration maxDelay) {
    return deferrals.sendOrDefer(message, maxDelay);
  }

  @Override
  public dev.consent.ReleaseReport releaseDue(dev.consent.ReleaseListener listener) {
    return deferrals.releaseDue(listener);
  }

  @Override
  public CampaignReport sendAll(Campaign campaign, Iterable<OutboundMessage> messages, CampaignListener listener) {
    Checks.notNull(campaign, "campaign");
    Checks.notNull(messages, "messages");
    Checks.notNull(listener, "listener");
    if (campaign.deferUpTo() != null) {
      deferrals.required(); // refused before the first send, not at the first message it would hold
    }
    return new CampaignRun(ctx, this, carrierReports, campaign, listener, CampaignRun.Pacer.perSecond(
        campaign.maxPerSecond())).run(messages);
  }
}
