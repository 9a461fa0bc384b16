package dev.consent;

import static dev.consent.Fixture.NEWS;
import static dev.consent.Fixture.NEWS_SENDER;
import static dev.consent.Fixture.NY;
import static dev.consent.Fixture.SF;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import dev.consent.testkit.MutableClock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ConsentKit.Builder.observer reports gate checks, inbound messages and appends")
class KitObservationTest {
  private final List<KitObservation> seen = new CopyOnWriteArrayList<>();
  private final MutableClock clock = MutableClock.at(Fixture.MONDAY_11_NY);
  private final ConsentKit kit = ConsentKit.builder().store(new InMemoryConsentStore()).carrier(new RecordingCarrier())
      .clock(clock).purposes(Fixture.NEWS_PURPOSE).notices(Fixture.NEWS_NOTICE).observer(seen::add).build();

  @Test
  @DisplayName("a STOP is reported as handled, with the WITHDRAWN append, and the next check as denied WITHDRAWN")
  void stopThenCheck() {
    kit.registry().grant(GrantRequest.of(NY, NEWS, ConsentMethod.WEB_FORM, Channel.WEB, "v1", java.util.Map.of("form", "https://acme.example/news")));
    kit.inbound().handle(InboundMessage.of("twilio", "SM1", NY, NEWS_SENDER, "STOP", clock.instant()));
    kit.gate().check(OutboundMessage.of(NY, NEWS, "20% off"));

    assertThat(seen).filteredOn(KitObservation.EventAppended.class::isInstance)
        .extracting(o -> ((KitObservation.EventAppended) o).kind())
        .containsExactly(EventKind.GRANTED, EventKind.WITHDRAWN);
    assertThat(seen).filteredOn(KitObservation.InboundHandled.class::isInstance).singleElement()
        .satisfies(o -> {
          KitObservation.InboundHandled h = (KitObservation.InboundHandled) o;
          assertThat(h.carrier()).isEqualTo("twilio");
          assertThat(h.verified()).isTrue();
          assertThat(h.result()).isInstanceOf(InboundResult.OptedOut.class);
        });
    KitObservation last = seen.get(seen.size() - 1);
    assertThat(last).isInstanceOf(KitObservation.GateChecked.class);
    assertThat(((KitObservation.GateChecked) last).decision())
        .isEqualTo(GateDecision.Denied.of(DenyReason.WITHDRAWN, "consent for '" + NEWS + "' was withdrawn"));
    assertThat(seen).allSatisfy(o -> assertThat(o.took().isNegative()).isFalse());
  }

  @Test
  @DisplayName("a campaign is one observation with every message's purpose and decision, in order")
  void campaign() {
    kit.registry().grant(GrantRequest.of(NY, NEWS, ConsentMethod.WEB_FORM, Channel.WEB, "v1", java.util.Map.of("form", "https://acme.example/news")));
    seen.clear();
    List<GateDecision> out = kit.gate().checkAll(List.of(OutboundMessage.of(NY, NEWS, "a"),
        OutboundMessage.of(SF, NEWS, "b")));

    assertThat(seen).singleElement().isInstanceOf(KitObservation.CampaignChecked.class);
    KitObservation.CampaignChecked c = (KitObservation.CampaignChecked) seen.get(0);
    assertThat(c.purposeIds()).containsExactly(NEWS, NEWS);
    assertThat(c.decisions()).isEqualTo(out);
    assertThat(out.get(0).isAllowed()).isTrue();
    assertThat(((GateDecision.Denied) out.get(1)).reason()).isEqualTo(DenyReason.NO_CONSENT);
  }

  @Test
  @DisplayName("an observer that throws changes nothing the kit does")
  void throwingObserver() {
    ConsentKit k = ConsentKit.builder().store(new InMemoryConsentStore()).carrier(new RecordingCarrier()).clock(clock)
        .purposes(Fixture.NEWS_PURPOSE).notices(Fixture.NEWS_NOTICE)
        .observer(o -> {
          throw new IllegalStateException("broken metrics");
        }).build();
    k.registry().grant(GrantRequest.of(NY, NEWS, ConsentMethod.WEB_FORM, Channel.WEB, "v1", java.util.Map.of("form", "https://acme.example/news")));
    InboundResult r = k.inbound().handle(InboundMessage.of("twilio", "SM1", NY, NEWS_SENDER, "STOP",
        clock.instant()));

    assertThat(r).isInstanceOf(InboundResult.OptedOut.class);
    assertThat(((GateDecision.Denied) k.gate().check(OutboundMessage.of(NY, NEWS, "x"))).reason())
        .isEqualTo(DenyReason.WITHDRAWN);
  }
}
