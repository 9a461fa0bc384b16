package dev.consent.examples;

import com.zaxxer.hikari.HikariDataSource;
import dev.consent.ConsentProof;
import dev.consent.ConsentStatus;
import dev.consent.GateDecision;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.Notice;
import dev.consent.OptInStart;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.SendOutcome;
import dev.consent.WebOptIn;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import dev.consent.spi.ConsentStore;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The whole story on one number: web-form consent with the notice shown, the confirmation SMS, the
 * reply YES, a marketing SMS allowed, "Stop texting me", the one confirmation, the next marketing
 * SMS denied with its reason, and the proof of consent and withdrawal as JSON.
 *
 * <p>Run it with {@code mvn -q -pl examples -am package -DskipTests exec:java} (the README's demo command).
 */
public final class Demo {
  static {
    // Hibernate Validator (behind the kit's request checks) logs through JBoss Logging, which falls back
    // to java.util.logging unless logback is present: the demo's SLF4J backend is slf4j-simple, so
    // without this its start-up line (HV000001) went to stderr in JUL's format. Sent to SLF4J, it is
    // held back by simplelogger.properties like the demo's other library chatter. A host's own
    // setting wins. First in the class, so it runs before anything can start Hibernate Validator.
    if (System.getProperty("org.jboss.logging.provider") == null) {
      System.setProperty("org.jboss.logging.provider", "slf4j");
    }
  }

  static final String SENDER = "+14155550100";
  static final PhoneNumber CUSTOMER = PhoneNumber.parse("+1 212 555 0123");
  static final Program DEALS = new Program("deals", "ACME Deals", List.of(SENDER), "Up to 4 msgs/month",
      Map.of("en", "ACME Deals: help at acme.example/help or 1-800-555-0100. Up to 4 msgs/month. "
          + "Msg & data rates may apply. Reply STOP to cancel."),
      List.of("JOIN", "DEALS"), "en");
  static final Purpose MARKETING = Purpose.marketing("marketing.promotions", "Offers and discounts by SMS", DEALS,
      Duration.ofDays(730));
  static final Purpose ORDERS = Purpose.service("service.order-updates", "Order and delivery updates", DEALS);
  static final Notice NOTICE = new Notice(MARKETING.id(), "2026-01", "en",
      "Yes, text me offers from ACME Deals at the number above (up to 4 msgs/month). Consent is not a condition "
          + "of purchase. Msg & data rates may apply. Reply STOP to cancel, HELP for help.");

  private final PrintStream out;
  private final RecordingCarrier carrier;
  private int shown;

  Demo(PrintStream out, RecordingCarrier carrier) {
    this.out = out;
    this.carrier = carrier;
  }

  /**
   * Runs the story on an embedded H2 file database ({@code data/consent-demo}, kept between runs)
   * or on the database named by {@code --jdbc-url}, with a simulated carrier.
   *
   * <p>Options: {@code --reset} (start the H2 database over), {@code --jdbc-url URL [--user U]
   * [--password P]}, {@code --serve [PORT]} (afterwards, serve Twilio and Vonage webhooks on
   * 127.0.0.1; see {@link WebhookServer}).
   */
  public static void main(String[] args) throws Exception {
    DemoOptions options = DemoOptions.parse(args);
    options.resetIfAsked(System.out);
    try (HikariDataSource ds = options.dataSource()) {
      // the demo keeps its keys in its own H2 file; a production host passes keys(KeyProvider) backed by a KMS
      JdbcConsentStore store = JdbcConsentStore.builder(ds).keysInDatabase().build();
      List<String> applied = store.migrate();
      System.out.println("Consent store: " + store.dialect() + " at " + options.describe()
          + (applied.isEmpty() ? "" : " (migrations applied: " + applied + ")"));
      RecordingCarrier carrier = new RecordingCarrier("simulated");
      new Demo(System.out, carrier).run(store, carrier, Clock.systemUTC().instant());
      if (options.serve()) {
        DemoServer.serve(store, options.port(), System.out);
      }
    }
  }

  /** The demo's kit: the given store, carrier and clock, the demo's purposes and notice. */
  static ConsentKit kit(ConsentStore store, dev.consent.spi.SmsCarrier carrier, Clock clock) {
    return ConsentKit.builder().store(store).carrier(carrier).clock(clock).purposes(MARKETING, ORDERS)
        .notices(NOTICE).build();
  }

  /** How long the story takes, from the web form to the refused send. */
  static final Duration STORY = Duration.ofMinutes(2).plusHours(3).plusDays(2).plusHours(1);

  /** The customer of the last run. */
  private PhoneNumber customer = CUSTOMER;

  /**
   * Runs the story against a store; returns the final status of the marketing purpose. The story is
   * told of a customer the store has not seen (the first run's is {@link #CUSTOMER}, then the next
   * numbers of +1 212 555 0100-0199) and ends before {@code now}: a re-run never writes an event
   * dated in the future.
   */
  ConsentStatus run(ConsentStore store, RecordingCarrier carrier, Instant now) {
    PhoneNumber person = newCustomer(store);
    this.customer = person;
    DemoClock clock = DemoClock.endingBefore(now, STORY);
    ConsentKit kit = kit(store, carrier, clock);

    step("1. A customer ticks the SMS box on the web form at " + clock.instant());
    out.println("   Notice " + NOTICE.version() + " shown: \"" + NOTICE.text() + "\"");
    OptInStart start = kit.doubleOptIn().start(WebOptIn.of(person, MARKETING.id(), NOTICE.version())
        .withClientAddress("203.0.113.9").withEvidence("form", "https://shop.acme.example/signup"));
    out.println("   -> " + start.getClass().getSimpleName());
    printSent();
    out.println("   Status now: " + kit.registry().status(person, MARKETING.id()).state());

    clock.advance(Duration.ofMinutes(2));
    step("2. The customer replies YES");
    InboundResult yes = kit.inbound().handle(inbound(person, "SMdemo-yes-" + runId(person, clock), "YES", clock));
    out.println("   -> " + yes);
    printSent();
    out.println("   Status now: " + kit.registry().status(person, MARKETING.id()).state());

    clock.advance(Duration.ofHours(3));
    step("3. A marketing SMS goes through the gate");
    OutboundMessage offer = OutboundMessage.of(person, MARKETING.id(), "ACME Deals: 20% off all boots today. Reply STOP to opt out.");
    out.println("   Gate: " + kit.gate().check(offer));
    SendOutcome sent = kit.gate().send(offer);
    out.println("   -> " + sent);
    printSent();

    clock.advance(Duration.ofDays(2));
    step("4. Two days later the customer writes \"Stop texting me\"");
    InboundResult stop = kit.inbound().handle(inbound(person, "SMdemo-stop-" + runId(person, clock),
        "Stop texting me", clock));
    out.println("   -> " + stop);
    printSent();
    ConsentStatus status = kit.registry().status(person, MARKETING.id());
    out.println("   Status now: " + status.state());

    clock.advance(Duration.ofHours(1));
    step("5. The next marketing SMS is refused, with the reason");
    GateDecision denied = kit.gate().check(offer);
    out.println("   Gate: " + denied);
    out.println("   -> " + kit.gate().send(offer));
    printSent();

    step("6. Proof of consent and of withdrawal (GDPR Art. 7(1))");
    ConsentProof proof = kit.registry().proof(person, MARKETING.id());
    out.println(proof.toJson());
    out.println();
    out.println("Ledger of " + person + ": " + kit.registry().history(person).size() + " events, hash chain "
        + (kit.registry().verify(person).isIntact() ? "intact" : "BROKEN"));
    return status;
  }

  private static InboundMessage inbound(PhoneNumber from, String id, String body, Clock clock) {
    return InboundMessage.of("simulated", id, from, SENDER, body, clock.instant());
  }

  /** A message id part unique to the run and the moment (runs of the same day tell the story at the same times). */
  private static String runId(PhoneNumber person, Clock clock) {
    return clock.instant().getEpochSecond() + "-" + Integer.toHexString(person.e164().hashCode());
  }

  /** The customer of the last run. */
  PhoneNumber customer() {
    return customer;
  }

  /** The first of {@link #CUSTOMER} and the other numbers of +1 212 555 0100-0199 the store has no event of. */
  static PhoneNumber newCustomer(ConsentStore store) {
    for (int i = 0; i < 100; i++) {
      PhoneNumber n = PhoneNumber.parse(String.format(java.util.Locale.ROOT, "+1 212 555 01%02d", (23 + i) % 100));
      if (store.history(ConsentKit.DEFAULT_TENANT, n).isEmpty()) {
        return n;
      }
    }
    throw new IllegalStateException("the demo database holds 100 runs of the story: start over with --reset");
  }

  private void step(String title) {
    out.println();
    out.println("== " + title);
  }

  private void printSent() {
    List<RecordingCarrier.Sent> all = carrier.sent();
    for (int i = shown; i < all.size(); i++) {
      out.println("   SMS " + all.get(i).sms().from() + " -> " + all.get(i).sms().to() + ": \"" + all.get(i).sms().body() + "\"");
    }
    shown = all.size();
  }
}
