package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.CarrierAction;
import dev.consent.Channel;
import dev.consent.ConsentMethod;
import dev.consent.ConsentState;
import dev.consent.GrantRequest;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.LawfulBasis;
import dev.consent.MessageClass;
import dev.consent.Notice;
import dev.consent.OptOutRule;
import dev.consent.PhoneNumber;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The dated opt-out rule on a store shared by two instances whose clocks straddle the FCC's
 * revoke-all date, as Twilio webhooks are stamped (by the receiving instance's clock): the instance
 * past the date withdraws every consent-based purpose, the one before it the program only, and both
 * instances' gates and registries see the same ledger. A store's test extends this class.
 */
public abstract class OptOutScopeContract extends KitScenario {
  private static final String NEWS_SENDER = "+14155550200";
  private static final Program NEWS = Program.of("news", "ACME News", NEWS_SENDER, "1 msg/week",
      "ACME News: help at acme.example/help. Reply STOP to cancel.");
  private static final Purpose NEWS_PURPOSE = new Purpose("marketing.news", "Weekly news", LawfulBasis.CONSENT,
      MessageClass.MARKETING, false, null, Duration.ofDays(730), NEWS);
  private static final Purpose DEALS_SINGLE = new Purpose(MARKETING, "Offers and discounts by SMS", LawfulBasis.CONSENT,
      MessageClass.MARKETING, false, null, Duration.ofDays(730), DEALS);

  private ConsentKit kit(String tenant, Clock clock) {
    return ConsentKit.builder().tenant(tenant).store(store()).carrier(new RecordingCarrier()).clock(clock)
        .purposes(DEALS_SINGLE, ORDERS_PURPOSE, NEWS_PURPOSE)
        .notices(NOTICE, new Notice("marketing.news", "v1", "en", "Yes, text me ACME News. Reply STOP to cancel."))
        .build();
  }

  private static void grant(ConsentKit kit, PhoneNumber n) {
    for (String p : new String[] {MARKETING, "marketing.news"}) {
      kit.registry().grant(GrantRequest.of(n, p, ConsentMethod.WEB_FORM, Channel.WEB, "v1",
          Map.of("form", "https://acme.example/join")));
    }
  }

  private static InboundResult.OptedOut stop(ConsentKit kit, Clock stamp, PhoneNumber from, String id) {
    return (InboundResult.OptedOut) kit.inbound().handle(new InboundMessage("recording", id, from, SENDER, "STOP",
        stamp.instant(), true, CarrierAction.NONE, null));
  }

  @Test
  @DisplayName("two instances 10 minutes apart around the FCC date: the fast one's STOP reaches every consent-based"
      + " purpose, the slow one's the program only, and both read the same statuses")
  void instancesStraddlingTheDate() {
    String tenant = "scope-" + UUID.randomUUID().toString().substring(0, 12);
    MutableClock truth = MutableClock.at(OptOutRule.FCC_REVOKE_ALL.minus(Duration.ofMinutes(5)));
    Clock fast = Clock.offset(truth, Duration.ofMinutes(5));
    Clock slow = Clock.offset(truth, Duration.ofMinutes(-5));
    ConsentKit a = kit(tenant, fast);
    ConsentKit b = kit(tenant, slow);
    grant(b, NY);
    grant(b, MIAMI);

    assertThat(stop(a, fast, NY, "SM-fast-" + tenant).purposeIds())
        .containsExactlyInAnyOrder(MARKETING, ORDERS, "marketing.news");
    assertThat(stop(b, slow, MIAMI, "SM-slow-" + tenant).purposeIds()).containsExactlyInAnyOrder(MARKETING, ORDERS);

    for (ConsentKit k : new ConsentKit[] {a, b}) {
      assertThat(k.registry().status(NY, "marketing.news").state()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(k.registry().status(MIAMI, "marketing.news").state()).isEqualTo(ConsentState.GRANTED);
      assertThat(k.registry().verify(NY).isIntact()).isTrue();
    }
    assertThat(a.registry().history(NY).stream().filter(e -> e.purposeId().equals("marketing.news")
        && e.kind() == dev.consent.EventKind.WITHDRAWN).findFirst().orElseThrow().evidence())
        .containsEntry("optOutScope", "consented");
  }
}
