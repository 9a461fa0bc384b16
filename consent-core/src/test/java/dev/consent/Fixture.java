package dev.consent;

import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** A kit with two programs on their own numbers, two sharing one number, and a service purpose. */
final class Fixture {
  static final String DEALS_SENDER = "+14155550100";
  static final String NEWS_SENDER = "+14155550200";
  static final String SHARED_SENDER = "+14155550300";
  static final String MARKETING = "marketing.promotions";
  static final String NEWS = "marketing.newsletter";
  static final String ORDERS = "service.order-updates";
  static final String ALPHA = "marketing.alpha";
  static final String BETA = "marketing.beta";

  /** 11:00 in New York, 08:00 in Los Angeles, 17:00 in Berlin, on a Monday. */
  static final Instant MONDAY_11_NY = Instant.parse("2026-03-02T16:00:00Z");

  static final PhoneNumber NY = PhoneNumber.parse("+12125550123");
  static final PhoneNumber MIAMI = PhoneNumber.parse("+13055550123");
  static final PhoneNumber BERLIN = PhoneNumber.parse("+4915123456789");
  static final PhoneNumber SF = PhoneNumber.parse("+14155550101");

  static final Program DEALS = new Program("deals", "ACME Deals", List.of(DEALS_SENDER), "Up to 4 msgs/month",
      Map.of("en", "ACME Deals: help at acme.example/help or 1-800-555-0100. Up to 4 msgs/month. Reply STOP to cancel.",
          "es", "ACME Ofertas: ayuda en acme.example/ayuda. Hasta 4 msjs/mes. Responda STOP para cancelar."),
      List.of("JOIN", "DEALS"), "en");
  static final Program NEWSLETTER = new Program("news", "ACME News", List.of(NEWS_SENDER), "1 msg/week",
      Map.of("en", "ACME News: help at acme.example/help. Reply STOP to cancel."), List.of("NEWS"), "en");
  static final Program ALPHA_PROGRAM = Program.of("alpha", "Alpha Club", SHARED_SENDER, "2 msgs/month",
      "Alpha Club: help at alpha.example. Reply STOP to cancel.");
  static final Program BETA_PROGRAM = Program.of("beta", "Beta Club", SHARED_SENDER, "2 msgs/month",
      "Beta Club: help at beta.example. Reply STOP to cancel.");

  static final Purpose MARKETING_PURPOSE = Purpose.marketing(MARKETING, "Offers and discounts by SMS", DEALS, null);
  static final Purpose NEWS_PURPOSE = new Purpose(NEWS, "Weekly news", LawfulBasis.CONSENT, MessageClass.MARKETING,
      false, null, Duration.ofDays(730), NEWSLETTER);
  static final Purpose ORDERS_PURPOSE = Purpose.service(ORDERS, "Order and delivery updates", DEALS);
  static final Purpose ALPHA_PURPOSE = Purpose.marketing(ALPHA, "Alpha offers", ALPHA_PROGRAM, null);
  static final Purpose BETA_PURPOSE = Purpose.marketing(BETA, "Beta offers", BETA_PROGRAM, null);

  static final Notice MARKETING_NOTICE = new Notice(MARKETING, "v1", "en",
      "Yes, text me offers from ACME Deals (up to 4 msgs/month). Msg & data rates may apply. Reply STOP to cancel.");
  static final Notice NEWS_NOTICE = new Notice(NEWS, "v1", "en", "Yes, text me ACME News weekly. Reply STOP to cancel.");
  static final Notice ALPHA_NOTICE = new Notice(ALPHA, "v1", "en", "Yes, text me Alpha offers.");
  static final Notice BETA_NOTICE = new Notice(BETA, "v1", "en", "Yes, text me Beta offers.");

  final MutableClock clock = MutableClock.at(MONDAY_11_NY);
  final RecordingCarrier carrier = new RecordingCarrier();
  final ConsentStore store;
  final ConsentKit kit;
  private final AtomicLong inboundIds = new AtomicLong();

  Fixture() {
    this(new InMemoryConsentStore(), OptInSettings.defaults());
  }

  Fixture(ConsentStore store, OptInSettings settings) {
    this.store = store;
    this.kit = ConsentKit.builder()
        .store(store)
        .carrier(carrier)
        .clock(clock)
        .purposes(MARKETING_PURPOSE, NEWS_PURPOSE, ORDERS_PURPOSE, ALPHA_PURPOSE, BETA_PURPOSE)
        .notices(MARKETING_NOTICE, NEWS_NOTICE, ALPHA_NOTICE, BETA_NOTICE)
        .optIn(settings)
        .build();
  }

  /** An authenticated inbound SMS with a fresh message id. */
  InboundMessage sms(PhoneNumber from, String to, String body) {
    return new InboundMessage("recording", "SM" + inboundIds.incrementAndGet(), from, to, body, clock.instant(), true,
        CarrierAction.NONE, null);
  }

  InboundResult reply(PhoneNumber from, String to, String body) {
    return kit.inbound().handle(sms(from, to, body));
  }

  /** Grants marketing consent through the whole web double opt-in. */
  void optInByWeb(PhoneNumber n) {
    OptInStart s = kit.doubleOptIn().start(WebOptIn.of(n, MARKETING, "v1"));
    if (!(s instanceof OptInStart.Started)) {
      throw new AssertionError("opt-in did not start: " + s);
    }
    InboundResult r = reply(n, DEALS_SENDER, "YES");
    if (!(r instanceof InboundResult.Confirmed)) {
      throw new AssertionError("opt-in not confirmed: " + r);
    }
  }

  /** Grants newsletter consent directly (single opt-in by web form). */
  void grantNews(PhoneNumber n) {
    kit.registry().grant(GrantRequest.of(n, NEWS, ConsentMethod.WEB_FORM, Channel.WEB, "v1",
        Map.of("form", "https://acme.example/news")));
  }

  GateDecision check(PhoneNumber n, String purpose) {
    return kit.gate().check(OutboundMessage.of(n, purpose, "Hello from ACME"));
  }

  /** The code in the last confirmation request sent to {@code n}. */
  String lastCode(PhoneNumber n) {
    String body = carrier.lastTo(n).orElseThrow().sms().body();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{6})").matcher(body);
    if (!m.find()) {
      throw new AssertionError("no code in the last message");
    }
    return m.group(1);
  }
}
