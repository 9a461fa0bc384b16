package dev.consent.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentKit;
import dev.consent.ConsentState;
import dev.consent.ConsentStoreException;
import dev.consent.Notice;
import dev.consent.OptInResult;
import dev.consent.OptInStart;
import dev.consent.PhoneNumber;
import dev.consent.Purpose;
import dev.consent.WebOptIn;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import dev.consent.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Regression tests for what the model suite found when a store call fails inside a double opt-in step. */
@DisplayName("Double opt-in under store faults")
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
}
