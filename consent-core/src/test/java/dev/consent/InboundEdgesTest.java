package dev.consent;

import static dev.consent.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import dev.consent.testkit.LogCheck;
import dev.consent.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replies to a sender two programs share, carrier-applied actions, and scoped suppressions lifted by
 * START: which program a reply is about decides what it withdraws, restores and answers.
 */
@ExtendWith(LogCheck.class)
@DisplayName("InboundHandler at the edges")
class InboundEdgesTest {
  static final String BETA_OWN = "+14155550400";
  static final Program ALPHA_P = Program.of("alpha", "Alpha Club", SHARED_SENDER, "2 msgs/month",
      "Alpha Club: help at alpha.example. Reply STOP to cancel.");
  static final Program BETA_P = new Program("beta", "Beta Club", List.of(SHARED_SENDER, BETA_OWN), "2 msgs/month",
      Map.of("en", "Beta Club: help at beta.example. Reply STOP to cancel."), List.of(), "en");
  static final Purpose ALPHA_OFFERS = new Purpose("marketing.alpha", "Alpha offers", LawfulBasis.CONSENT,
      MessageClass.MARKETING, false, null, Duration.ofDays(365), ALPHA_P);
  static final Purpose BETA_OFFERS = new Purpose("marketing.beta", "Beta offers", LawfulBasis.CONSENT,
      MessageClass.MARKETING, false, null, Duration.ofDays(365), BETA_P);

  final MutableClock clock = MutableClock.at(MONDAY_11_NY);
  final RecordingCarrier carrier = new RecordingCarrier();
  final InMemoryConsentStore store = new InMemoryConsentStore();
  final ConsentKit kit = ConsentKit.builder().store(store).carrier(carrier).clock(clock)
      .purposes(ALPHA_OFFERS, BETA_OFFERS)
      .notices(new Notice(ALPHA_OFFERS.id(), "v1", "en", "Alpha offers by SMS"),
          new Notice(BETA_OFFERS.id(), "v1", "en", "Beta offers by SMS"))
      .build();
  private final AtomicLong ids = new AtomicLong();

  InboundResult text(String to, String body) {
    return text(to, body, CarrierAction.NONE);
  }

  InboundResult text(String to, String body, CarrierAction action) {
    clock.advance(Duration.ofMinutes(10));
    return kit.inbound().handle(new InboundMessage("recording", "SM" + ids.incrementAndGet(), NY, to, body,
        clock.instant(), true, action, null));
  }

  void grantBoth() {
    for (Purpose p : List.of(ALPHA_OFFERS, BETA_OFFERS)) {
      kit.registry().grant(GrantRequest.of(NY, p.id(), ConsentMethod.WEB_FORM, Channel.WEB, "v1", Map.of("form", "f")));
    }
  }

  void send(Purpose p, String sender) {
    assertThat(kit.gate().send(OutboundMessage.of(NY, p.id(), "offer").withSender(sender)))
        .isInstanceOf(SendOutcome.Sent.class);
  }

  ConsentState state(Purpose p) {
    return kit.registry().status(NY, p.id()).state();
  }

  String lastReply() {
    return carrier.lastTo(NY).orElseThrow().sms().body();
  }

  @Nested
  @DisplayName("a sender two programs share")
  class SharedSender {
    @Test
    @DisplayName("STOP withdraws only the program that messaged the person from it, and answers as that program")
    void narrowedToTheProgramThatMessaged() {
      grantBoth();
      send(ALPHA_OFFERS, SHARED_SENDER);
      InboundResult r = text(SHARED_SENDER, "STOP");
      assertThat(((InboundResult.OptedOut) r).purposeIds()).containsExactly(ALPHA_OFFERS.id());
      assertThat(state(ALPHA_OFFERS)).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(state(BETA_OFFERS)).isEqualTo(ConsentState.GRANTED);
      assertThat(lastReply()).startsWith("Alpha Club");
    }

