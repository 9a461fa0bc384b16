package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Campaign;
import dev.consent.CampaignReport;
import dev.consent.CampaignResult;
import dev.consent.CarrierError;
import dev.consent.Channel;
import dev.consent.ConsentMethod;
import dev.consent.DeferredMessage;
import dev.consent.DenyReason;
import dev.consent.EventKind;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.ReleaseReport;
import dev.consent.SendOutcome;
import dev.consent.WithdrawRequest;
import dev.consent.error.InvalidInputException;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import dev.consent.spi.DeferralStore;
import dev.consent.spi.EventChain;
import dev.consent.spi.NewEvent;
import dev.consent.spi.SmsCarrier;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@link DeferralStore} contract: one message per (tenant, id), read back exactly; due messages
 * claimed earliest first, each by one caller until its claim runs out (under a race of 8 threads
 * too); held again, removed and erased by subject; tenants apart. And through two kits on the store,
 * their clocks 40 s apart: a message refused for quiet hours or a cap is held and sent once when due
 * however many release calls race, an opt-out or erasure meanwhile wins, a message that cannot go in
 * time is dropped, and one whose release died after reserving it is never sent again; a campaign that
 * holds its messages still reaches each number once, retried or not. A store's test
 * extends this class.
 */
public abstract class DeferralStoreContract extends KitScenario {
  /** Monday 22:30 in New York: outside the 8:00-21:00 window. */
  private static final Instant MONDAY_2230_NY = Instant.parse("2026-03-03T03:30:00Z");
  /** Tuesday 8:00 in New York: the window opens. */
  private static final Instant TUESDAY_8_NY = Instant.parse("2026-03-03T13:00:00Z");

  /** The store under test as a deferral store (usually the same object as {@link #store()}). */
  protected abstract DeferralStore deferralStore();

  protected String tenant;

  @BeforeEach
  void newTenant() {
    tenant = "d-" + UUID.randomUUID().toString().substring(0, 12);
  }

  protected DeferredMessage held(String id, PhoneNumber to, Instant releaseAt) {
    return new DeferredMessage(tenant, id, store().subjectRef(tenant, to),
        new OutboundMessage(to, MARKETING, "Spring sale \u00fc\u2713 " + id, SENDER, ZoneId.of("America/New_York")),
        DenyReason.QUIET_HOURS, MONDAY_11_NY, releaseAt, releaseAt.plus(Duration.ofDays(1)), null);
  }

  @Test
  @DisplayName("keeps a message once per id and reads it back exactly; tenants apart")
  void keeps() {
    DeferredMessage a = held("a", NY, MONDAY_11_NY.plusSeconds(60));
    assertThat(deferralStore().defer(a)).isTrue();
    assertThat(deferralStore().defer(held("a", MIAMI, MONDAY_11_NY))).as("same id").isFalse();
    assertThat(deferralStore().deferredOf(tenant, a.subjectRef())).containsExactly(a);
    DeferredMessage plain = new DeferredMessage(tenant, "b", a.subjectRef(), OutboundMessage.of(NY, ORDERS, "Hi"),
        DenyReason.FREQUENCY_CAP, MONDAY_11_NY, MONDAY_11_NY, MONDAY_11_NY, "spring-2027");
    assertThat(deferralStore().defer(plain)).isTrue();
    assertThat(deferralStore().deferredOf(tenant, a.subjectRef())).containsExactly(plain, a);
    String mine = tenant;
    tenant = mine + "-other";
    assertThat(deferralStore().deferredOf(tenant, store().subjectRef(tenant, NY))).isEmpty();
    assertThat(deferralStore().claimDue(tenant, MONDAY_11_NY.plusSeconds(3600), MONDAY_11_NY.plusSeconds(3660), 10))
        .isEmpty();
    assertThat(deferralStore().removeDeferred(tenant, "a")).isFalse();
    tenant = mine;
    assertThat(deferralStore().deferredOf(tenant, a.subjectRef())).hasSize(2);
  }

