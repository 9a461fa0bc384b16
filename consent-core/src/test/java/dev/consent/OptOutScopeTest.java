package dev.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.InvalidInputException;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import dev.consent.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * How far a STOP reaches: the program it answers (CTIA), and from the FCC's "revoke all" date every
 * purpose that needs consent for a US number; configured scopes (marketing, everything); the proof
 * records a widened scope and its rule.
 */
class OptOutScopeTest {
  private static final String DEALS_SENDER = "+14155550100";
  private static final String NEWS_SENDER = "+14155550200";
  private static final Program DEALS = Program.of("deals", "ACME Deals", DEALS_SENDER, "Up to 4 msgs/month",
      "ACME Deals: help at acme.example/help. Reply STOP to cancel.");
  private static final Program NEWS = Program.of("news", "ACME News", NEWS_SENDER, "1 msg/week",
      "ACME News: help at acme.example/help. Reply STOP to cancel.");
  private static final Purpose DEALS_MARKETING = new Purpose("marketing.deals", "Offers", LawfulBasis.CONSENT,
      MessageClass.MARKETING, false, null, Duration.ofDays(730), DEALS);
  private static final Purpose ORDERS = Purpose.service("service.orders", "Order updates", DEALS);
  private static final Purpose NEWS_MARKETING = new Purpose("marketing.news", "Weekly news", LawfulBasis.CONSENT,
      MessageClass.MARKETING, false, null, Duration.ofDays(730), NEWS);
  /** Informational, but sent on consent: the FCC's rule reaches it, a marketing scope does not. */
  private static final Purpose REMINDERS = new Purpose("service.reminders", "Event reminders", LawfulBasis.CONSENT,
      MessageClass.SERVICE, false, null, Duration.ofDays(730), NEWS);
  /** Informational on a contract: only a STOP to its own program or an EVERYTHING scope reaches it. */
  private static final Purpose BILLING = Purpose.service("service.billing", "Billing notices", NEWS);
  private static final List<Purpose> CONSENTED = List.of(DEALS_MARKETING, NEWS_MARKETING, REMINDERS);
  private static final PhoneNumber NY = PhoneNumber.parse("+12125550123");
  private static final PhoneNumber BERLIN = PhoneNumber.parse("+4915123456789");

  private final MutableClock clock = MutableClock.at(OptOutRule.FCC_REVOKE_ALL.minusSeconds(1));
  private final RecordingCarrier carrier = new RecordingCarrier();
  private ConsentKit kit = kit(InboundSettings.defaults());

  private ConsentKit kit(InboundSettings settings) {
    return ConsentKit.builder().store(new InMemoryConsentStore()).carrier(carrier).clock(clock)
        .purposes(DEALS_MARKETING, ORDERS, NEWS_MARKETING, REMINDERS, BILLING)
        .notices(new Notice("marketing.deals", "v1", "en", "Yes, text me ACME offers."),
            new Notice("marketing.news", "v1", "en", "Yes, text me ACME News."),
            new Notice("service.reminders", "v1", "en", "Yes, text me event reminders."))
        .inbound(settings).build();
  }

  private void grantAll(PhoneNumber n) {
    for (Purpose p : CONSENTED) {
      kit.registry().grant(GrantRequest.of(n, p.id(), ConsentMethod.WEB_FORM, Channel.WEB, "v1",
          Map.of("form", "https://acme.example/join")));
    }
  }

  private InboundResult.OptedOut stop(PhoneNumber from, String to, String id) {
    return (InboundResult.OptedOut) kit.inbound().handle(InboundMessage.of("recording", id, from, to, "STOP",
        clock.instant()));
  }

  @Test
  @DisplayName("the default rule: one second before the FCC date a STOP withdraws the program it answers only")
  void beforeTheDate() {
    grantAll(NY);
    assertThat(stop(NY, DEALS_SENDER, "SM1").purposeIds()).containsExactlyInAnyOrder("marketing.deals", "service.orders");
    assertThat(kit.registry().status(NY, "marketing.news").state()).isEqualTo(ConsentState.GRANTED);
    assertThat(kit.registry().history(NY).stream().filter(e -> e.kind() == EventKind.WITHDRAWN))
        .allSatisfy(e -> assertThat(e.evidence()).doesNotContainKey("optOutScope"));
  }

