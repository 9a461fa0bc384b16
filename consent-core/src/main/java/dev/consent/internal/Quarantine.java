package dev.consent.internal;

import dev.consent.InboundAlarm;
import dev.consent.InboundHealth;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.InboundSettings;
import dev.consent.LogText;
import dev.consent.QuarantineReport;
import dev.consent.internal.base.Checks;
import dev.consent.spi.InboundConfirmation;
import dev.consent.spi.InboundConfirmer;
import dev.consent.spi.QuarantineAdmission;
import dev.consent.spi.QuarantineStore;
import dev.consent.spi.QuarantineSummary;
import dev.consent.spi.QuarantinedInbound;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unverified inbound: kept in quarantine (never applied, answered or marked handled), confirmed with
 * the carrier's API, and counted for the alarm. Thread-safe. Not API.
 */
public final class Quarantine {
  private static final Logger log = LoggerFactory.getLogger(Quarantine.class);
  /** Unverified arrivals remembered per carrier for the alarm; the count in health saturates here. */
  static final int TRACKED = 1000;
  /** Carriers tracked for the alarm (names come from adapters, but stay bounded anyway). */
  private static final int CARRIERS = 64;

  private final KitContext ctx;
  private final QuarantineStore store;
  private final Map<String, InboundConfirmer> confirmers;
  private final InboundSettings settings;
  private final @Nullable Consumer<InboundAlarm> onAlarm;
  private final Map<String, ArrayDeque<Instant>> arrivals = new HashMap<>();
  private final Map<String, Instant> alarmedUntil = new HashMap<>();
  private @Nullable Instant budgetWarnedUntil;
  private final AtomicLong forged = new AtomicLong();
  private final AtomicLong expired = new AtomicLong();

  public Quarantine(KitContext ctx, QuarantineStore store, Map<String, InboundConfirmer> confirmers,
      InboundSettings settings, @Nullable Consumer<InboundAlarm> onAlarm) {
    this.ctx = ctx;
    this.store = store;
    this.confirmers = Map.copyOf(confirmers);
    this.settings = settings;
    this.onAlarm = onAlarm;
  }

  /** Quarantines an unverified message and, when a confirmer exists, tries it once at once. */
  InboundResult admit(InboundMessage m, BiFunction<InboundMessage, Map<String, String>, InboundResult> verified) {
    Instant now = ctx.clock().instant();
    noteUnverified(m.carrier(), now);
    InboundConfirmer confirmer = confirmers.get(m.carrier());
    QuarantinedInbound item = new QuarantinedInbound(ctx.tenant(), m.carrier(), m.messageId(),
        ctx.store().subjectRef(ctx.tenant(), m.from()), m.receivedAt(), now, 0,
        confirmer != null ? now : now.plus(settings.maxAge()));
    QuarantineAdmission admission = store.quarantine(item, settings.quarantinePerTenant(),
        settings.quarantinePerSender());
    log.debug("unverified inbound {} via {}: {}", LogText.safe(m.messageId()), LogText.safe(m.carrier()), admission);
    return switch (admission) {
      case ALREADY_HELD -> new InboundResult.Quarantined("unverified; this message id is already in quarantine", true);
      case TENANT_FULL, SENDER_FULL -> refused(admission, now);
      case ADDED -> confirmer == null
          ? new InboundResult.Quarantined("unverified; kept until it expires: no confirmer for " + m.carrier(), true)
          : firstAttempt(item, confirmer, now, verified);
    };
  }

  private InboundResult firstAttempt(QuarantinedInbound item, InboundConfirmer confirmer, Instant now,
      BiFunction<InboundMessage, Map<String, String>, InboundResult> verified) {
    Attempt a = attempt(item, confirmer, now, verified);
    return switch (a.kind) {
      case CONFIRMED -> a.result;
      case FORGED -> new InboundResult.Quarantined("unverified, and the carrier has no such message: dropped", false);
      default -> new InboundResult.Quarantined("unverified; kept to be confirmed with the carrier later", true);
    };
  }