    @Test
    @DisplayName("messages a program sent from another of its senders do not count for the shared one")
    void otherSenderDoesNotCount() {
      grantBoth();
      send(BETA_OFFERS, BETA_OWN);
      send(ALPHA_OFFERS, SHARED_SENDER);
      InboundResult r = text(SHARED_SENDER, "STOP");
      assertThat(((InboundResult.OptedOut) r).purposeIds()).containsExactly(ALPHA_OFFERS.id());
      assertThat(state(BETA_OFFERS)).isEqualTo(ConsentState.GRANTED);
    }

    @Test
    @DisplayName("both programs messaged from it, or neither: STOP withdraws both and is still answered")
    void notNarrowed() {
      grantBoth();
      InboundResult none = text(SHARED_SENDER, "STOP");
      assertThat(((InboundResult.OptedOut) none).purposeIds())
          .containsExactlyInAnyOrder(ALPHA_OFFERS.id(), BETA_OFFERS.id());
      assertThat(((InboundResult.OptedOut) none).replied()).isTrue();

      InboundResult back = text(SHARED_SENDER, "START");
      assertThat(((InboundResult.OptedIn) back).purposeIds()).containsExactlyInAnyOrder(ALPHA_OFFERS.id(),
          BETA_OFFERS.id());
      send(ALPHA_OFFERS, SHARED_SENDER);
      send(BETA_OFFERS, SHARED_SENDER);
      InboundResult both = text(SHARED_SENDER, "STOP");
      assertThat(((InboundResult.OptedOut) both).purposeIds())
          .containsExactlyInAnyOrder(ALPHA_OFFERS.id(), BETA_OFFERS.id());
    }

    @Test
    @DisplayName("HELP and an unclear reply are answered as the program that messaged, not the first one listed")
    void answersAsThatProgram() {
      grantBoth();
      send(BETA_OFFERS, SHARED_SENDER);
      assertThat(((InboundResult.Help) text(SHARED_SENDER, "HELP")).replied()).isTrue();
      assertThat(lastReply()).startsWith("Beta Club");
      assertThat(((InboundResult.Unclear) text(SHARED_SENDER, "can you stop?")).replied()).isTrue();
      assertThat(lastReply()).startsWith("Beta Club");
    }
  }

  @Nested
  @DisplayName("START after an opt-out")
  class Start {
    @Test
    @DisplayName("lifts the carrier opt-out of the sender texted, and keeps another sender's and a complaint's")
    void liftsOnlyItsScope() {
      grantBoth();
      for (String scope : List.of(Suppression.senderScope(SHARED_SENDER), Suppression.senderScope(BETA_OWN))) {
        store.suppress(new Suppression(kit.tenant(), NY, scope, SuppressionReason.CARRIER_REPORT, clock.instant(),
            new TreeMap<>()));
      }
      InboundResult r = text(SHARED_SENDER, "START");
      assertThat(r).isInstanceOf(InboundResult.OptedIn.class);
      assertThat(kit.registry().suppressions(NY)).extracting(Suppression::scope)
          .containsExactly(Suppression.senderScope(BETA_OWN));
      kit.registry().suppress(NY, "complaint");
      text(SHARED_SENDER, "START");
      assertThat(kit.registry().suppressions(NY)).extracting(Suppression::reason)
          .contains(SuppressionReason.HOST);
    }

    @Test
    @DisplayName("a keyword START is answered in the reply's language; a carrier-applied opt-in is not answered")
    void answered() {
      grantBoth();
      send(ALPHA_OFFERS, SHARED_SENDER);
      text(SHARED_SENDER, "STOP");
      InboundResult es = text(SHARED_SENDER, "ALTA");
      assertThat(((InboundResult.OptedIn) es).replied()).isTrue();
      assertThat(lastReply()).contains("Tu suscripción está activa de nuevo");
      text(SHARED_SENDER, "STOP");
      int before = carrier.sentTo(NY).size();
      InboundResult byCarrier = text(SHARED_SENDER, "START", CarrierAction.OPT_IN);
      assertThat(((InboundResult.OptedIn) byCarrier).purposeIds()).containsExactly(ALPHA_OFFERS.id());
      assertThat(((InboundResult.OptedIn) byCarrier).replied()).isFalse();
      assertThat(carrier.sentTo(NY)).hasSize(before);
    }
  }

