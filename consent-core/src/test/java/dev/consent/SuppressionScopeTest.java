package dev.consent;

import static dev.consent.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.InvalidInputException;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("SuppressionScope")
class SuppressionScopeTest {

  @Property
  @Label("toString is the persisted form that parse reads back")
  void roundTrip(@ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 40) String id) {
    for (SuppressionScope s : new SuppressionScope[] {SuppressionScope.ALL, new SuppressionScope.Sender(id),
        new SuppressionScope.Service(id)}) {
      assertThat(SuppressionScope.parse(s.toString())).isEqualTo(s);
    }
    assertThat(new SuppressionScope.Sender(id).toString()).isEqualTo(Suppression.senderScope(id));
    assertThat(new SuppressionScope.Service(id).toString()).isEqualTo(Suppression.serviceScope(id));
  }

  @Nested
  @DisplayName("parse and toString")
  class Form {
    @Test
    @DisplayName("read the three persisted forms into their types")
    void parses() {
      assertThat(SuppressionScope.parse("all")).isSameAs(SuppressionScope.ALL);
      assertThat(SuppressionScope.parse("sender:+14155550100")).isEqualTo(new SuppressionScope.Sender("+14155550100"));
      assertThat(SuppressionScope.parse("service:MG0123")).isEqualTo(new SuppressionScope.Service("MG0123"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "ALL", "All", "everything", "sender", "sender:", "sender:  ", "service:",
        "Sender:+1415", "carrier:x", " all"})
    @DisplayName("reject anything else with InvalidInputException")
    void rejects(String value) {
      assertThatThrownBy(() -> SuppressionScope.parse(value)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("a suppression with a bad scope is refused; a good one exposes its type")
    void suppression() {
      assertThatThrownBy(() -> new Suppression("t", NY, "sender:", SuppressionReason.HOST, MONDAY_11_NY,
          new TreeMap<>())).isInstanceOf(InvalidInputException.class);
      Suppression s = new Suppression("t", NY, Suppression.serviceScope("MG1"), SuppressionReason.HOST, MONDAY_11_NY,
          new TreeMap<>());
      assertThat(s.scope()).isEqualTo("service:MG1");
      assertThat(s.scopeType()).isEqualTo(new SuppressionScope.Service("MG1"));
    }

    @Test
    @DisplayName("blocks: all blocks everything, a sender its sender, a service its service")
    void blocks() {
      assertThat(SuppressionScope.ALL.blocks("a", null)).isTrue();
      assertThat(new SuppressionScope.Sender("a").blocks("a", null)).isTrue();
      assertThat(new SuppressionScope.Sender("a").blocks("b", "a")).isFalse();
      assertThat(new SuppressionScope.Service("s").blocks("a", "s")).isTrue();
      assertThat(new SuppressionScope.Service("s").blocks("a", null)).isFalse();
      assertThat(new SuppressionScope.Service("s").blocks("s", "t")).isFalse();
    }
  }

  @Nested
  @DisplayName("where the kit reads scopes, behaviour is unchanged")
  class Sites {
    final Fixture f = new Fixture();

    void suppress(String scope) {
      f.store.suppress(new Suppression(f.kit.tenant(), NY, scope, SuppressionReason.CARRIER_REPORT, f.clock.instant(),
          new TreeMap<>()));
    }

    @Test
    @DisplayName("the gate: a service scope blocks every sender (it cannot know the service); a sender scope one")
    void gate() {
      f.optInByWeb(NY);
      f.grantNews(NY);
      suppress(Suppression.senderScope(NEWS_SENDER));
      assertThat(f.check(NY, NEWS).isAllowed()).isFalse();
      assertThat(f.check(NY, MARKETING).isAllowed()).isTrue();
      suppress(Suppression.serviceScope("MG1"));
      assertThat(f.check(NY, MARKETING).isAllowed()).isFalse();
    }

    @Test
    @DisplayName("START lifts carrier suppressions in scope all, this sender or a service, not another sender's")
    void resubscribe() {
      f.grantNews(NY);
      suppress(Suppression.senderScope(DEALS_SENDER));
      suppress(Suppression.senderScope(NEWS_SENDER));
      suppress(Suppression.serviceScope("MG1"));
      suppress(Suppression.ALL);
      f.reply(NY, NEWS_SENDER, "START");
      assertThat(f.store.suppressions(f.kit.tenant(), NY)).extracting(Suppression::scope)
          .containsExactly(Suppression.senderScope(DEALS_SENDER));
    }

    @Test
    @DisplayName("a carrier opt-out for a sender withdraws the purposes sent from it; for a service, all")
    void carrierOptOut() {
      f.optInByWeb(NY);
      f.grantNews(NY);
      SendOutcome.Sent s = (SendOutcome.Sent) f.kit.gate().send(OutboundMessage.of(NY, NEWS, "hi"));
      f.kit.inbound().handle(new DeliveryReport("recording", s.carrierMessageId(), DeliveryState.UNDELIVERED,
          "21610", Suppression.senderScope(NEWS_SENDER), f.clock.instant()));
      assertThat(f.kit.registry().status(NY, NEWS).state()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(f.kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.GRANTED);
      f.store.lift(f.kit.tenant(), NY, Suppression.senderScope(NEWS_SENDER));
      SendOutcome.Sent m = (SendOutcome.Sent) f.kit.gate().send(OutboundMessage.of(NY, MARKETING, "hi"));
      f.kit.inbound().handle(new DeliveryReport("recording", m.carrierMessageId(), DeliveryState.UNDELIVERED,
          "21610", Suppression.serviceScope("MG1"), f.clock.instant()));
      assertThat(f.kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
    }
  }
}
