package dev.consent;

import static dev.consent.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.ConsentStoreException;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.testkit.FailingConsentStore;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@org.junit.jupiter.api.extension.ExtendWith(dev.consent.testkit.LogCheck.class)
@DisplayName("InboundHandler")
class InboundHandlerTest {
  final Fixture f = new Fixture();

  @Nested
  @DisplayName("opt-out")
  class OptOut {
    @ParameterizedTest(name = "\"{0}\" withdraws consent at once")
    @ValueSource(strings = {"STOP", "stop", "Stop.", " STOP ", "STOP!!!", "ＳＴＯＰ", "Stop please", "UNSUBSCRIBE",
        "cancel", "End", "QUIT", "revoke", "opt out", "OPT-OUT", "optout", "Please stop texting me",
        "stop texting me", "Remove me", "wrong number", "ARRÊT", "arret", "BAJA", "No más", "PARAR", "SAIR", "STOPP",
        "HALT", "FERMA", "ZATRZYMAJ", "ОСТАНОВИТЬ", "🛑 STOP 🛑", "stop sending me these"})
    void stopWords(String body) {
      f.optInByWeb(NY);
      InboundResult r = f.reply(NY, DEALS_SENDER, body);
      assertThat(r).isInstanceOf(InboundResult.OptedOut.class);
      assertThat(f.kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(f.check(NY, MARKETING).isAllowed()).isFalse();
    }

    @ParameterizedTest(name = "\"{0}\" is not an opt-out")
    @ValueSource(strings = {"when does the sale end?", "Can't stop smiling, thanks!", "the bus stop on 5th",
        "STOPPED by the store today", "Is the offer ending soon", "unstoppable deals!", "Quite nice",
        "endless summer", "Thanks!", "What time do you open tomorrow?", "Cancel my order please",
        "End of day works for me", "My trip ends on Sunday"})
    void lookAlikes(String body) {
      f.optInByWeb(NY);
      InboundResult r = f.reply(NY, DEALS_SENDER, body);
      assertThat(r).isNotInstanceOf(InboundResult.OptedOut.class);
      assertThat(f.kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.GRANTED);
    }

    @Test
    @DisplayName("sends exactly one confirmation, with no marketing in it")
    void oneConfirmation() {
      f.optInByWeb(NY);
      int before = f.carrier.sentTo(NY).size();
      InboundMessage stop = f.sms(NY, DEALS_SENDER, "STOP");
      assertThat(f.kit.inbound().handle(stop).replied()).isTrue();
      assertThat(f.kit.inbound().handle(stop)).isInstanceOf(InboundResult.Duplicate.class);
      List<String> sent = f.carrier.sentTo(NY);
      assertThat(sent).hasSize(before + 1);
      assertThat(sent.get(sent.size() - 1)).contains("ACME Deals").doesNotContainIgnoringCase("% off")
          .doesNotContainIgnoringCase("offer");
    }

    @Test
    @DisplayName("to one program's number leaves another program's consent in force")
    void scopedToProgram() {
      f.optInByWeb(NY);
      f.grantNews(NY);
      f.reply(NY, NEWS_SENDER, "STOP");
      assertThat(f.kit.registry().status(NY, NEWS).state()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(f.check(NY, MARKETING).isAllowed()).isTrue();
    }

    @Test
    @DisplayName("STOPALL withdraws everything and suppresses the number, service messages included")
    void stopAll() {
      f.optInByWeb(NY);
      f.grantNews(NY);
      InboundResult r = f.reply(NY, NEWS_SENDER, "STOP ALL");
      assertThat(r).isInstanceOf(InboundResult.OptedOut.class);
      assertThat(((InboundResult.OptedOut) r).suppressedAll()).isTrue();
      assertThat(f.check(NY, MARKETING).isAllowed()).isFalse();
      assertThat(f.check(NY, NEWS).isAllowed()).isFalse();
      assertThat(f.check(NY, ORDERS).isAllowed()).isFalse();
    }

    @Test
    @DisplayName("to a number shared by two programs withdraws all marketing")
    void sharedNumber() {
      f.kit.registry().grant(GrantRequest.of(NY, ALPHA, ConsentMethod.SMS_KEYWORD, Channel.SMS, "v1",
          java.util.Map.of("inboundMessageId", "SMx")));
      f.grantNews(NY);
      f.reply(NY, SHARED_SENDER, "STOP");
      assertThat(f.kit.registry().status(NY, ALPHA).state()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(f.kit.registry().status(NY, NEWS).state()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(f.check(NY, ORDERS).isAllowed()).isTrue();
    }

    @Test
    @DisplayName("from an unauthenticated webhook is quarantined: not applied, not answered, not marked handled")
    void unauthenticatedStop() {
      f.optInByWeb(NY);
      int sent = f.carrier.sentTo(NY).size();
      InboundMessage m = new InboundMessage("recording", "SMu1", NY, DEALS_SENDER, "STOP", f.clock.instant(), false,
          CarrierAction.NONE, null);
      assertThat(f.kit.inbound().handle(m)).isEqualTo(new InboundResult.Quarantined(
          "unverified; kept until it expires: no confirmer for recording", true));
      assertThat(f.kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.GRANTED);
      assertThat(f.carrier.sentTo(NY)).hasSize(sent);
      assertThat(f.store.inboundHandled(f.kit.tenant(), "recording", "SMu1")).isFalse();
      assertThat(f.kit.inbound().health().quarantined()).isEqualTo(1);
      assertThat(f.kit.inbound().health().confirmationPossible()).isFalse();
    }

    @Test
    @DisplayName("already handled by the carrier is recorded without a second reply")
    void advancedOptOut() {
      f.optInByWeb(NY);
      int before = f.carrier.sentTo(NY).size();
      InboundMessage m = new InboundMessage("twilio", "SMa1", NY, DEALS_SENDER, "STOP", f.clock.instant(), true,
          CarrierAction.OPT_OUT, null);
      InboundResult r = f.kit.inbound().handle(m);
      assertThat(r).isInstanceOf(InboundResult.OptedOut.class);
      assertThat(r.replied()).isFalse();
      assertThat(f.carrier.sentTo(NY)).hasSize(before);
      assertThat(f.kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
    }

    @Test
    @DisplayName("that cannot be stored surfaces as an error, and the carrier's retry records it")
    void storeDownThenRetry() {
      FailingConsentStore failing = new FailingConsentStore(new InMemoryConsentStore());
      Fixture g = new Fixture(failing.store(), OptInSettings.defaults());
      g.optInByWeb(NY);
      InboundMessage stop = g.sms(NY, DEALS_SENDER, "STOP");
      failing.down(true);
      assertThatThrownBy(() -> g.kit.inbound().handle(stop)).isInstanceOf(ConsentStoreException.class);
      failing.down(false);
      assertThat(g.kit.inbound().handle(stop)).isInstanceOf(InboundResult.OptedOut.class);
      assertThat(g.kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
    }

    @Test
    @DisplayName("answers in the language of the keyword")
    void answersInLanguage() {
      f.optInByWeb(NY);
      f.reply(NY, DEALS_SENDER, "BAJA");
      String reply = f.carrier.lastTo(NY).orElseThrow().sms().body();
      assertThat(reply).isNotEqualTo(dev.consent.policy.ReplyTemplates.defaults()
          .render(dev.consent.policy.ReplyTemplates.OPTOUT_CONFIRMED, "en", java.util.Map.of("program", "ACME Deals")));
      assertThat(reply).isEqualTo(dev.consent.policy.ReplyTemplates.defaults()
          .render(dev.consent.policy.ReplyTemplates.OPTOUT_CONFIRMED, "es", java.util.Map.of("program", "ACME Deals")));
    }
  }

  @Nested
  @DisplayName("opt-in keywords")
  class OptIn {
    @Test
    @DisplayName("START restores consent that was withdrawn by STOP, once clearly later than it")
    void startAfterStop() {
      f.optInByWeb(NY);
      f.reply(NY, DEALS_SENDER, "STOP");
      f.clock.advance(ConsentKit.DEFAULT_CLOCK_SKEW_TOLERANCE.plusSeconds(1));
      InboundResult r = f.reply(NY, DEALS_SENDER, "START");
      assertThat(r).isInstanceOf(InboundResult.OptedIn.class);
      assertThat(((InboundResult.OptedIn) r).purposeIds()).containsExactly(MARKETING);
      assertThat(f.check(NY, MARKETING).isAllowed()).isTrue();
    }

    @Test
    @DisplayName("START within the clock-skew tolerance of the STOP is kept as history: the STOP stays in force")
    void startTooSoonAfterStop() {
      f.optInByWeb(NY);
      f.reply(NY, DEALS_SENDER, "STOP");
      f.clock.advance(ConsentKit.DEFAULT_CLOCK_SKEW_TOLERANCE);
      int sent = f.carrier.sentTo(NY).size();
      InboundResult r = f.reply(NY, DEALS_SENDER, "START");
      assertThat(r).isInstanceOf(InboundResult.Ignored.class);
      assertThat(f.carrier.sentTo(NY)).hasSize(sent);
      assertThat(f.kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(f.kit.registry().history(NY)).extracting(ConsentEvent::kind).last().isEqualTo(EventKind.GRANTED);
      assertThat(f.check(NY, MARKETING).isAllowed()).isFalse();
    }

    @Test
    @DisplayName("UNSTOP lifts a STOPALL suppression")
    void unstopAfterStopAll() {
      f.optInByWeb(NY);
      f.reply(NY, DEALS_SENDER, "STOPALL");
      f.clock.advance(ConsentKit.DEFAULT_CLOCK_SKEW_TOLERANCE.plusSeconds(1));
      f.reply(NY, DEALS_SENDER, "UNSTOP");
      assertThat(f.kit.registry().suppressions(NY)).isEmpty();
      assertThat(f.check(NY, MARKETING).isAllowed()).isTrue();
    }

    @Test
    @DisplayName("START never creates consent that was never given")
    void startWithoutHistory() {
      assertThat(f.reply(NY, DEALS_SENDER, "START")).isInstanceOf(InboundResult.Ignored.class);
      assertThat(f.check(NY, MARKETING).isAllowed()).isFalse();
    }

    @Test
    @DisplayName("YES without a pending request or earlier opt-out creates nothing")
    void yesWithoutPending() {
      assertThat(f.reply(NY, DEALS_SENDER, "YES")).isInstanceOf(InboundResult.Ignored.class);
      assertThat(f.kit.registry().history(NY)).isEmpty();
    }

    @Test
    @DisplayName("START from an unauthenticated webhook is quarantined, not applied")
    void unauthenticatedStart() {
      f.optInByWeb(NY);
      f.reply(NY, DEALS_SENDER, "STOP");
      InboundMessage m = new InboundMessage("recording", "SMf1", NY, DEALS_SENDER, "START", f.clock.instant(), false,
          CarrierAction.NONE, null);
      assertThat(f.kit.inbound().handle(m)).isInstanceOf(InboundResult.Quarantined.class);
      assertThat(f.check(NY, MARKETING).isAllowed()).isFalse();
    }

    @Test
    @DisplayName("a join keyword starts a double opt-in that the YES reply confirms")
    void joinKeyword() {
      InboundResult r = f.reply(NY, DEALS_SENDER, "join");
      assertThat(r).isInstanceOf(InboundResult.OptInRequested.class);
      assertThat(f.carrier.lastTo(NY).orElseThrow().sms().body()).contains("YES").contains("ACME Deals");
      assertThat(f.check(NY, MARKETING).isAllowed()).isFalse();
      assertThat(f.reply(NY, DEALS_SENDER, "Yes")).isInstanceOf(InboundResult.Confirmed.class);
      assertThat(f.check(NY, MARKETING).isAllowed()).isTrue();
      assertThat(f.kit.registry().history(NY)).extracting(ConsentEvent::method)
          .contains(ConsentMethod.SMS_KEYWORD, ConsentMethod.SMS_DOUBLE_OPT_IN);
    }

    @Test
    @DisplayName("a join keyword for a single opt-in program grants at once and confirms")
    void joinSingleOptIn() {
      InboundResult r = f.reply(NY, NEWS_SENDER, "NEWS");
      assertThat(r).isInstanceOf(InboundResult.OptedIn.class);
      assertThat(f.check(NY, NEWS).isAllowed()).isTrue();
      assertThat(f.carrier.lastTo(NY).orElseThrow().sms().body()).contains("ACME News");
    }
  }

  @Nested
  @DisplayName("HELP and unclear replies")
  class Help {
    @Test
    @DisplayName("HELP always gets the program's help text, subscribed or not")
    void help() {
      InboundResult r = f.reply(BERLIN, DEALS_SENDER, "HELP");
      assertThat(r).isEqualTo(new InboundResult.Help(true));
      assertThat(f.carrier.lastTo(BERLIN).orElseThrow().sms().body()).isEqualTo(DEALS.help("en"));
    }

    @Test
    @DisplayName("AYUDA gets the Spanish help text")
    void ayuda() {
      f.reply(BERLIN, DEALS_SENDER, "ayuda");
      assertThat(f.carrier.lastTo(BERLIN).orElseThrow().sms().body()).isEqualTo(DEALS.help("es"));
    }

    @Test
    @DisplayName("HELP handled by the carrier gets no second reply")
    void carrierHelp() {
      InboundMessage m = new InboundMessage("twilio", "SMh", NY, DEALS_SENDER, "HELP", f.clock.instant(), true,
          CarrierAction.HELP, null);
      assertThat(f.kit.inbound().handle(m).replied()).isFalse();
      assertThat(f.carrier.sentTo(NY)).isEmpty();
    }

    @Test
    @DisplayName("unclear wording is answered once with a clarification and changes no consent")
    void unclearOnce() {
      f.optInByWeb(NY);
      int before = f.carrier.sentTo(NY).size();
      InboundResult first = f.reply(NY, DEALS_SENDER, "can you stop?");
      InboundResult second = f.reply(NY, DEALS_SENDER, "can you stop?");
      assertThat(first).isEqualTo(new InboundResult.Unclear(true));
      assertThat(second).isEqualTo(new InboundResult.Unclear(false));
      assertThat(f.carrier.sentTo(NY)).hasSize(before + 1);
      assertThat(f.kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.GRANTED);
    }
  }

  @Nested
  @DisplayName("delivery reports")
  class Delivery {
    @Test
    @DisplayName("move the logged message forward only")
    void monotonic() {
      f.optInByWeb(NY);
      SendOutcome.Sent s = (SendOutcome.Sent) f.kit.gate().send(OutboundMessage.of(NY, MARKETING, "hi"));
      f.kit.inbound().handle(new DeliveryReport("recording", s.carrierMessageId(), DeliveryState.DELIVERED, null, null,
          f.clock.instant()));
      f.kit.inbound().handle(new DeliveryReport("recording", s.carrierMessageId(), DeliveryState.SENT, null, null,
          f.clock.instant()));
      assertThat(f.store.messageByCarrierId(f.kit.tenant(), s.carrierMessageId()).orElseThrow().state())
          .isEqualTo(DeliveryState.DELIVERED);
    }

    @Test
    @DisplayName("that say the recipient opted out suppress the number for that sender")
    void optOutReport() {
      f.optInByWeb(NY);
      SendOutcome.Sent s = (SendOutcome.Sent) f.kit.gate().send(OutboundMessage.of(NY, MARKETING, "hi"));
      assertThat(f.kit.inbound().handle(new DeliveryReport("recording", s.carrierMessageId(), DeliveryState.UNDELIVERED,
          "21610", Suppression.senderScope(DEALS_SENDER), f.clock.instant()))).isTrue();
      assertThat(f.check(NY, MARKETING).isAllowed()).isFalse();
      assertThat(f.kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
    }

    @Test
    @DisplayName("for an unknown message change nothing")
    void unknown() {
      assertThat(f.kit.inbound().handle(new DeliveryReport("recording", "nope", DeliveryState.FAILED, "30003", null,
          f.clock.instant()))).isFalse();
    }
  }
}
