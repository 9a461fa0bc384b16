package dev.consent;

import static dev.consent.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.ConsentStoreException;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.EventChain;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Erasure edge cases the model suite's Erase steps found (kept as plain regression tests). */
@DisplayName("erasure edge cases")
class ErasureEdgesTest {

  @Test
  @DisplayName("a second erasure after a history-only event (a backdated grant) keeps the chain verifiable and the"
      + " status equal to the ledger's replay")
  void eraseTwiceAfterBackdatedEvent() {
    Fixture f = new Fixture();
    f.grantNews(NY);
    f.clock.advance(Duration.ofHours(2));
    f.kit.registry().erase(NY, "art17-request");
    f.kit.registry().grant(new GrantRequest(NY, NEWS, ConsentMethod.WEB_FORM, Channel.WEB, "v1",
        Map.of("form", "https://acme.example/news"), f.clock.instant().minus(Duration.ofHours(1)), "late-grant"));
    assertThat(f.kit.registry().status(NY, NEWS).state()).as("the late grant is history only")
        .isEqualTo(ConsentState.ERASED);

    f.kit.registry().erase(NY, "art17-request");
    List<ConsentEvent> ledger = f.kit.registry().history(NY);
    assertThat(ledger).allSatisfy(e -> assertThat(e.isRedacted()).isTrue());
    assertThat(ledger.get(ledger.size() - 1).kind()).isEqualTo(EventKind.ERASED);
    assertThat(f.kit.registry().verify().breaks()).isEmpty();
    assertThat(EventChain.replay(f.kit.tenant(), NY, NEWS, ledger)).isEqualTo(f.kit.registry().status(NY, NEWS));
  }

  @Test
  @DisplayName("a store failure while a comeback from the phone is confirmed is retried by the carrier and still"
      + " lifts the erasure's suppression")
  void comebackConfirmationRetried() {
    InMemoryConsentStore real = new InMemoryConsentStore();
    AtomicBoolean armed = new AtomicBoolean();
    ConsentStore failing = (ConsentStore) Proxy.newProxyInstance(ConsentStore.class.getClassLoader(),
        new Class<?>[] {ConsentStore.class}, (p, method, args) -> {
          if (method.getName().equals("lift") && armed.getAndSet(false)) {
            throw new ConsentStoreException("injected failure");
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    Fixture f = new Fixture(failing, OptInSettings.defaults());
    f.optInByWeb(NY);
    f.kit.registry().erase(NY, "art17-request");
    assertThat(f.reply(NY, DEALS_SENDER, "JOIN")).isInstanceOf(InboundResult.OptInRequested.class);

    InboundMessage yes = f.sms(NY, DEALS_SENDER, "YES");
    armed.set(true);
    assertThatThrownBy(() -> f.kit.inbound().handle(yes)).isInstanceOf(ConsentStoreException.class);
    assertThat(f.kit.inbound().handle(yes)).as("the carrier's retry").isInstanceOf(InboundResult.Confirmed.class);
    assertThat(f.kit.registry().suppressions(NY)).noneMatch(s -> s.reason() == SuppressionReason.ERASURE);
    assertThat(f.check(NY, MARKETING)).isInstanceOf(GateDecision.Allowed.class);
  }
}
