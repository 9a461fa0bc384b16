package dev.consent.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.CarrierAction;
import dev.consent.ConsentState;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.Notice;
import dev.consent.OptInResult;
import dev.consent.OptInStart;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.Purpose;
import dev.consent.WebOptIn;
import dev.consent.error.ConsentStoreException;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import dev.consent.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Regression tests for what the model suite found in the double opt-in: store faults, late webhooks. */
@org.junit.jupiter.api.extension.ExtendWith(dev.consent.testkit.LogCheck.class)
@DisplayName("Double opt-in under store faults and late webhooks")
class OptInFaultTest {
  static final PhoneNumber NY = PhoneNumber.parse("+12125550123");
  final InMemoryConsentStore store = new InMemoryConsentStore();
  final FaultyStore faulty = new FaultyStore(store);
  final MutableClock clock = MutableClock.at("2026-03-02T16:00:00Z");
  final ConsentKit kit = ConsentKit.builder().store(faulty.store()).carrier(new RecordingCarrier()).clock(clock)
      .purposes(Purpose.marketing(Model.M, "Offers", ModelRun.DEALS, null))
      .notices(new Notice(Model.M, "v1", "en", "Yes, text me offers.")).build();

  @Test
  @DisplayName("expire() that fails between closing a request and recording its expiry records the expiry when retried")
  void expireRetried() {
    assertThat(kit.doubleOptIn().start(WebOptIn.of(NY, Model.M, "v1"))).isInstanceOf(OptInStart.Started.class);
    clock.advance(Duration.ofHours(25));
    faulty.arm(3, FaultyStore.Mode.BEFORE); // 1 pendingExpiredBy, 2 replacePending, 3 append EXPIRED
    assertThatThrownBy(() -> kit.doubleOptIn().expire()).isInstanceOf(ConsentStoreException.class);
    faulty.disarm();
    kit.doubleOptIn().expire();
    assertThat(kit.registry().status(NY, Model.M).state()).isEqualTo(ConsentState.EXPIRED);
  }

  @Test
  @DisplayName("confirm() of a request that ran out, failing between closing and recording, records the expiry when retried")
  void confirmExpiredRetried() {
    OptInStart.Started s = (OptInStart.Started) kit.doubleOptIn().start(WebOptIn.of(NY, Model.M, "v1"));
    clock.advance(Duration.ofHours(25));
    faulty.arm(3, FaultyStore.Mode.BEFORE); // 1 pending, 2 replacePending, 3 append EXPIRED
    assertThatThrownBy(() -> kit.doubleOptIn().confirm(s.requestId(), "000000"))
        .isInstanceOf(ConsentStoreException.class);
    faulty.disarm();
    assertThat(kit.doubleOptIn().confirm(s.requestId(), "000000")).isInstanceOf(OptInResult.Expired.class);
    assertThat(kit.registry().status(NY, Model.M).state()).isEqualTo(ConsentState.EXPIRED);
  }

  @Test
  @DisplayName("a STOP sent after the YES wins even when the YES webhook is handled after the STOP was received")
  void stopAfterYesHandledLate() {
    kit.doubleOptIn().start(WebOptIn.of(NY, Model.M, "v1"));
    java.time.Instant yesSent = clock.instant().plusSeconds(10);
    java.time.Instant stopSent = clock.instant().plusSeconds(30);
    clock.advance(Duration.ofSeconds(60));
    assertThat(kit.inbound().handle(sms("SM1", "YES", yesSent))).isInstanceOf(InboundResult.Confirmed.class);
    clock.advance(Duration.ofSeconds(30));
    assertThat(kit.inbound().handle(sms("SM2", "STOP", stopSent))).isInstanceOf(InboundResult.OptedOut.class);
    assertThat(kit.registry().status(NY, Model.M).state()).isEqualTo(ConsentState.WITHDRAWN);
    assertThat(kit.gate().check(OutboundMessage.of(NY, Model.M, "Deals!")).isAllowed()).isFalse();
  }

  @Test
  @DisplayName("a YES sent before the request existed does not confirm it")
  void yesBeforeRequest() {
    java.time.Instant yesSent = clock.instant().minusSeconds(60);
    kit.doubleOptIn().start(WebOptIn.of(NY, Model.M, "v1"));
    assertThat(kit.inbound().handle(sms("SM1", "YES", yesSent))).isNotInstanceOf(InboundResult.Confirmed.class);
    assertThat(kit.registry().status(NY, Model.M).state()).isEqualTo(ConsentState.PENDING);
  }

  @Test
  @DisplayName("a YES retried after its reply was lost ends as confirmed and leaves a STOPALL suppression in place")
  void yesRetriedAfterLostReply() {
    kit.inbound().handle(sms("SM1", "STOP ALL", clock.instant()));
    kit.doubleOptIn().start(WebOptIn.of(NY, Model.M, "v1"));
    InboundMessage yes = sms("SM2", "YES", clock.instant());
    // the request is marked confirmed, then the store's answer is lost: the reply was never sent
    faulty.armAt("replacePending", FaultyStore.Mode.AFTER);
    assertThatThrownBy(() -> kit.inbound().handle(yes)).isInstanceOf(ConsentStoreException.class);
    assertThat(faulty.disarm()).isEqualTo("replacePending");
    assertThat(kit.inbound().handle(yes)).isInstanceOf(InboundResult.Confirmed.class);
    assertThat(kit.registry().suppressions(NY)).extracting(dev.consent.Suppression::scope).containsExactly("all");
    assertThat(kit.registry().status(NY, Model.M).state()).isEqualTo(ConsentState.GRANTED);
  }

  @Test
  @DisplayName("another YES after a confirmation whose reply was lost is not taken for that lost reply: no Confirmed for it")
  void otherYesAfterLostReply() {
    kit.inbound().handle(sms("SM1", "STOP ALL", clock.instant()));
    kit.doubleOptIn().start(WebOptIn.of(NY, Model.M, "v1"));
    faulty.armAt("replacePending", FaultyStore.Mode.AFTER);
    assertThatThrownBy(() -> kit.inbound().handle(sms("SM2", "YES", clock.instant())))
        .isInstanceOf(ConsentStoreException.class);
    faulty.disarm();
    clock.advance(Duration.ofMinutes(5));
    // a new message (another id, or the same id from another carrier) is a resubscription, not the lost reply
    assertThat(kit.inbound().handle(sms("SM3", "YES", clock.instant()))).isNotInstanceOf(InboundResult.Confirmed.class);
    assertThat(kit.inbound().handle(new InboundMessage("vonage", "SM2", NY, Model.S1, "YES", clock.instant(), true,
        CarrierAction.NONE, null))).isNotInstanceOf(InboundResult.Confirmed.class);
  }

  private static InboundMessage sms(String id, String body, java.time.Instant sentAt) {
    return new InboundMessage("twilio", id, NY, Model.S1, body, sentAt, true, CarrierAction.NONE, null);
  }
}
