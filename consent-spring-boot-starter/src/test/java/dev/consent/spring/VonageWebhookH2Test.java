package dev.consent.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.DenyReason;
import dev.consent.GateDecision;
import dev.consent.MessageGate;
import dev.consent.OptInStart;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.WebOptIn;
import dev.consent.kit.ConsentKit;
import dev.consent.testkit.VonageSigner;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The starter's Vonage endpoints with only properties, over real HTTP on H2: a web double opt-in
 * confirmed by a signed YES, a signed STOP that makes the gate deny, a STOP signed with another
 * secret that is answered 200, quarantined and changes nothing. The requests are signed as a host's
 * tests would sign them, with consent-test's VonageSigner (HMAC-SHA256 here).
 */
@SpringBootTest(classes = CrmTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:starter-vonage;DB_CLOSE_DELAY=-1",
    "consent.jdbc.keys-in-database=true",
    "consent.programs[0].id=deals",
    "consent.programs[0].name=ACME Deals",
    "consent.programs[0].senders=" + VonageWebhookH2Test.SENDER,
    "consent.programs[0].frequency=Up to 4 msgs/month",
    "consent.programs[0].help=ACME Deals: help at acme.example/help. Reply STOP to cancel.",
    "consent.purposes[0].id=marketing.promotions",
    "consent.purposes[0].description=Offers by SMS",
    "consent.purposes[0].program=deals",
    "consent.notices[0].purpose=marketing.promotions",
    "consent.notices[0].version=v1",
    "consent.notices[0].text=Yes, text me offers from ACME Deals. Reply STOP to cancel.",
    "consent.vonage.signature-secret=" + VonageWebhookH2Test.SECRET,
    "consent.vonage.signature-method=HMAC_SHA256",
    "consent.vonage.webhook.enabled=true",
    "consent.vonage.webhook.public-url=https://crm.example.com"})
@DisplayName("Spring Boot host on H2: verified Vonage webhooks over HTTP")
class VonageWebhookH2Test {
  static final String SENDER = "+14155550100";
  static final String SECRET = "vonage-signature-secret-for-the-starter";
  private static final String PATH = "/consent/vonage/inbound";
  private static final AtomicLong IDS = new AtomicLong();

  @LocalServerPort
  int port;

  @Autowired
  ConsentKit kit;

  @Autowired
  MessageGate gate;

  @Autowired
  MeterRegistry meters;

  @Autowired
  Clock clock;

  private final HttpClient http = HttpClient.newHttpClient();
  private final PhoneNumber number = PhoneNumber.parse("+121255502" + String.format("%02d", IDS.incrementAndGet() % 100));

  @Test
  @DisplayName("a signed YES confirms, a signed STOP withdraws: the gate denies, the inbound meter counts it")
  void signedStopOverHttpMakesTheGateDeny() throws Exception {
    assertThat(kit.doubleOptIn().start(WebOptIn.of(number, "marketing.promotions", "v1")))
        .isInstanceOf(OptInStart.Started.class);
    assertThat(post(inbound("YES"), SECRET).statusCode()).isEqualTo(200);
    assertThat(check()).isInstanceOf(GateDecision.Allowed.class);

    HttpResponse<String> stop = post(inbound("STOP"), SECRET);

    assertThat(stop.statusCode()).isEqualTo(200);
    assertThat(stop.body()).isEmpty();
    assertThat(check()).isInstanceOfSatisfying(GateDecision.Denied.class,
        d -> assertThat(d.reason()).isEqualTo(DenyReason.WITHDRAWN));
    assertThat(meters.get("consent.inbound").tags("carrier", "vonage", "result", "opted_out").timer().count())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  @DisplayName("a STOP signed with another secret is answered 200, quarantined, counted and changes nothing")
  void wronglySignedStopIsQuarantined() throws Exception {
    kit.doubleOptIn().start(WebOptIn.of(number, "marketing.promotions", "v1"));
    post(inbound("YES"), SECRET);
    long quarantinedBefore = kit.inbound().health().quarantined();

    HttpResponse<String> forged = post(inbound("STOP"), "not-the-secret");

    assertThat(forged.statusCode()).isEqualTo(200);
    assertThat(check()).isInstanceOf(GateDecision.Allowed.class);
    assertThat(kit.inbound().health().quarantined()).isEqualTo(quarantinedBefore + 1);
    assertThat(meters.get("consent.webhook.unverified").tags("carrier", "vonage").counters()).isNotEmpty();
  }

  private GateDecision check() {
    return gate.check(OutboundMessage.of(number, "marketing.promotions", "20% off today"));
  }

  private Map<String, String> inbound(String text) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("msisdn", number.e164().substring(1));
    p.put("to", SENDER.substring(1));
    p.put("messageId", String.format("%016X", System.nanoTime() + IDS.incrementAndGet()));
    p.put("text", text);
    p.put("type", "text");
    p.put("keyword", text.toUpperCase(java.util.Locale.ROOT));
    p.put("message-timestamp", clock.instant().toString().replace('T', ' ').substring(0, 19));
    p.put("api-key", "abcd1234");
    return p;
  }

  /** Posts the parameters as Vonage signs them (consent-test's VonageSigner, HMAC-SHA256). */
  private HttpResponse<String> post(Map<String, String> params, String secret) throws Exception {
    Map<String, String> p = VonageSigner.of(secret, VonageSigner.Method.HMAC_SHA256).signSms(params, clock.instant());
    String form = FormBodies.form(p);
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://localhost:" + port + PATH))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }
}
