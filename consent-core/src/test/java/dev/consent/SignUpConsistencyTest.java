package dev.consent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import dev.consent.testkit.MutableClock;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(dev.consent.testkit.LogCheck.class)
@DisplayName("The status and a repeated sign-up say what the gate does")
class SignUpConsistencyTest {
  static final String SENDER = "+14155550100";
  static final PhoneNumber NY = PhoneNumber.parse("+12125550123");
  static final Program DEALS = Program.of("deals", "ACME Deals", SENDER, "Up to 4 msgs/month",
      "ACME Deals: help at acme.example/help. Reply STOP to cancel.");
  static final Purpose MARKETING = Purpose.marketing("marketing.promotions", "Offers", DEALS, Duration.ofDays(30));

  final MutableClock clock = MutableClock.at("2026-03-02T16:00:00Z");
  final RecordingCarrier carrier = new RecordingCarrier();
  final ConsentKit kit = ConsentKit.builder().store(new InMemoryConsentStore()).carrier(carrier).clock(clock)
      .purposes(MARKETING).notices(new Notice(MARKETING.id(), "v1", "en", "Yes, text me offers."),
          new Notice(MARKETING.id(), "v2", "en", "Yes, text me offers and news."))
      .build();

  void optIn(String version) {
    assertThat(kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING.id(), version))).isInstanceOf(OptInStart.Started.class);
    Matcher m = Pattern.compile("([0-9]{6})").matcher(carrier.lastTo(NY).orElseThrow().sms().body());
    assertThat(m.find()).isTrue();
    assertThat(kit.inbound().handle(new InboundMessage("recording", "SM-" + version, NY, SENDER, m.group(1),
        clock.instant(), true, CarrierAction.NONE, null))).isInstanceOf(InboundResult.Confirmed.class);
  }

  @Test
  @DisplayName("a consent past its validity is EXPIRED in the status, as the gate denies it")
  void expiredStatus() {
    optIn("v1");
    assertThat(kit.registry().status(NY, MARKETING.id()).state()).isEqualTo(ConsentState.GRANTED);
    clock.advance(Duration.ofDays(31));
    assertThat(kit.gate().check(OutboundMessage.of(NY, MARKETING.id(), "Hi"))).isInstanceOfSatisfying(
        GateDecision.Denied.class, d -> assertThat(d.reason()).isEqualTo(DenyReason.CONSENT_EXPIRED));
    ConsentStatus s = kit.registry().status(NY, MARKETING.id());
    assertThat(s.state()).isEqualTo(ConsentState.EXPIRED);
    assertThat(s.since()).isEqualTo(clock.instant().minus(Duration.ofDays(31)).plus(Duration.ofDays(30)));
    assertThat(kit.registry().statuses(NY)).singleElement()
        .satisfies(x -> assertThat(x.state()).isEqualTo(ConsentState.EXPIRED));
  }

  @Test
  @DisplayName("signing up again under the same notice sends nothing; a new notice, the refresh window or an expired"
      + " consent asks again")
  void repeatedSignUp() {
    optIn("v1");
    int sent = carrier.sent().size();
    assertThat(kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING.id(), "v1")))
        .isEqualTo(new OptInStart.AlreadyGranted(java.util.List.of(MARKETING.id())));
    clock.advance(Duration.ofDays(22));
    assertThat(kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING.id(), "v1"))).as("7.5 days of 30 left")
        .isInstanceOf(OptInStart.AlreadyGranted.class);
    assertThat(carrier.sent()).hasSize(sent);
    assertThat(kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING.id(), "v2"))).isInstanceOf(OptInStart.Started.class);
    clock.advance(Duration.ofDays(9));
    assertThat(kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING.id(), "v1"))).isInstanceOf(OptInStart.Started.class);
  }

  @Test
  @DisplayName("a refresh in the last quarter of the validity asks again; if it runs out, the consent stays in force")
  void refreshExpiry() {
    optIn("v1");
    clock.advance(Duration.ofDays(25));
    assertThat(kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING.id(), "v1"))).isInstanceOf(OptInStart.Started.class);
    clock.advance(Duration.ofHours(25));
    assertThat(kit.doubleOptIn().expire()).isEqualTo(1);
    assertThat(kit.registry().status(NY, MARKETING.id()).state()).isEqualTo(ConsentState.GRANTED);
  }
}
