package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.CarrierAction;
import dev.consent.ConsentEvent;
import dev.consent.ConsentState;
import dev.consent.DenyReason;
import dev.consent.EventKind;
import dev.consent.GateDecision;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.MessageRecord;
import dev.consent.OptInStart;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.RecordType;
import dev.consent.RetentionPolicy;
import dev.consent.RetentionReport;
import dev.consent.SendOutcome;
import dev.consent.SuppressionReason;
import dev.consent.WebOptIn;
import dev.consent.WithdrawRequest;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Retention through the whole kit, for every store: what is due goes in bounded batches, proofs
 * outlive bodies, opt-outs and consents in force are never touched, the ledger still verifies, and
 * a second run changes nothing. A store's test extends this class, returns its store and says how to
 * look for a value anywhere the store keeps data ({@link #assertHeldNowhere}).
 */
public abstract class RetentionContract extends KitScenario {
  /** Bodies 10 days, messages 60, finished requests 5 after expiry, receipts 20, hits 31, proofs 400 (orders 200). */
  protected static final RetentionPolicy POLICY = RetentionPolicy.defaults().withMessageBodies(Duration.ofDays(10))
      .withMessages(Duration.ofDays(60)).withPendingOptIns(Duration.ofDays(5)).withInboundReceipts(Duration.ofDays(20))
      .withRateLimitHits(Duration.ofDays(31)).withProofs(Duration.ofDays(400)).withProofs(ORDERS, Duration.ofDays(200));

  /** Asserts that no record the store keeps, in any form it keeps it, contains {@code value}. */
  protected abstract void assertHeldNowhere(String value);

  protected MutableClock clock;
  protected RecordingCarrier carrier;
  protected ConsentKit kit;
  private final AtomicLong inboundIds = new AtomicLong();

  @BeforeEach
  void newKit() {
    clock = MutableClock.at(MONDAY_11_NY);
    carrier = new RecordingCarrier();
    kit = kit(POLICY);
  }

  protected ConsentKit kit(RetentionPolicy policy) {
    return ConsentKit.builder().tenant("r-" + UUID.randomUUID().toString().substring(0, 12)).store(store())
        .carrier(carrier).clock(clock).purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE).retention(policy)
        .build();
  }

  /** The carrier message id of the last {@link #reply}. */
  protected String lastInboundId = "";

  protected InboundResult reply(PhoneNumber from, String body) {
    lastInboundId = "SM" + inboundIds.incrementAndGet();
    return kit.inbound().handle(new InboundMessage("recording", lastInboundId, from, SENDER, body, clock.instant(),
        true, CarrierAction.NONE, null));
  }

  protected void optInByWeb(PhoneNumber n) {
    assertThat(kit.doubleOptIn().start(WebOptIn.of(n, MARKETING, "v1"))).isInstanceOf(OptInStart.Started.class);
    assertThat(reply(n, "YES")).isInstanceOf(InboundResult.Confirmed.class);
  }

  protected GateDecision check(PhoneNumber n, String purpose) {
    return kit.gate().check(OutboundMessage.of(n, purpose, "Hello from ACME"));
  }

  protected void send(PhoneNumber n, String body) {
    assertThat(kit.gate().send(OutboundMessage.of(n, MARKETING, body))).isInstanceOf(SendOutcome.Sent.class);
  }

  protected void days(int n) {
    clock.advance(Duration.ofDays(n));
  }

  /** Runs retention until nothing more is due; returns the reports. */
  protected List<RetentionReport> drain() {
    List<RetentionReport> out = new ArrayList<>();
    do {
      out.add(kit.applyRetention());
      assertThat(out).as("runs until nothing is due").hasSizeLessThan(50);
    } while (out.get(out.size() - 1).moreDue());
    return out;
  }

  private static PhoneNumber ny(int i) {
    return PhoneNumber.parse(String.format("+1212555%04d", 124 + i));
  }

  @Nested
  @DisplayName("message log")
  class Messages {
    @Test
    @DisplayName("bodies go after their period while the entry and the proof of the consent stay")
    void bodies() {
      optInByWeb(NY);
      send(NY, "Private offer for Jane 4711");
      days(9);
      assertThat(kit.applyRetention().done(RecordType.MESSAGE_BODIES)).isZero();
      assertThat(kit.registry().export(NY).toJson()).contains("Jane 4711");

      days(2);
      RetentionReport r = kit.applyRetention();
      assertThat(r.done(RecordType.MESSAGE_BODIES)).isPositive();
      assertThat(r.moreDue()).isFalse();
      assertHeldNowhere("Jane 4711");
      List<MessageRecord> log = store().messages(kit.tenant(), NY);
      assertThat(log).isNotEmpty().allSatisfy(m -> assertThat(m.body()).isNull());
      assertThat(kit.registry().history(NY)).filteredOn(e -> e.kind() == EventKind.GRANTED).singleElement()
          .satisfies(e -> {
            assertThat(e.number()).isEqualTo(NY);
            assertThat(e.evidence()).isNotEmpty();
          });
      assertThat(kit.registry().verify().breaks()).isEmpty();
    }

    @Test
    @DisplayName("entries go after their own, longer period; newer ones stay")
    void entries() {
      optInByWeb(NY);
      send(NY, "First");
      days(50);
      optInByWeb(MIAMI);
      send(MIAMI, "Second");
      days(11);
      RetentionReport r = kit.applyRetention();
      assertThat(r.done(RecordType.MESSAGES)).isPositive();
      assertThat(store().messages(kit.tenant(), NY)).isEmpty();
      assertThat(store().messages(kit.tenant(), MIAMI)).isNotEmpty().allSatisfy(m -> assertThat(m.body()).isNull());
    }
  }

  @Nested
  @DisplayName("short-lived records")
  class ShortLived {
    @Test
    @DisplayName("inbound receipts, finished opt-in requests and rate-limit hits go after their periods")
    void receiptsRequestsHits() {
      optInByWeb(NY);
      String receipt = lastInboundId;
      assertThat(store().inboundHandled(kit.tenant(), "recording", receipt)).isTrue();
      List<RateLimit> limit = List.of(new RateLimit("retention-test", 1, Duration.ofDays(60)));
      assertThat(store().tryAcquire(kit.tenant(), limit, clock.instant())).isTrue();
      assertThat(store().tryAcquire(kit.tenant(), limit, clock.instant())).isFalse();
      assertThat(kit.doubleOptIn().start(WebOptIn.of(MIAMI, MARKETING, "v1"))).isInstanceOf(OptInStart.Started.class);

      days(5);
      RetentionReport early = kit.applyRetention();
      assertThat(early.done(RecordType.PENDING_OPT_INS)).isZero();
      assertThat(early.done(RecordType.INBOUND_RECEIPTS)).isZero();
      assertThat(store().pendingFor(kit.tenant(), NY)).isNotEmpty();

      days(16);
      RetentionReport r = kit.applyRetention();
      assertThat(r.done(RecordType.PENDING_OPT_INS)).isEqualTo(1);
      assertThat(r.done(RecordType.INBOUND_RECEIPTS)).isPositive();
      assertThat(store().pendingFor(kit.tenant(), NY)).isEmpty();
      assertThat(store().pendingFor(kit.tenant(), MIAMI)).as("a request still PENDING waits for the expiry sweep")
          .singleElement().satisfies(p -> assertThat(p.state()).isEqualTo(dev.consent.PendingOptIn.State.PENDING));
      assertThat(store().inboundHandled(kit.tenant(), "recording", receipt))
          .as("the receipt went; its keyed hash still recognises the message").isTrue();
      assertThat(store().tryAcquire(kit.tenant(), limit, clock.instant())).as("the hit still counts").isFalse();

      days(11);
      assertThat(kit.applyRetention().done(RecordType.RATE_LIMIT_HITS)).isPositive();
      assertThat(store().tryAcquire(kit.tenant(), limit, clock.instant())).as("the old hit no longer counts").isTrue();
    }
  }

  @Nested
  @DisplayName("de-duplication after retention")
  class Replays {
    private InboundResult handle(String messageId, PhoneNumber from, String body) {
      return kit.inbound().handle(new InboundMessage("recording", messageId, from, SENDER, body, clock.instant(), true,
          CarrierAction.NONE, null));
    }

    private String snapshot(PhoneNumber n) {
      return kit.registry().history(n) + "|" + kit.registry().statuses(n) + "|" + kit.registry().suppressions(n) + "|"
          + store().messages(kit.tenant(), n) + "|" + store().pendingFor(kit.tenant(), n);
    }

    @Test
    @DisplayName("a signed YES replayed after its receipt was deleted is a duplicate and changes nothing")
    void yesReplayedAfterRetention() {
      assertThat(kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1"))).isInstanceOf(OptInStart.Started.class);
      String yes = "SM-yes-" + UUID.randomUUID();
      assertThat(handle(yes, NY, "YES")).isInstanceOf(InboundResult.Confirmed.class);
      reply(NY, "STOP");
      days(21);
      assertThat(kit.applyRetention().done(RecordType.INBOUND_RECEIPTS)).as("receipts deleted").isPositive();
      int sent = carrier.sent().size();
      String before = snapshot(NY);

      assertThat(handle(yes, NY, "YES")).isInstanceOf(InboundResult.Duplicate.class);
      assertThat(snapshot(NY)).isEqualTo(before);
      assertThat(kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(check(NY, MARKETING)).isInstanceOf(GateDecision.Denied.class);
      assertThat(carrier.sent()).hasSize(sent);
      assertThat(kit.registry().verify().breaks()).isEmpty();
    }

    @Test
    @DisplayName("a signed START replayed after retention, past the proof period too, is a duplicate; the id is no"
        + " longer held in clear")
    void startReplayedAfterRetention() {
      optInByWeb(NY);
      reply(NY, "STOP");
      clock.advance(ConsentKit.DEFAULT_CLOCK_SKEW_TOLERANCE.plusMinutes(1));  // START clearly later than the STOP
      String start = "SM-start-" + UUID.randomUUID();
      assertThat(handle(start, NY, "START")).isInstanceOf(InboundResult.OptedIn.class);
      String stop = "SM-stop-" + UUID.randomUUID();
      assertThat(handle(stop, NY, "STOP")).isInstanceOf(InboundResult.OptedOut.class);
      String help = "SM-help-" + UUID.randomUUID();
      assertThat(handle(help, NY, "HELP")).isInstanceOf(InboundResult.Help.class);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertHeldNowhere(help))
          .as("the check sees the receipt before").isInstanceOf(AssertionError.class);
      days(1000);
      drain();
      assertHeldNowhere(help);
      int sent = carrier.sent().size();
      String before = snapshot(NY);

      for (String id : List.of(start, stop, help)) {
        assertThat(handle(id, NY, id.startsWith("SM-help") ? "HELP" : "START")).as(id)
            .isInstanceOf(InboundResult.Duplicate.class);
      }
      assertThat(snapshot(NY)).isEqualTo(before);
      assertThat(carrier.sent()).hasSize(sent);
      assertThat(check(NY, MARKETING)).isInstanceOf(GateDecision.Denied.class);
      assertThat(handle("SM-new-" + UUID.randomUUID(), NY, "HELP")).as("a new message is still handled")
          .isInstanceOf(InboundResult.Help.class);
      assertThat(kit.registry().verify().breaks()).isEmpty();
    }
  }

  @Nested
  @DisplayName("proofs")
  class Proofs {
    @Test
    @DisplayName("a grant in force is kept, even past its validity, and a double opt-in refreshes it")
    void grantInForce() {
      optInByWeb(NY);
      kit.doubleOptIn().start(WebOptIn.of(MIAMI, MARKETING, "v1"));
      days(1000);
      assertThat(check(NY, MARKETING)).isInstanceOfSatisfying(GateDecision.Denied.class,
          d -> assertThat(d.reason()).isEqualTo(DenyReason.CONSENT_EXPIRED));
      drain();
      assertThat(store().status(kit.tenant(), NY, MARKETING).state()).as("as stored").isEqualTo(ConsentState.GRANTED);
      assertThat(kit.registry().status(NY, MARKETING).state()).as("as the gate sees it").isEqualTo(ConsentState.EXPIRED);
      assertThat(kit.registry().status(MIAMI, MARKETING).state()).isEqualTo(ConsentState.PENDING);
      assertThat(kit.registry().history(NY)).isNotEmpty()
          .allSatisfy(e -> assertThat(e.isRedacted()).isFalse())
          .anySatisfy(e -> assertThat(e.evidence()).isNotEmpty());
      optInByWeb(NY);
      assertThat(check(NY, MARKETING)).isInstanceOf(GateDecision.Allowed.class);
      assertThat(kit.registry().verify().breaks()).isEmpty();
    }

    @Test
    @DisplayName("an ended consent is anonymised after its purpose's period, not before; the chain verifies;"
        + " the gate keeps denying it and the person may opt in again")
    void endedConsent() {
      optInByWeb(NY);
      kit.registry().withdraw(WithdrawRequest.of(NY, MARKETING));
      days(399);
      assertThat(kit.applyRetention().done(RecordType.PROOFS)).isZero();
      assertThat(kit.registry().history(NY)).noneMatch(ConsentEvent::isRedacted);

      days(2);
      RetentionReport r = kit.applyRetention();
      assertThat(r.done(RecordType.PROOFS)).isEqualTo(1);
      List<ConsentEvent> ledger = kit.registry().history(NY);
      assertThat(ledger).extracting(ConsentEvent::kind).containsExactly(EventKind.REQUESTED, EventKind.GRANTED,
          EventKind.WITHDRAWN, EventKind.ERASED);
      assertThat(ledger).allSatisfy(e -> {
        assertThat(e.isRedacted()).isTrue();
        assertThat(e.evidence()).isEmpty();
      });
      assertThat(kit.registry().verify().breaks()).isEmpty();
      assertThat(kit.registry().verify(NY).breaks()).isEmpty();
      assertThat(check(NY, MARKETING)).isInstanceOf(GateDecision.Denied.class);
      assertThat(check(NY, ORDERS)).as("no suppression was added").isInstanceOf(GateDecision.Allowed.class);

      optInByWeb(NY);
      assertThat(check(NY, MARKETING)).isInstanceOf(GateDecision.Allowed.class);
      assertThat(kit.registry().verify().breaks()).isEmpty();
    }

    @Test
    @DisplayName("a run that fails after the ERASED event and before the redaction is completed by the next run")
    void interrupted() {
      optInByWeb(NY);
      kit.registry().withdraw(WithdrawRequest.of(NY, MARKETING));
      days(401);
      ConsentStore real = store();
      java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
      ConsentStore failing = (ConsentStore) java.lang.reflect.Proxy.newProxyInstance(ConsentStore.class.getClassLoader(),
          new Class<?>[] {ConsentStore.class}, (proxy, method, args) -> {
            if (method.getName().equals("redactEnded") && !failed.getAndSet(true)) {
              throw new dev.consent.error.ConsentStoreException("injected failure");
            }
            try {
              return method.invoke(real, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
              throw e.getCause();
            }
          });
      ConsentKit broken = ConsentKit.builder().tenant(kit.tenant()).store(failing).carrier(carrier).clock(clock)
          .purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE).retention(POLICY).build();
      org.assertj.core.api.Assertions.assertThatThrownBy(broken::applyRetention)
          .isInstanceOf(dev.consent.error.ConsentStoreException.class);
      assertThat(kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.ERASED);
      assertThat(kit.registry().history(NY)).anyMatch(e -> !e.isRedacted());
      assertThat(kit.registry().verify().breaks()).isEmpty();

      assertThat(kit.applyRetention().done(RecordType.PROOFS)).isEqualTo(1);
      assertThat(kit.registry().history(NY)).hasSize(4).allSatisfy(e -> assertThat(e.isRedacted()).isTrue());
      assertThat(kit.registry().verify().breaks()).isEmpty();
      assertThat(kit.applyRetention().done(RecordType.PROOFS)).isZero();
    }

    @Test
    @DisplayName("opt-outs survive: STOPALL, host and erasure suppressions stay and keep denying; the number goes")
    void optOutsSurvive() {
      PhoneNumber erased = ny(1);
      optInByWeb(NY);
      send(NY, "Private offer for Jane 4711");
      reply(NY, "STOPALL");
      optInByWeb(MIAMI);
      kit.registry().suppress(MIAMI, "complaint");
      optInByWeb(erased);
      kit.registry().erase(erased, "art17-request");
      assertThat(kit.registry().suppressions(NY)).extracting(s -> s.reason()).contains(SuppressionReason.STOP_ALL);

      days(1000);
      drain();
      assertThat(kit.registry().suppressions(NY)).extracting(s -> s.reason()).contains(SuppressionReason.STOP_ALL);
      assertThat(kit.registry().suppressions(MIAMI)).extracting(s -> s.reason()).contains(SuppressionReason.HOST);
      assertThat(kit.registry().suppressions(erased)).extracting(s -> s.reason())
          .containsExactly(SuppressionReason.ERASURE);
      for (PhoneNumber n : List.of(NY, MIAMI, erased)) {
        for (String p : List.of(MARKETING, ORDERS)) {
          assertThat(check(n, p)).as(n + " " + p).isInstanceOf(GateDecision.Denied.class);
        }
      }
      assertThat(store().status(kit.tenant(), MIAMI, MARKETING).state()).isEqualTo(ConsentState.GRANTED);
      assertThat(kit.registry().status(MIAMI, MARKETING).state()).isEqualTo(ConsentState.EXPIRED);
      assertThat(kit.registry().history(NY)).allSatisfy(e -> assertThat(e.isRedacted()).isTrue());
      assertThat(kit.registry().verify().breaks()).isEmpty();
      assertHeldNowhere(NY.e164().substring(2));
      assertHeldNowhere("Jane 4711");
      assertThat(kit.doubleOptIn().start(WebOptIn.of(erased, MARKETING, "v1"))).isInstanceOf(OptInStart.Refused.class);
    }
  }

  @Nested
  @DisplayName("batches")
  class Batches {
    @Test
    @DisplayName("a run does at most one batch per kind and says more is due; the next runs finish")
    void bounded() {
      kit = kit(POLICY.withBatchSize(2));
      for (int i = 0; i < 5; i++) {
        optInByWeb(ny(i));
        send(ny(i), "Offer " + i);
      }
      for (int i = 0; i < 3; i++) {
        kit.registry().withdraw(WithdrawRequest.of(ny(i), MARKETING));
      }
      days(11);
      RetentionReport first = kit.applyRetention();
      assertThat(first.done(RecordType.MESSAGE_BODIES)).isEqualTo(2);
      assertThat(first.moreDue(RecordType.MESSAGE_BODIES)).isTrue();
      assertThat(first.moreDue()).isTrue();
      assertThat(first.done(RecordType.PROOFS)).isZero();

      days(400);
      RetentionReport second = kit.applyRetention();
      assertThat(second.done(RecordType.PROOFS)).isEqualTo(2);
      assertThat(second.moreDue(RecordType.PROOFS)).isTrue();
      List<RetentionReport> rest = drain();
      int bodies = first.done(RecordType.MESSAGE_BODIES) + second.done(RecordType.MESSAGE_BODIES)
          + rest.stream().mapToInt(r -> r.done(RecordType.MESSAGE_BODIES)).sum();
      int proofs = second.done(RecordType.PROOFS) + rest.stream().mapToInt(r -> r.done(RecordType.PROOFS)).sum();
      assertThat(rest).allSatisfy(r -> r.entries().forEach(e -> assertThat(e.done()).isLessThanOrEqualTo(2)));
      assertThat(bodies).as("the five offers and every reply sent with them").isGreaterThanOrEqualTo(5);
      assertThat(proofs).isEqualTo(3);
      for (int i = 0; i < 5; i++) {
        assertThat(store().status(kit.tenant(), ny(i), MARKETING).state())
            .isEqualTo(i < 3 ? ConsentState.ERASED : ConsentState.GRANTED);
      }
      assertThat(kit.registry().verify().breaks()).isEmpty();
    }
  }

  @Nested
  @DisplayName("idempotence")
  class Idempotence {
    @Test
    @DisplayName("a second run after everything due was done changes nothing")
    void secondRunChangesNothing() {
      optInByWeb(NY);
      send(NY, "Private offer for Jane 4711");
      reply(NY, "STOP");
      optInByWeb(MIAMI);
      days(1000);
      drain();
      String nyBefore = snapshot(NY);
      String miamiBefore = snapshot(MIAMI);
      RetentionReport again = kit.applyRetention();
      assertThat(again.moreDue()).isFalse();
      assertThat(again.entries()).hasSize(RecordType.values().length).allSatisfy(e -> assertThat(e.done()).isZero());
      assertThat(snapshot(NY)).isEqualTo(nyBefore);
      assertThat(snapshot(MIAMI)).isEqualTo(miamiBefore);
      assertThat(kit.registry().verify().breaks()).isEmpty();
    }

    private String snapshot(PhoneNumber n) {
      return kit.registry().history(n) + "|" + kit.registry().statuses(n) + "|" + kit.registry().suppressions(n) + "|"
          + store().messages(kit.tenant(), n) + "|" + store().pendingFor(kit.tenant(), n);
    }
  }
}
