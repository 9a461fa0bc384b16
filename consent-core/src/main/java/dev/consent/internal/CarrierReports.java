package dev.consent.internal;

import dev.consent.Channel;
import dev.consent.ConsentMethod;
import dev.consent.ConsentState;
import dev.consent.EventKind;
import dev.consent.LogText;
import dev.consent.PhoneNumber;
import dev.consent.Purpose;
import dev.consent.Suppression;
import dev.consent.SuppressionReason;
import dev.consent.SuppressionScope;
import dev.consent.spi.EventChain;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a carrier reports about a number (an opt-out it applies, an invalid or deactivated
 * number) into suppressions and ledger events. Not API.
 */
public final class CarrierReports {
  private static final Logger log = LoggerFactory.getLogger(CarrierReports.class);

  private final KitContext ctx;
  private final LedgerWriter ledger;

  public CarrierReports(KitContext ctx, LedgerWriter ledger) {
    this.ctx = ctx;
    this.ledger = ledger;
  }

  /**
   * A carrier said the person opted out in {@code scope}: suppress the number there and withdraw
   * the consent-based purposes that scope covers, recorded as a carrier report. A report without an
   * error code (some carriers send none with an opt-out status) is recorded without one: never lost.
   *
   * @return the purposes withdrawn
   */
  public List<String> optOut(PhoneNumber number, String scope, @Nullable String code, String reference) {
    SuppressionScope where = SuppressionScope.parse(scope);
    Instant now = ledger.now();
    Map<String, String> evidence = new TreeMap<>(Map.of("carrier", ctx.carrier().name(), "reference", reference));
    if (code != null) {
      evidence.put("errorCode", code);
    }
    ctx.writes().suppress(new Suppression(ctx.tenant(), number, scope, SuppressionReason.CARRIER_REPORT, now,
        new TreeMap<>(evidence)));
    List<String> withdrawn = new ArrayList<>();
    for (Purpose p : ctx.purposes().values()) {
      if (!where.covers(p.program())) {
        continue;
      }
      ConsentState state = ctx.store().status(ctx.tenant(), number, p.id()).state();
      if (state == ConsentState.GRANTED || state == ConsentState.PENDING) {
        ledger.append(LedgerEntry.of(number, p.id(), EventKind.WITHDRAWN, ConsentMethod.CARRIER_REPORT, Channel.CARRIER)
            .evidence(evidence).at(now).key("carrier-optout:" + reference + ":" + p.id()));
        withdrawn.add(p.id());
      }
    }
    log.info("carrier reported opt-out of {} in scope {}; withdrew {}", number.masked(), LogText.safe(scope),
        withdrawn);
    return withdrawn;
  }

  /**
   * A carrier said the number is invalid or deactivated: block it, and end the consents given for
   * it, since a deactivated number may be reassigned to someone who never consented.
   */
  public void invalidNumber(PhoneNumber number, String code, String reference) {
    Instant now = ledger.now();
    Map<String, String> evidence = Map.of("carrier", ctx.carrier().name(), "errorCode", code, "reference", reference);
    ctx.writes().suppress(new Suppression(ctx.tenant(), number, Suppression.ALL, SuppressionReason.INVALID_NUMBER, now,
        new TreeMap<>(evidence)));
    for (Purpose p : ctx.purposes().values()) {
      if (ctx.store().status(ctx.tenant(), number, p.id()).state() == ConsentState.GRANTED) {
        Map<String, String> why = new TreeMap<>(evidence);
        why.put(EventChain.EXPIRED_SCOPE, "consent");
        why.put("why", "carrier reported the number invalid or deactivated");
        ledger.append(LedgerEntry.of(number, p.id(), EventKind.EXPIRED, ConsentMethod.CARRIER_REPORT, Channel.CARRIER)
            .evidence(why).at(now).key("carrier-invalid:" + reference + ":" + p.id()));
      }
    }
    log.info("carrier reported {} invalid ({}); blocked until a confirmed opt-in", number.masked(), LogText.safe(code));
  }
}
