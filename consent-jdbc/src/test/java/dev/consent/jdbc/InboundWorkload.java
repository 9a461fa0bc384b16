package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.CarrierAction;
import dev.consent.ConsentEvent;
import dev.consent.ConsentState;
import dev.consent.ConsentStatus;
import dev.consent.DenyReason;
import dev.consent.EventKind;
import dev.consent.GateDecision;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.LawfulBasis;
import dev.consent.MessageClass;
import dev.consent.Notice;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.error.ConsentStoreException;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import dev.consent.reliability.Figures;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.EventChain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Inbound webhooks through the full path (kit, inbound handler, store) from many threads: people
 * text NEWS (a single opt-in keyword) or STOP to a newsletter program, in an order fixed by when
 * they sent each text. A webhook that fails is retried later, as the carrier does after a 5xx.
 * Afterwards every text must have left exactly one event, each number's status must be what its
 * last text asked for, and every chain must verify.
 */
final class InboundWorkload {
  static final String SENDER = "+14155550200";
  static final String PURPOSE = "marketing.newsletter";
  static final Program NEWS = new Program("news", "ACME News", List.of(SENDER), "1 msg/week",
      Map.of("en", "ACME News: help at acme.example/help. Reply STOP to cancel."), List.of("NEWS"), "en");

  /** A text one person sent, and whether its webhook has been handled for sure. */
  record Text(PhoneNumber from, InboundMessage message, EventKind meant) {}

  final List<PhoneNumber> numbers = new ArrayList<>();
  final Figures figures;
  private final AtomicLong sentAt = new AtomicLong(Instant.parse("2026-03-02T12:00:00Z").toEpochMilli() * 1000);
  private final Map<PhoneNumber, List<Text>> texts = new ConcurrentHashMap<>();
  private final Queue<Text> retries = new ConcurrentLinkedQueue<>();
  private final Set<String> uncertain = ConcurrentHashMap.newKeySet();

  InboundWorkload(int count, Figures figures) {
    this.figures = figures;
    for (int i = 0; i < count; i++) {
      // German mobile numbers: no quiet hours, so the gate's answer depends on consent alone
      numbers.add(PhoneNumber.parse(String.format("+49151234567%02d", i)));
      texts.put(numbers.get(i), new ArrayList<>());
    }
  }

  static ConsentKit kit(ConsentStore store) {
    Purpose news = new Purpose(PURPOSE, "Weekly news", LawfulBasis.CONSENT, MessageClass.MARKETING, false, null,
        Duration.ofDays(730), NEWS);
    return ConsentKit.builder().store(store).carrier(new RecordingCarrier("twilio")).clock(Clock.systemUTC())
        .purposes(news).notices(new Notice(PURPOSE, "v1", "en", "Yes, text me ACME News weekly.")).build();
  }

  /**
   * Texts are sent this far apart: more than the kits' clock-skew tolerance, so that each is clearly
   * later than the one before it and the last one sent decides the status.
   */
  private static final long SPACING_MICROS = ConsentKit.DEFAULT_CLOCK_SKEW_TOLERANCE.toNanos() / 1000 + 1;

  /** A new text from {@code n}: NEWS or STOP, sent clearly after every text before it. */
  Text next(PhoneNumber n) {
    boolean join = ThreadLocalRandom.current().nextBoolean();
    long micros = sentAt.addAndGet(SPACING_MICROS);
    Instant at = Instant.EPOCH.plusNanos(micros * 1000);
    InboundMessage m = new InboundMessage("twilio", "SM" + UUID.randomUUID().toString().replace("-", ""), n, SENDER,
        join ? "NEWS" : "STOP", at, true, CarrierAction.NONE, null);
    Text t = new Text(n, m, join ? EventKind.GRANTED : EventKind.WITHDRAWN);
    synchronized (texts.get(n)) {
      texts.get(n).add(t);
    }
    return t;
  }

  /**
   * Delivers one webhook; a store failure is what the host answers the carrier with (500), so the
   * text goes to the retry queue. Returns whether it was handled.
   */
  boolean deliver(ConsentKit kit, Text t) {
    figures.inc("webhooks");
    uncertain.add(t.message().messageId());
    try {
      InboundResult r = kit.inbound().handle(t.message());
      // a NEWS handled after a STOP sent later than it is history: the handler says so (Ignored)
      boolean lateJoin = r instanceof InboundResult.Ignored && t.meant() == EventKind.GRANTED;
      if (!(r instanceof InboundResult.OptedOut || r instanceof InboundResult.OptedIn
          || r instanceof InboundResult.Duplicate || lateJoin)) {
        throw new AssertionError("unexpected result " + r + " for " + t.meant() + " at " + t.message().receivedAt()
            + "; ledger: " + kit.registry().history(t.from()).stream()
                .map(e -> e.seq() + " " + e.kind() + " " + e.occurredAt()).toList());
      }
      uncertain.remove(t.message().messageId());
      return true;
    } catch (ConsentStoreException e) {
      figures.inc("surfacedErrors");
      retries.add(t);
      return false;
    }
  }