  @Test
  @DisplayName("claims due messages earliest first, up to the limit; a claimed one is not due again until its"
      + " claim runs out; held again it is free, removed it is gone")
  void claims() {
    Instant t = MONDAY_11_NY;
    deferralStore().defer(held("late", NY, t.plusSeconds(120)));
    deferralStore().defer(held("early", MIAMI, t));
    deferralStore().defer(held("later", NY, t.plus(Duration.ofHours(2))));
    Instant now = t.plusSeconds(120);
    assertThat(deferralStore().claimDue(tenant, now, now.plusSeconds(60), 1)).extracting(DeferredMessage::id)
        .containsExactly("early");
    assertThat(deferralStore().claimDue(tenant, now, now.plusSeconds(60), 10)).extracting(DeferredMessage::id)
        .containsExactly("late");
    assertThat(deferralStore().claimDue(tenant, now.plusSeconds(30), now.plusSeconds(90), 10)).as("claimed").isEmpty();
    assertThat(deferralStore().claimDue(tenant, now.plusSeconds(61), now.plusSeconds(121), 10))
        .as("the claims ran out").extracting(DeferredMessage::id).containsExactly("early", "late");
    Instant next = t.plus(Duration.ofHours(1));
    assertThat(deferralStore().redefer(tenant, "early", next)).isTrue();
    assertThat(deferralStore().removeDeferred(tenant, "late")).isTrue();
    assertThat(deferralStore().removeDeferred(tenant, "late")).isFalse();
    assertThat(deferralStore().redefer(tenant, "late", next)).isFalse();
    assertThat(deferralStore().claimDue(tenant, next.minusSeconds(1), next, 10)).isEmpty();
    assertThat(deferralStore().claimDue(tenant, next, next.plusSeconds(60), 10)).singleElement()
        .satisfies(d -> assertThat(d.releaseAt()).isEqualTo(next));
  }

  @Test
  @DisplayName("8 threads claiming 40 due messages at once: each message is claimed by exactly one")
  void claimRace() throws Exception {
    for (int i = 0; i < 40; i++) {
      deferralStore().defer(held("race-" + i, PhoneNumber.parse("+1212555" + String.format("%04d", 100 + i)),
          MONDAY_11_NY.plusSeconds(i)));
    }
    Instant now = MONDAY_11_NY.plusSeconds(60);
    List<List<DeferredMessage>> claimed = eightAtOnce(() -> {
      List<DeferredMessage> mine = new ArrayList<>();
      List<DeferredMessage> got;
      do {
        got = deferralStore().claimDue(tenant, now, now.plusSeconds(60), 7);
        mine.addAll(got);
      } while (!got.isEmpty());
      return mine;
    });
    List<String> ids = claimed.stream().flatMap(List::stream).map(DeferredMessage::id).toList();
    assertThat(ids).hasSize(40).doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("erasure deletes a subject's messages only")
  void erases() {
    deferralStore().defer(held("n1", NY, MONDAY_11_NY));
    deferralStore().defer(held("n2", NY, MONDAY_11_NY));
    deferralStore().defer(held("m1", MIAMI, MONDAY_11_NY));
    assertThat(deferralStore().eraseDeferred(tenant, store().subjectRef(tenant, NY))).isEqualTo(2);
    assertThat(deferralStore().deferredOf(tenant, store().subjectRef(tenant, NY))).isEmpty();
    assertThat(deferralStore().claimDue(tenant, MONDAY_11_NY, MONDAY_11_NY.plusSeconds(60), 10))
        .extracting(DeferredMessage::id).containsExactly("m1");
  }

  // ---- through kits

  /** Two instances of the tenant, their clocks 40 s apart, with NY and MIAMI granted marketing. */
  private final class Instances {
    final MutableClock a;
    final MutableClock b;
    final List<RecordingCarrier> carriers = List.of(new RecordingCarrier(), new RecordingCarrier());
    final ConsentKit kitA;
    final ConsentKit kitB;

    Instances(Instant at) {
      a = MutableClock.at(at);
      b = MutableClock.at(at.plusSeconds(40));
      kitA = kit(a, carriers.get(0));
      kitB = kit(b, carriers.get(1));
      for (PhoneNumber n : List.of(NY, MIAMI)) {
        EventChain.append(store(), new NewEvent(UUID.randomUUID().toString(), tenant, n, MARKETING, EventKind.GRANTED,
            ConsentMethod.SMS_DOUBLE_OPT_IN, Channel.SMS, new TreeMap<>(Map.of("requestId", "r-" + n.e164())), "v1",
            MONDAY_11_NY.minusSeconds(60), MONDAY_11_NY.minusSeconds(60), null, false));
      }
    }

    ConsentKit kit(MutableClock clock, SmsCarrier carrier) {
      return ConsentKit.builder().tenant(tenant).store(store()).deferralStore(deferralStore()).carrier(carrier)
          .clock(clock).purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE).build();
    }

    void advance(Duration d) {
      a.advance(d);
      b.advance(d);
    }

    int sent() {
      return carriers.get(0).sent().size() + carriers.get(1).sent().size();
    }

    /** Both instances call releaseDue from 4 threads each at once; the reports. */
    List<ReleaseReport> releaseRace() throws Exception {
      List<ReleaseReport> out = new ArrayList<>();
      List<List<ReleaseReport>> all = eightAtOnce(() -> List.of(kitA.gate().releaseDue()), () -> List.of(kitB.gate().releaseDue()));
      all.forEach(out::addAll);
      return out;
    }
  }

