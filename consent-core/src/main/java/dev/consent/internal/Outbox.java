package dev.consent.internal;

import dev.consent.Channel;
import dev.consent.ConsentEvent;
import dev.consent.ConsentMethod;
import dev.consent.ConsentState;
import dev.consent.DeliveryState;
import dev.consent.EventKind;
import dev.consent.MessageRecord;
import dev.consent.PhoneNumber;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.Suppression;
import dev.consent.SuppressionReason;
import dev.consent.spi.AppendResult;
import dev.consent.spi.CarrierError;
import dev.consent.spi.EventChain;
import dev.consent.spi.NewEvent;
import dev.consent.spi.OutgoingSms;
import dev.consent.spi.SendResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes shared by the services: ledger appends, system replies (HELP, STOP, confirmations) sent
 * outside the gate and logged, and carrier opt-out reports turned into suppressions and
 * withdrawals. Not API.
 */
public final class Outbox {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  private final KitContext ctx;
  private final String clockSkewTolerance;

  public Outbox(KitContext ctx, java.time.Duration clockSkewTolerance) {
    this.ctx = ctx;
    this.clockSkewTolerance = clockSkewTolerance.toString();
  }

  public Instant now() {
    return ctx.clock().instant();
  }

  /**
   * Appends an event of this tenant; returns the stored event (the earlier one for a duplicate key).
   * The kit's clock-skew tolerance goes into the evidence (over any value the caller gave), so that
   * the ledger folds the event by it.
   */
  public AppendResult append(PhoneNumber number, String purposeId, EventKind kind, ConsentMethod method, Channel channel,
      Map<String, String> evidence, @Nullable String noticeVersion, @Nullable Instant occurredAt,
      @Nullable String idempotencyKey, boolean imported) {
    Instant now = now();
    TreeMap<String, String> withTolerance = new TreeMap<>(evidence);
    withTolerance.put(EventChain.SKEW_TOLERANCE, clockSkewTolerance);
    NewEvent e = new NewEvent(UUID.randomUUID().toString(), ctx.tenant(), number, purposeId, kind, method, channel,
        withTolerance, noticeVersion, occurredAt == null ? now : occurredAt, now, idempotencyKey, imported);
    return EventChain.append(ctx.store(), e);
  }

  /**
   * Sends a system reply (never gated: HELP and STOP always get an answer) and logs it. Returns
   * whether the carrier accepted it. A carrier failure is logged, not thrown: the change the reply
   * confirms is already recorded.
   */
  public boolean reply(PhoneNumber to, Program program, String sender, String body) {
    String messageId = UUID.randomUUID().toString();
    SendResult result = ctx.carrier().send(new OutgoingSms(to, sender, body, messageId));
    if (result instanceof SendResult.Accepted a) {
      ctx.store().logMessage(new MessageRecord(ctx.tenant(), messageId, to, null, program.id(), sender,
          ctx.carrier().name(), a.carrierMessageId(), now(), DeliveryState.ACCEPTED, null, body));
      return true;
    }
    CarrierError error = ((SendResult.Rejected) result).error();
    log.warn("reply to {} from program {} not sent: {} {}", to.masked(), program.id(), error.kind(), error.code());
    if (error.kind() == CarrierError.Kind.RECIPIENT_OPTED_OUT && error.optOutScope() != null) {
      carrierOptOut(to, error.optOutScope(), error.code(), "reply:" + messageId);
    }
    return false;
  }

  /**
   * A carrier said the person opted out in {@code scope}: suppress the number there and withdraw
   * the consent-based purposes that scope covers, recorded as a carrier report. A report without an
   * error code (some carriers send none with an opt-out status) is recorded without one: never lost.
   */
  public List<String> carrierOptOut(PhoneNumber number, String scope, @Nullable String code, String reference) {
    Instant now = now();
    Map<String, String> evidence = new TreeMap<>(Map.of("carrier", ctx.carrier().name(), "reference", reference));
    if (code != null) {
      evidence.put("errorCode", code);
    }
    ctx.store().suppress(new Suppression(ctx.tenant(), number, scope, SuppressionReason.CARRIER_REPORT, now,
        new TreeMap<>(evidence)));
    List<String> withdrawn = new ArrayList<>();
    for (Purpose p : ctx.purposes().values()) {
      if (!covers(scope, p.program())) {
        continue;
      }
      ConsentState state = ctx.store().status(ctx.tenant(), number, p.id()).state();
      if (state == ConsentState.GRANTED || state == ConsentState.PENDING) {
        append(number, p.id(), EventKind.WITHDRAWN, ConsentMethod.CARRIER_REPORT, Channel.CARRIER, evidence, null, now,
            "carrier-optout:" + reference + ":" + p.id(), false);
        withdrawn.add(p.id());
      }
    }
    log.info("carrier reported opt-out of {} in scope {}; withdrew {}", number.masked(), scope, withdrawn);
    return withdrawn;
  }

  /**
   * A carrier said the number is invalid or deactivated: block it, and end the consents given for
   * it, since a deactivated number may be reassigned to someone who never consented.
   */
  public void carrierInvalidNumber(PhoneNumber number, String code, String reference) {
    Instant now = now();
    Map<String, String> evidence = Map.of("carrier", ctx.carrier().name(), "errorCode", code, "reference", reference);
    ctx.store().suppress(new Suppression(ctx.tenant(), number, Suppression.ALL, SuppressionReason.INVALID_NUMBER, now,
        new TreeMap<>(evidence)));
    for (Purpose p : ctx.purposes().values()) {
      if (ctx.store().status(ctx.tenant(), number, p.id()).state() == ConsentState.GRANTED) {
        Map<String, String> why = new TreeMap<>(evidence);
        why.put(dev.consent.spi.EventChain.EXPIRED_SCOPE, "consent");
        why.put("why", "carrier reported the number invalid or deactivated");
        append(number, p.id(), EventKind.EXPIRED, ConsentMethod.CARRIER_REPORT, Channel.CARRIER, why, null, now,
            "carrier-invalid:" + reference + ":" + p.id(), false);
      }
    }
    log.info("carrier reported {} invalid ({}); blocked until a confirmed opt-in", number.masked(), code);
  }

  private static boolean covers(String scope, Program program) {
    if (scope.startsWith("sender:")) {
      return program.senders().contains(scope.substring("sender:".length()));
    }
    return true;
  }
}