  private InboundResult refused(QuarantineAdmission why, Instant now) {
    boolean warn;
    synchronized (this) {
      warn = budgetWarnedUntil == null || !now.isBefore(budgetWarnedUntil);
      if (warn) {
        budgetWarnedUntil = now.plus(settings.alarmWindow());
      }
    }
    if (warn) {
      log.warn("quarantine of unverified inbound is full ({}; limits {} per tenant, {} per sender): new unverified"
          + " messages are refused; logged once per {}", why, settings.quarantinePerTenant(),
          settings.quarantinePerSender(), settings.alarmWindow());
    }
    return new InboundResult.Quarantined("unverified, and the quarantine is full ("
        + (why == QuarantineAdmission.TENANT_FULL ? "tenant" : "sender") + " budget): not kept", false);
  }

  /** One confirmation run over the due items. */
  QuarantineReport confirmDue(BiFunction<InboundMessage, Map<String, String>, InboundResult> verified) {
    Instant now = ctx.clock().instant();
    List<QuarantinedInbound> due = store.dueForConfirmation(ctx.tenant(), now, settings.confirmBatch());
    int confirmed = 0;
    int forgedNow = 0;
    int pending = 0;
    List<QuarantinedInbound> gaveUp = new ArrayList<>();
    for (QuarantinedInbound item : due) {
      if (!now.isBefore(item.quarantinedAt().plus(settings.maxAge()))) {
        if (store.release(item.tenant(), item.carrier(), item.messageId())) {
          expired.incrementAndGet();
          gaveUp.add(item);
        }
        continue;
      }
      InboundConfirmer confirmer = confirmers.get(item.carrier());
      if (confirmer == null) {
        store.reschedule(item.tenant(), item.carrier(), item.messageId(), item.attempts(),
            item.quarantinedAt().plus(settings.maxAge()));
        pending++;
        continue;
      }
      switch (attempt(item, confirmer, now, verified).kind) {
        case CONFIRMED -> confirmed++;
        case FORGED -> forgedNow++;
        default -> pending++;
      }
    }
    if (!gaveUp.isEmpty()) {
      // one line per run, not per item: a flood must not become a flood of errors
      log.error("{} unverified inbound message(s) could not be confirmed within {} and were given up (first: {});"
          + " if one was a genuine STOP it is lost: check the webhook URL and token{}, and the carrier's message log",
          gaveUp.size(), settings.maxAge(), gaveUp.stream().limit(5).map(i -> LogText.safe(i.carrier()) + ":"
              + LogText.safe(i.messageId()) + " (" + i.attempts() + " attempts)").toList(),
          gaveUp.stream().anyMatch(i -> !confirmers.containsKey(i.carrier())) ? ", and configure an inbound confirmer" : "");
    }
    return new QuarantineReport(confirmed, forgedNow, pending, gaveUp.size(), due.size() >= settings.confirmBatch());
  }

  private enum Kind { CONFIRMED, FORGED, LATER }

  private record Attempt(Kind kind, @Nullable InboundResult result) {}

  private Attempt attempt(QuarantinedInbound item, InboundConfirmer confirmer, Instant now,
      BiFunction<InboundMessage, Map<String, String>, InboundResult> verified) {
    InboundConfirmation answer = ask(item, confirmer);
    if (answer instanceof InboundConfirmation.Confirmed c) {
      InboundMessage m = c.message();
      if (m.carrier().equals(item.carrier()) && m.messageId().equals(item.messageId())) {
        InboundResult result = verified.apply(m, confirmation(confirmer, c.evidence()));
        store.release(item.tenant(), item.carrier(), item.messageId());
        log.info("unverified inbound {} via {} confirmed by the carrier: {}", LogText.safe(item.messageId()),
            LogText.safe(item.carrier()), result.getClass().getSimpleName());
        return new Attempt(Kind.CONFIRMED, result);
      }
      log.warn("confirmer {} answered for another message than {}: not applied", LogText.safe(confirmer.name()),
          LogText.safe(item.messageId()));
    } else if (answer instanceof InboundConfirmation.NotFound) {
      store.release(item.tenant(), item.carrier(), item.messageId());
      forged.incrementAndGet();
      log.debug("unverified inbound {} via {} is unknown to the carrier: dropped as forged",
          LogText.safe(item.messageId()), LogText.safe(item.carrier()));
      return new Attempt(Kind.FORGED, null);
    }
    int attempts = item.attempts() + 1;
    store.reschedule(item.tenant(), item.carrier(), item.messageId(), attempts, now.plus(backOff(attempts)));
    return new Attempt(Kind.LATER, null);
  }