  /** Retries one failed webhook, if any. */
  void retryOne(ConsentKit kit) {
    Text t = retries.poll();
    if (t != null) {
      figures.inc("retries");
      deliver(kit, t);
    }
  }

  /** Retries every failed webhook until all are handled (or the deadline passes). */
  void drain(ConsentKit kit, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!retries.isEmpty() && System.nanoTime() < deadline) {
      Text t = retries.poll();
      if (t != null && !deliver(kit, t)) {
        Thread.sleep(50);
      }
    }
    assertThat(retries).as("webhooks still failing after the outage").isEmpty();
  }

  /**
   * Checks the gate for {@code n} against what its texts asked for. A decision that is neither
   * right nor STORE_UNAVAILABLE is counted as wrongly allowed or wrongly denied. When {@code down}
   * says the database was unreachable for the whole call, an answer other than STORE_UNAVAILABLE can
   * only come from a reply already in flight, and must still be right.
   */
  void checkGate(ConsentKit kit, PhoneNumber n, BooleanSupplier down) {
    boolean downBefore = down.getAsBoolean();
    EventKind expected = lastHandled(n);
    GateDecision d = kit.gate().check(OutboundMessage.of(n, PURPOSE, "This week's news"));
    boolean downThroughout = downBefore && down.getAsBoolean();
    figures.inc("gateChecks");
    if (d instanceof GateDecision.Denied x && x.reason() == DenyReason.STORE_UNAVAILABLE) {
      figures.inc("deniedStoreUnavailable");
      return;
    }
    if (downThroughout) {
      // A reply already in the client's socket buffer when the connection was cut can still be read:
      // such an answer is the database's, so it must be right (checked below), not STORE_UNAVAILABLE.
      figures.inc("answeredFromBufferedReply");
    }
    if (expected == null) {
      return; // the latest text's outcome is unknown (its webhook failed, possibly after the commit)
    }
    if (d.isAllowed() != (expected == EventKind.GRANTED)) {
      figures.inc(d.isAllowed() ? "wronglyAllowed" : "wronglyDenied");
      throw new AssertionError("gate " + d + " but the last handled text asked for " + expected);
    }
  }

  /** The kind the number's latest text asked for, if that text and all before it are known to be handled. */
  private EventKind lastHandled(PhoneNumber n) {
    List<Text> mine;
    synchronized (texts.get(n)) {
      mine = List.copyOf(texts.get(n));
    }
    if (mine.isEmpty()) {
      return null;
    }
    Text last = mine.get(mine.size() - 1);
    for (Text t : mine) {
      if (uncertain.contains(t.message().messageId())) {
        return null;
      }
    }
    return last.meant();
  }

  /** After the run: every text left one event, none twice; statuses follow the last text; chains verify. */
  void verify(ConsentStore store, String tenant) {
    long events = 0;
    for (PhoneNumber n : numbers) {
      List<Text> mine = texts.get(n);
      List<ConsentEvent> history = store.history(tenant, n);
      assertThat(EventChain.verify(n, history).isIntact()).as("chain of %s", n.masked()).isTrue();
      Set<String> keys = new HashSet<>();
      for (ConsentEvent e : history) {
        if (!keys.add(e.idempotencyKey())) {
          figures.inc("duplicateEvents");
        }
      }
      int lost = 0;
      for (Text t : mine) {
        String key = "in:twilio:" + t.message().messageId() + ":" + PURPOSE;
        if (!keys.contains(key)) {
          lost++;
        }
      }
      figures.add("lostEvents", lost);
      assertThat(lost).as("texts of %s without their event", n.masked()).isZero();
      assertThat(history).as("events of %s", n.masked()).hasSize(mine.size());
      ConsentStatus status = store.status(tenant, n, PURPOSE);
      assertThat(status).isEqualTo(EventChain.replay(tenant, n, PURPOSE, history));
      if (!mine.isEmpty()) {
        Text last = mine.stream().max(java.util.Comparator.comparing(t -> t.message().receivedAt())).orElseThrow();
        assertThat(status.state()).as("status of %s after its last text", n.masked())
            .isEqualTo(last.meant() == EventKind.GRANTED ? ConsentState.GRANTED : ConsentState.WITHDRAWN);
      }
      events += history.size();
    }
    figures.add("events", events);
    figures.add("duplicateEvents", 0);
    figures.add("lostEvents", 0);
    figures.add("wronglyAllowed", 0);
    assertThat(figures.get("duplicateEvents")).isZero();
  }
}