  @Test
  @DisplayName("a marketing message refused at 22:30 is held to 8:00 and sent exactly once when 8 release calls on two"
      + " instances race")
  void heldForQuietHours() throws Exception {
    Instances k = new Instances(MONDAY_2230_NY);
    SendOutcome o = k.kitA.gate().sendOrDefer(OutboundMessage.of(NY, MARKETING, "Spring sale"), Duration.ofDays(1));
    SendOutcome.Deferred d = (SendOutcome.Deferred) o;
    assertThat(d.decision().reason()).isEqualTo(DenyReason.QUIET_HOURS);
    assertThat(d.releaseAt()).isEqualTo(TUESDAY_8_NY);
    assertThat(k.sent()).isZero();
    k.advance(Duration.between(MONDAY_2230_NY, TUESDAY_8_NY).minusSeconds(41));
    assertThat(k.kitA.gate().releaseDue().handled()).as("not due on either instance").isZero();
    assertThat(k.kitB.gate().releaseDue().handled()).isZero();
    k.advance(Duration.ofSeconds(42)); // a: 8:00:01, b: 8:00:41
    List<ReleaseReport> reports = k.releaseRace();
    assertThat(reports.stream().mapToInt(ReleaseReport::sent).sum()).isEqualTo(1);
    assertThat(reports.stream().mapToInt(ReleaseReport::handled).sum()).isEqualTo(1);
    assertThat(k.sent()).isEqualTo(1);
    assertThat(deferralStore().deferredOf(tenant, store().subjectRef(tenant, NY))).isEmpty();
    assertThat(store().messages(tenant, NY)).singleElement()
        .satisfies(m -> assertThat(m.carrierMessageId()).isNotNull());
  }