  private static InboundConfirmation ask(QuarantinedInbound item, InboundConfirmer confirmer) {
    try {
      InboundConfirmation answer = confirmer.confirm(item.messageId());
      return answer != null ? answer : new InboundConfirmation.Unavailable("no answer");
    } catch (RuntimeException e) {
      log.warn("confirmer {} failed for {}: {}", LogText.safe(confirmer.name()), LogText.safe(item.messageId()),
          e.getClass().getSimpleName());
      return new InboundConfirmation.Unavailable(e.getClass().getSimpleName());
    }
  }

  /** The ledger evidence a confirmation adds: who confirmed it and the carrier's own evidence. */
  private static Map<String, String> confirmation(InboundConfirmer confirmer, Map<String, String> evidence) {
    Map<String, String> out = new TreeMap<>();
    out.put("confirmedBy", confirmer.name());
    evidence.entrySet().stream().sorted(Map.Entry.comparingByKey()).limit(8).forEach(e -> out.put(
        clip("confirmation." + e.getKey(), Checks.MAX_EVIDENCE_KEY), clip(e.getValue(), 512)));
    return out;
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private Duration backOff(int attempts) {
    Duration wait = settings.firstRetry();
    for (int i = 1; i < attempts && wait.compareTo(settings.maxRetry()) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(settings.maxRetry()) > 0 ? settings.maxRetry() : wait;
  }

  // ---- alarm and health

  private void noteUnverified(String carrier, Instant now) {
    InboundAlarm alarm = null;
    synchronized (this) {
      ArrayDeque<Instant> seen = arrivals.get(carrier);
      if (seen == null) {
        if (arrivals.size() >= CARRIERS) {
          return;
        }
        seen = new ArrayDeque<>();
        arrivals.put(carrier, seen);
      }
      prune(seen, now);
      if (seen.size() >= TRACKED) {
        seen.pollFirst();
      }
      seen.addLast(now);
      Instant until = alarmedUntil.get(carrier);
      if (seen.size() >= settings.alarmThreshold() && (until == null || !now.isBefore(until))) {
        alarmedUntil.put(carrier, now.plus(settings.alarmWindow()));
        alarm = new InboundAlarm(carrier, seen.size(), settings.alarmWindow(), now, InboundAlarm.LIKELY_CAUSE);
      }
    }
    if (alarm != null) {
      raise(alarm);
    }
  }

  private void raise(InboundAlarm alarm) {
    log.error("ALARM: {} webhooks from {} failed signature verification within {}. Likely cause: {}. Unverified"
        + " messages are quarantined, not applied{}. Logged once per window.", alarm.unverified(),
        LogText.safe(alarm.carrier()), alarm.window(), alarm.likelyCause(), confirmers.containsKey(alarm.carrier())
            ? "; they are confirmed with the carrier's API" : "; no confirmer is configured, so none can be confirmed");
    if (onAlarm != null) {
      try {
        onAlarm.accept(alarm);
      } catch (RuntimeException e) {
        log.warn("the host's inbound alarm callback failed: {}", e.getClass().getSimpleName());
      }
    }
  }

  private void prune(ArrayDeque<Instant> seen, Instant now) {
    Instant from = now.minus(settings.alarmWindow());
    while (!seen.isEmpty() && !seen.peekFirst().isAfter(from)) {
      seen.pollFirst();
    }
  }

  InboundHealth health() {
    Instant now = ctx.clock().instant();
    Map<String, Integer> counts = new TreeMap<>();
    synchronized (this) {
      arrivals.forEach((carrier, seen) -> {
        prune(seen, now);
        if (!seen.isEmpty()) {
          counts.put(carrier, seen.size());
        }
      });
    }
    boolean alarm = counts.values().stream().anyMatch(n -> n >= settings.alarmThreshold());
    QuarantineSummary held = store.quarantineSummary(ctx.tenant());
    Duration oldest = held.oldestQuarantinedAt() == null ? Duration.ZERO
        : Duration.between(held.oldestQuarantinedAt(), now);
    return new InboundHealth(alarm, counts, held.held(), oldest.isNegative() ? Duration.ZERO : oldest,
        confirmers.keySet(), forged.get(), expired.get());
  }
}
