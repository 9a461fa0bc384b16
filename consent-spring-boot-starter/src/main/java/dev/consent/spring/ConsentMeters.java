package dev.consent.spring;

import dev.consent.GateDecision;
import dev.consent.InboundResult;
import dev.consent.KitObservation;
import dev.consent.carrier.WebhookResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters from the kit's observations and the webhook endpoints (names lower-case and
 * dotted; tags hold purposes, carriers, reasons and kinds, never a number or body):
 *
 * <ul>
 *   <li>{@code consent.gate.decisions} (counter; purpose, decision = allowed|denied, reason)
 *   <li>{@code consent.gate.check} (timer; kind = single|campaign)
 *   <li>{@code consent.inbound} (timer; carrier, verified, result = opted_out, opted_in, confirmed,
 *       opt_in_requested, help, unclear, ignored, quarantined, duplicate)
 *   <li>{@code consent.ledger.append} (timer; kind = granted, withdrawn, ..., duplicate)
 *   <li>{@code consent.webhook.rejections} (counter; carrier, reason)
 *   <li>{@code consent.webhook.unverified} (counter; carrier, reason): answered 200, quarantined
 *   <li>{@code consent.webhook.failures} (counter; carrier): store failures answered 500
 * </ul>
 *
 * @since 0.5
 */
public final class ConsentMeters implements ConsentObserver, WebhookOutcomes {
  private final MeterRegistry registry;

  public ConsentMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void observe(KitObservation o) {
    if (o instanceof KitObservation.GateChecked c) {
      decision(c.purposeId(), c.decision());
      timer("consent.gate.check", "kind", "single").record(c.took());
    } else if (o instanceof KitObservation.CampaignChecked c) {
      List<String> purposes = c.purposeIds();
      for (int i = 0; i < purposes.size(); i++) {
        decision(purposes.get(i), c.decisions().get(i));
      }
      timer("consent.gate.check", "kind", "campaign").record(c.took());
    } else if (o instanceof KitObservation.InboundHandled h) {
      timer("consent.inbound", "carrier", h.carrier(), "verified", String.valueOf(h.verified()),
          "result", result(h.result())).record(h.took());
    } else if (o instanceof KitObservation.EventAppended a) {
      timer("consent.ledger.append", "kind", lower(a.kind().name()), "duplicate", String.valueOf(a.duplicate()))
          .record(a.took());
    }
  }

  @Override
  public void rejected(String carrier, WebhookResult.Reason reason) {
    counter("consent.webhook.rejections", "carrier", carrier, "reason", lower(reason.name())).increment();
  }

  @Override
  public void unverified(String carrier, WebhookResult.@Nullable Reason reason) {
    counter("consent.webhook.unverified", "carrier", carrier, "reason",
        reason == null ? "unknown" : lower(reason.name())).increment();
  }

  @Override
  public void failed(String carrier) {
    counter("consent.webhook.failures", "carrier", carrier).increment();
  }

  private void decision(String purposeId, GateDecision d) {
    String reason = d instanceof GateDecision.Denied denied ? lower(denied.reason().name()) : "none";
    counter("consent.gate.decisions", "purpose", purposeId, "decision", d.isAllowed() ? "allowed" : "denied",
        "reason", reason).increment();
  }

  /** OptedOut -> opted_out. */
  static String result(InboundResult r) {
    return r.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private Counter counter(String name, String... tags) {
    return Counter.builder(name).tags(tags).register(registry);
  }

  private Timer timer(String name, String... tags) {
    return Timer.builder(name).tags(tags).register(registry);
  }
}