  @Test
  @DisplayName("a campaign with deferral holds its message refused at 22:30; run again on the other instance it holds"
      + " it again, yet at 8:00 the racing releases send it once, and a third run finds it sent")
  void campaignHeld() throws Exception {
    Instances k = new Instances(MONDAY_2230_NY);
    Campaign night = Campaign.of("night-owls").withDeferral(Duration.ofDays(1));
    List<CampaignResult> results = new ArrayList<>();
    CampaignReport first = k.kitA.gate().sendAll(night, List.of(OutboundMessage.of(NY, MARKETING, "Spring sale")),
        results::add);
    assertThat(first.deferred()).isEqualTo(1);
    assertThat(first.blocked()).isZero();
    assertThat(results).singleElement().satisfies(r -> assertThat(((CampaignResult.Done) r).outcome())
        .isInstanceOfSatisfying(SendOutcome.Deferred.class, d -> assertThat(d.releaseAt()).isEqualTo(TUESDAY_8_NY)));
    assertThat(k.kitB.gate().sendAll(night, List.of(OutboundMessage.of(NY, MARKETING, "Spring sale")), r -> {})
        .deferred()).as("a retried run holds it again").isEqualTo(1);
    k.advance(Duration.between(MONDAY_2230_NY, TUESDAY_8_NY).plusSeconds(1));
    List<ReleaseReport> reports = k.releaseRace();
    assertThat(reports.stream().mapToInt(ReleaseReport::sent).sum()).isEqualTo(1);
    assertThat(reports.stream().mapToInt(ReleaseReport::alreadySent).sum()).isEqualTo(1);
    assertThat(k.sent()).isEqualTo(1);
    k.advance(Duration.ofMinutes(5));
    assertThat(k.kitA.gate().sendAll(night, List.of(OutboundMessage.of(NY, MARKETING, "Spring sale")), r -> {})
        .alreadySent()).isEqualTo(1);
    assertThat(k.sent()).isEqualTo(1);
    assertThat(Campaign.of("x").withDeferral(Duration.ofDays(2)).deferUpTo()).isEqualTo(Duration.ofDays(2));
    assertThatThrownBy(() -> Campaign.of("x").withDeferral(Duration.ZERO)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  @DisplayName("a message due while it is still refused for time is held again, to the new retry instant")
  void heldAgain() {
    Instances k = new Instances(MONDAY_2230_NY);
    DeferredMessage early = new DeferredMessage(tenant, "early", store().subjectRef(tenant, NY),
        OutboundMessage.of(NY, MARKETING, "Spring sale"), DenyReason.QUIET_HOURS, MONDAY_2230_NY, MONDAY_2230_NY,
        MONDAY_2230_NY.plus(Duration.ofDays(1)), null);
    deferralStore().defer(early); // due at 22:30, as a host's own clock might have put it
    List<SendOutcome> told = new ArrayList<>();
    ReleaseReport r = k.kitA.gate().releaseDue((id, to, outcome) -> told.add(outcome));
    assertThat(r.deferredAgain()).isEqualTo(1);
    assertThat(told).singleElement().isInstanceOfSatisfying(SendOutcome.Deferred.class,
        d -> assertThat(d.releaseAt()).isEqualTo(TUESDAY_8_NY));
    assertThat(deferralStore().deferredOf(tenant, early.subjectRef())).singleElement()
        .satisfies(d -> assertThat(d.releaseAt()).isEqualTo(TUESDAY_8_NY));
    assertThat(k.kitB.gate().releaseDue().handled()).as("not due before 8:00, and not claimed").isZero();
    assertThat(k.sent()).isZero();
    k.advance(Duration.between(MONDAY_2230_NY, TUESDAY_8_NY));
    assertThat(k.kitB.gate().releaseDue().sent()).isEqualTo(1);
  }

  @Test
  @DisplayName("a STOP recorded on the other instance while the message is held wins: it is dropped, not sent")
  void optOutWins() {
    Instances k = new Instances(MONDAY_2230_NY);
    SendOutcome.Deferred d = (SendOutcome.Deferred) k.kitA.gate()
        .sendOrDefer(OutboundMessage.of(NY, MARKETING, "Spring sale"), Duration.ofDays(1));
    k.advance(Duration.ofHours(1));
    k.kitB.registry().withdraw(WithdrawRequest.of(NY, MARKETING));
    k.advance(Duration.between(MONDAY_2230_NY, TUESDAY_8_NY));
    List<SendOutcome> told = new ArrayList<>();
    ReleaseReport r = k.kitA.gate().releaseDue((id, to, outcome) -> {
      assertThat(id).isEqualTo(d.deferralId());
      told.add(outcome);
    });
    assertThat(r.blocked()).isEqualTo(1);
    assertThat(told).singleElement().satisfies(outcome ->
        assertThat(((SendOutcome.Blocked) outcome).decision().reason()).isEqualTo(DenyReason.WITHDRAWN));
    assertThat(k.sent()).isZero();
    assertThat(k.kitB.gate().releaseDue().handled()).as("dropped, not held").isZero();
  }

  @Test
  @DisplayName("a message over Florida's cap is held to the instant the cap has room, then sent")
  void heldForCap() {
    Instances k = new Instances(MONDAY_11_NY);
    Instant first = k.a.instant();
    for (int i = 0; i < 3; i++) {
      assertThat(k.kitA.gate().send(OutboundMessage.of(MIAMI, MARKETING, "Deal " + i))).isInstanceOf(SendOutcome.Sent.class);
      k.advance(Duration.ofMinutes(10));
    }
    SendOutcome.Deferred d = (SendOutcome.Deferred) k.kitB.gate()
        .sendOrDefer(OutboundMessage.of(MIAMI, MARKETING, "Deal 3"), Duration.ofDays(2));
    assertThat(d.decision().reason()).isEqualTo(DenyReason.FREQUENCY_CAP);
    assertThat(d.releaseAt()).isEqualTo(first.plus(Duration.ofHours(24)));
    k.a.set(d.releaseAt().minusSeconds(1));
    assertThat(k.kitA.gate().releaseDue().handled()).isZero();
    k.a.set(d.releaseAt().plusSeconds(1));
    assertThat(k.kitA.gate().releaseDue().sent()).isEqualTo(1);
    assertThat(k.sent()).isEqualTo(4);
  }

  @Test
  @DisplayName("a message that cannot go by its latest time is not held, and one whose latest time passes while held"
      + " is dropped")
  void tooLate() {
    Instances k = new Instances(MONDAY_2230_NY);
    SendOutcome o = k.kitA.gate().sendOrDefer(OutboundMessage.of(NY, MARKETING, "Tonight only"), Duration.ofHours(1));
    assertThat(((SendOutcome.Blocked) o).decision().reason()).isEqualTo(DenyReason.QUIET_HOURS);
    assertThat(deferralStore().deferredOf(tenant, store().subjectRef(tenant, NY))).isEmpty();
    k.kitA.gate().sendOrDefer(OutboundMessage.of(NY, MARKETING, "Morning only"), Duration.ofHours(10));
    k.advance(Duration.ofHours(11)); // 9:30, past 8:30
    List<SendOutcome> told = new ArrayList<>();
    assertThat(k.kitA.gate().releaseDue((id, to, outcome) -> told.add(outcome)).expired()).isEqualTo(1);
    assertThat(told).singleElement().isInstanceOf(SendOutcome.Blocked.class);
    assertThat(k.sent()).isZero();
    assertThat(deferralStore().deferredOf(tenant, store().subjectRef(tenant, NY))).isEmpty();
  }

  @Test
  @DisplayName("a release that dies after reserving the message leaves it claimed; after the claim the other"
      + " instance finds it in doubt and never sends it again")
  void releaseDiesHalfway() {
    Instances k = new Instances(MONDAY_2230_NY);
    k.kitA.gate().sendOrDefer(OutboundMessage.of(NY, MARKETING, "Spring sale"), Duration.ofDays(1));
    SmsCarrier dies = new SmsCarrier() {
      @Override
      public String name() {
        return "test";
      }

      @Override
      public dev.consent.spi.SendResult send(dev.consent.spi.OutgoingSms sms) {
        throw new IllegalStateException("the process died in the carrier call");
      }
    };
    ConsentKit dying = k.kit(k.a, dies);
    k.advance(Duration.between(MONDAY_2230_NY, TUESDAY_8_NY));
    assertThatThrownBy(() -> dying.gate().releaseDue()).isInstanceOf(IllegalStateException.class);
    assertThat(k.kitB.gate().releaseDue().handled()).as("still claimed").isZero();
    k.advance(Duration.ofSeconds(61));
    List<SendOutcome> told = new ArrayList<>();
    assertThat(k.kitB.gate().releaseDue((id, to, outcome) -> told.add(outcome)).alreadySent()).isEqualTo(1);
    assertThat(told).singleElement().satisfies(outcome -> assertThat(((SendOutcome.Failed) outcome).error().kind())
        .isEqualTo(CarrierError.Kind.OUTCOME_UNKNOWN));
    assertThat(k.sent()).isZero();
    assertThat(k.kitA.gate().releaseDue().handled()).isZero();
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} fails")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"confirmSends", "removeDeferred"})
  @DisplayName("a release whose store fails after the carrier took the message (confirming it, or taking it off the"
      + " held ones): after the claim the other instance finds it sent and never sends it again")
  void storeFailsAfterTheCarrier(String failing) {
    Instances k = new Instances(MONDAY_2230_NY);
    k.kitA.gate().sendOrDefer(OutboundMessage.of(NY, MARKETING, "Spring sale"), Duration.ofDays(1));
    boolean[] failed = {false};
    Object proxy = java.lang.reflect.Proxy.newProxyInstance(DeferralStoreContract.class.getClassLoader(),
        new Class<?>[] {dev.consent.spi.ConsentStore.class, DeferralStore.class}, (p, method, args) -> {
          if (method.getName().equals(failing) && !failed[0]) {
            failed[0] = true;
            throw new dev.consent.error.ConsentStoreException("store unavailable (test, at " + failing + ")");
          }
          Object target = method.getDeclaringClass() == DeferralStore.class ? deferralStore() : store();
          try {
            return method.invoke(target, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
    ConsentKit failing1 = ConsentKit.builder().tenant(tenant).store((dev.consent.spi.ConsentStore) proxy)
        .deferralStore((DeferralStore) proxy).carrier(k.carriers.get(0)).clock(k.a)
        .purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE).build();
    k.advance(Duration.between(MONDAY_2230_NY, TUESDAY_8_NY));
    assertThatThrownBy(() -> failing1.gate().releaseDue()).isInstanceOf(dev.consent.error.ConsentStoreException.class);
    assertThat(failed[0]).isTrue();
    assertThat(k.sent()).as("the carrier took it").isEqualTo(1);
    assertThat(k.kitB.gate().releaseDue().handled()).as("still claimed").isZero();
    k.advance(Duration.ofSeconds(61));
    List<SendOutcome> told = new ArrayList<>();
    assertThat(k.kitB.gate().releaseDue((id, to, outcome) -> told.add(outcome)).alreadySent()).isEqualTo(1);
    if (failing.equals("confirmSends")) { // the store never learned the carrier's id: the outcome is in doubt
      assertThat(told).singleElement().satisfies(o -> assertThat(((SendOutcome.Failed) o).error().kind())
          .isEqualTo(CarrierError.Kind.OUTCOME_UNKNOWN));
    } else {
      assertThat(told).singleElement().isInstanceOf(SendOutcome.Sent.class);
    }
    assertThat(k.sent()).as("never sent again").isEqualTo(1);
    assertThat(deferralStore().deferredOf(tenant, store().subjectRef(tenant, NY))).isEmpty();
    k.advance(Duration.ofMinutes(5));
    assertThat(k.kitA.gate().releaseDue().handled()).isZero();
  }

  @Test
  @DisplayName("erasing the number deletes its held messages")
  void erasure() {
    Instances k = new Instances(MONDAY_2230_NY);
    k.kitA.gate().sendOrDefer(OutboundMessage.of(NY, MARKETING, "Spring sale"), Duration.ofDays(1));
    String ref = store().subjectRef(tenant, NY);
    assertThat(deferralStore().deferredOf(tenant, ref)).hasSize(1);
    k.kitB.registry().erase(NY, "subject request");
    assertThat(deferralStore().deferredOf(tenant, ref)).isEmpty();
  }

  @Test
  @DisplayName("a delay that is not positive or over 30 days is refused, and nothing is sent or held")
  void badDelay() {
    Instances k = new Instances(MONDAY_2230_NY);
    for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofDays(31))) {
      assertThatThrownBy(() -> k.kitA.gate().sendOrDefer(OutboundMessage.of(NY, MARKETING, "x"), bad))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("maxDelay");
    }
    assertThat(deferralStore().deferredOf(tenant, store().subjectRef(tenant, NY))).isEmpty();
    assertThat(k.sent()).isZero();
  }

  /** Runs the tasks on 8 threads at once (task t % tasks.length on thread t); their results. */
  @SafeVarargs
  private static <T> List<T> eightAtOnce(Callable<T>... tasks) throws Exception {
    return AtOnce.run(8, t -> tasks[t % tasks.length]);
  }
}