  @Nested
  @DisplayName("evidence")
  class Evidence {
    @Test
    @DisplayName("an opt-out the carrier applied says so in the event; a keyword STOP does not")
    void carrierAction() {
      grantBoth();
      send(ALPHA_OFFERS, SHARED_SENDER);
      text(SHARED_SENDER, "STOP", CarrierAction.OPT_OUT);
      text(SHARED_SENDER, "START");
      text(SHARED_SENDER, "STOP");
      List<ConsentEvent> withdrawals = kit.registry().history(NY).stream()
          .filter(e -> e.kind() == EventKind.WITHDRAWN).toList();
      assertThat(withdrawals).hasSize(2);
      assertThat(withdrawals.get(0).evidence()).containsEntry("carrierAction", "OPT_OUT");
      assertThat(withdrawals.get(1).evidence()).doesNotContainKey("carrierAction");
    }

    @Test
    @DisplayName("a carrier's opt-out delivery report keeps its error code in the suppression's evidence")
    void reportCode() {
      grantBoth();
      SendOutcome sent = kit.gate().send(OutboundMessage.of(NY, ALPHA_OFFERS.id(), "offer"));
      String id = ((SendOutcome.Sent) sent).carrierMessageId();
      assertThat(kit.inbound().handle(new DeliveryReport("recording", id, DeliveryState.FAILED, "21610",
          Suppression.senderScope(SHARED_SENDER), clock.instant()))).isTrue();
      assertThat(kit.registry().suppressions(NY)).singleElement()
          .satisfies(s -> assertThat(s.evidence()).containsEntry("errorCode", "21610"));
    }
  }

  @Nested
  @DisplayName("answers and their limits")
  class Answers {
    final Fixture f = new Fixture();

    @Test
    @DisplayName("HELP is answered up to the limit per number, then not until the window passes")
    void helpLimit() {
      int limit = InboundSettings.defaults().helpPerNumber();
      for (int i = 0; i < limit; i++) {
        assertThat(f.reply(NY, DEALS_SENDER, "HELP")).isEqualTo(new InboundResult.Help(true));
      }
      assertThat(f.reply(NY, DEALS_SENDER, "HELP")).isEqualTo(new InboundResult.Help(false));
      assertThat(f.carrier.sentTo(NY)).hasSize(limit);
      f.clock.advance(InboundSettings.defaults().helpWindow());
      assertThat(f.reply(NY, DEALS_SENDER, "HELP")).isEqualTo(new InboundResult.Help(true));
    }

    @Test
    @DisplayName("HELP and an unclear reply to a shared sender nobody has messaged are answered from that sender")
    void sharedSenderAnswers() {
      assertThat(f.reply(NY, SHARED_SENDER, "HELP")).isEqualTo(new InboundResult.Help(true));
      assertThat(f.reply(SF, SHARED_SENDER, "the bus stop on fifth is closed today"))
          .isEqualTo(new InboundResult.Unclear(true));
      assertThat(f.carrier.sent()).extracting(s -> s.sms().from()).containsOnly(SHARED_SENDER).hasSize(2);
    }

    @Test
    @DisplayName("an unclear reply to a program's sender is answered once; to a number no program uses, never")
    void unclearAnswered() {
      assertThat(f.reply(NY, DEALS_SENDER, "the bus stop on fifth is closed today"))
          .isEqualTo(new InboundResult.Unclear(true));
      assertThat(f.carrier.sentTo(NY)).hasSize(1);
      assertThat(f.reply(NY, DEALS_SENDER, "the bus stop on fifth is closed today"))
          .isEqualTo(new InboundResult.Unclear(false));
      assertThat(f.reply(MIAMI, "+14155550999", "the bus stop on fifth is closed today"))
          .isEqualTo(new InboundResult.Unclear(false));
      assertThat(f.carrier.sentTo(MIAMI)).isEmpty();
    }
  }
}