  @Test
  @DisplayName("the default rule from the FCC date: a US number's STOP withdraws every purpose that needs consent,"
      + " and the proof says why; a contract purpose of another program goes on")
  void fromTheDate() {
    clock.set(OptOutRule.FCC_REVOKE_ALL);
    grantAll(NY);
    InboundResult.OptedOut out = stop(NY, DEALS_SENDER, "SM2");
    assertThat(out.purposeIds()).containsExactlyInAnyOrder("marketing.deals", "service.orders", "marketing.news",
        "service.reminders");
    assertThat(out.suppressedAll()).isFalse();
    assertThat(kit.registry().status(NY, "marketing.news").state()).isEqualTo(ConsentState.WITHDRAWN);
    assertThat(kit.gate().check(OutboundMessage.of(NY, "service.billing", "Your bill is ready")).isAllowed()).isTrue();
    ConsentEvent newsStop = kit.registry().history(NY).stream()
        .filter(e -> e.kind() == EventKind.WITHDRAWN && e.purposeId().equals("marketing.news")).findFirst().orElseThrow();
    assertThat(newsStop.evidence()).containsEntry("optOutScope", "consented")
        .containsEntry("optOutRule", OptOutRule.fccRevokeAll().source());
  }

  @Test
  @DisplayName("the date is read from the message's receipt time, not the handling instance's clock: a message"
      + " stamped after the date is scoped as such by an instance whose clock is a minute behind")
  void instanceClockBehind() {
    clock.set(OptOutRule.FCC_REVOKE_ALL.minusSeconds(60)); // this instance runs a minute slow
    grantAll(NY);
    InboundResult.OptedOut out = (InboundResult.OptedOut) kit.inbound().handle(InboundMessage.of("recording", "SM8",
        NY, DEALS_SENDER, "STOP", OptOutRule.FCC_REVOKE_ALL.plusSeconds(1)));
    assertThat(out.purposeIds()).contains("marketing.news", "service.reminders");
  }

  @Test
  @DisplayName("from the FCC date a number outside the US keeps the program scope")
  void outsideTheUs() {
    clock.set(OptOutRule.FCC_REVOKE_ALL.plus(Duration.ofDays(1)));
    grantAll(BERLIN);
    assertThat(stop(BERLIN, DEALS_SENDER, "SM3").purposeIds())
        .containsExactlyInAnyOrder("marketing.deals", "service.orders");
  }

  @Test
  @DisplayName("a host's scopes: MARKETING reaches other programs' marketing only, EVERYTHING every purpose (without"
      + " STOP ALL's suppression)")
  void configured() {
    kit = kit(InboundSettings.defaults().withOptOutRule(OptOutRule.always(OptOutScope.MARKETING)));
    grantAll(NY);
    assertThat(stop(NY, DEALS_SENDER, "SM4").purposeIds())
        .containsExactlyInAnyOrder("marketing.deals", "service.orders", "marketing.news");
    assertThat(kit.registry().status(NY, "service.reminders").state()).isEqualTo(ConsentState.GRANTED);

    kit = kit(InboundSettings.defaults().withOptOutRule(OptOutRule.always(OptOutScope.EVERYTHING)));
    grantAll(NY);
    InboundResult.OptedOut all = stop(NY, NEWS_SENDER, "SM5");
    assertThat(all.purposeIds()).containsExactlyInAnyOrder("marketing.deals", "service.orders", "marketing.news",
        "service.reminders", "service.billing");
    assertThat(all.suppressedAll()).isFalse();
  }

  @Test
  @DisplayName("a STOP to a number no program uses withdraws all marketing under the program scope, and what the"
      + " dated scope adds from its date")
  void noProgram() {
    grantAll(NY);
    assertThat(stop(NY, "+14155550999", "SM6").purposeIds()).containsExactlyInAnyOrder("marketing.deals", "marketing.news");
    clock.set(OptOutRule.FCC_REVOKE_ALL);
    grantAll(NY);
    assertThat(stop(NY, "+14155550999", "SM7").purposeIds())
        .containsExactlyInAnyOrder("marketing.deals", "marketing.news", "service.reminders");
  }

  @Test
  @DisplayName("a rule is checked where it is made")
  void badRules() {
    assertThatThrownBy(() -> new OptOutRule(OptOutScope.PROGRAM, Instant.EPOCH, null, Set.of(), "x"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> new OptOutRule(OptOutScope.PROGRAM, null, OptOutScope.MARKETING, Set.of(), "x"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> new OptOutRule(OptOutScope.PROGRAM, null, null, Set.of(), " "))
        .isInstanceOf(InvalidInputException.class);
    OptOutRule everywhere = new OptOutRule(OptOutScope.PROGRAM, Instant.EPOCH, OptOutScope.MARKETING, Set.of(), "x");
    assertThat(everywhere.scopeFor(BERLIN, Instant.EPOCH)).isEqualTo(OptOutScope.MARKETING);
    assertThat(everywhere.scopeFor(BERLIN, Instant.EPOCH.minusNanos(1000))).isEqualTo(OptOutScope.PROGRAM);
  }
}
