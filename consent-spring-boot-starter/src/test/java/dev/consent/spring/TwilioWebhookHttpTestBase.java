package dev.consent.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.DenyReason;
import dev.consent.GateDecision;
import dev.consent.MessageGate;
import dev.consent.OptInStart;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.WebOptIn;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.kit.ConsentKit;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.TwilioSigner;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A host with only properties and a carrier bean, over real HTTP: a web double opt-in confirmed by a
 * signed YES, then a signed STOP, and the gate denies; a wrongly signed STOP is answered 200 and
 * quarantined (Twilio never retries a 4xx), and changes nothing. The public URL configured is not the
 * one the test server listens on, as behind a proxy: Twilio signs the public one.
 */
@SpringBootTest(classes = CrmTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "consent.jdbc.keys-in-database=true",
    "consent.programs[0].id=deals",
    "consent.programs[0].name=ACME Deals",
    "consent.programs[0].senders=" + TwilioWebhookHttpTestBase.SENDER,
    "consent.programs[0].frequency=Up to 4 msgs/month",
    "consent.programs[0].help=ACME Deals: help at acme.example/help. Reply STOP to cancel.",
    "consent.purposes[0].id=marketing.promotions",
    "consent.purposes[0].description=Offers by SMS",
    "consent.purposes[0].program=deals",
    "consent.notices[0].purpose=marketing.promotions",
    "consent.notices[0].version=v1",
    "consent.notices[0].text=Yes, text me offers from ACME Deals. Reply STOP to cancel.",
    "consent.twilio.auth-token=" + TwilioWebhookHttpTestBase.TOKEN,
    "consent.twilio.account-sid=" + TwilioWebhookHttpTestBase.ACCOUNT,
    "consent.twilio.webhook.enabled=true",
    "consent.twilio.webhook.public-url=" + TwilioWebhookHttpTestBase.PUBLIC_URL,
    "management.endpoints.web.exposure.include=health",
    "management.endpoint.health.show-details=always"})
abstract class TwilioWebhookHttpTestBase {
  static final String SENDER = "+14155550100";
  static final String TOKEN = "test-auth-token-0123456789";
  static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  static final String PUBLIC_URL = "https://crm.example.com";
  static final String PATH = "/consent/twilio/inbound";
  private static final AtomicLong SIDS = new AtomicLong();

  @LocalServerPort
  int port;

  @Autowired
  ConsentKit kit;

  @Autowired
  MessageGate gate;

  @Autowired
  ConsentStore store;

  @Autowired
  MeterRegistry meters;

  private final HttpClient http = HttpClient.newHttpClient();
  private static final AtomicInteger NUMBERS = new AtomicInteger(100);
  /** A number of its own per test. */
  private final PhoneNumber number = PhoneNumber.parse("+121255501" + String.format("%02d", NUMBERS.getAndIncrement() % 100));

  @Test
  void signedStopOverHttpMakesTheGateDeny() throws Exception {
    assertThat(store).isInstanceOf(JdbcConsentStore.class);
    assertThat(kit.doubleOptIn().start(WebOptIn.of(number, "marketing.promotions", "v1")))
        .isInstanceOf(OptInStart.Started.class);
    assertThat(post(inbound("YES"), true).statusCode()).isEqualTo(200);
    assertThat(check()).isInstanceOf(GateDecision.Allowed.class);

    HttpResponse<String> stop = post(inbound("STOP"), true);

    assertThat(stop.statusCode()).isEqualTo(200);
    assertThat(stop.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/xml"));
    assertThat(stop.body()).contains("<Response/>");
    assertThat(check()).isInstanceOfSatisfying(GateDecision.Denied.class,
        d -> assertThat(d.reason()).isEqualTo(DenyReason.WITHDRAWN));
    assertThat(meters.get("consent.inbound").tags("carrier", "twilio", "result", "opted_out").timer().count())
        .isGreaterThanOrEqualTo(1);
    assertThat(meters.get("consent.gate.decisions").tags("reason", "withdrawn").counter().count())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void wronglySignedStopIsQuarantinedAndChangesNothing() throws Exception {
    kit.doubleOptIn().start(WebOptIn.of(number, "marketing.promotions", "v1"));
    post(inbound("YES"), true);
    long quarantinedBefore = kit.inbound().health().quarantined();

    HttpResponse<String> forged = post(inbound("STOP"), false);

    assertThat(forged.statusCode()).isEqualTo(200);
    assertThat(check()).isInstanceOf(GateDecision.Allowed.class);
    assertThat(kit.inbound().health().quarantined()).isEqualTo(quarantinedBefore + 1);
    assertThat(meters.get("consent.webhook.unverified").tags("carrier", "twilio", "reason", "bad_signature")
        .counter().count()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void requestSignedForTheLocalUrlInsteadOfThePublicOneIsNotTrusted() throws Exception {
    kit.doubleOptIn().start(WebOptIn.of(number, "marketing.promotions", "v1"));
    Map<String, String> yes = inbound("YES");
    String localUrl = "http://localhost:" + port + PATH;

    HttpResponse<String> r = send(yes, TwilioSigner.withAuthToken(TOKEN).signature(localUrl, yes));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(check()).isInstanceOfSatisfying(GateDecision.Denied.class,
        d -> assertThat(d.reason()).isEqualTo(DenyReason.NO_CONSENT));
  }

  @Test
  void otherAccountIsRejectedWith403AndCounted() throws Exception {
    Map<String, String> p = inbound("STOP");
    p.put("AccountSid", "AC" + "f".repeat(32));

    HttpResponse<String> r = post(p, true);

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).isEqualTo("WRONG_ACCOUNT");
    assertThat(meters.get("consent.webhook.rejections").tags("carrier", "twilio", "reason", "wrong_account")
        .counter().count()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void healthShowsTheStoreAndTheQuarantine() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
        + "/actuator/health/consent")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"store\":\"reachable\"").contains("\"quarantined\"").contains("\"reviewsOpen\"");
  }

  private GateDecision check() {
    return gate.check(OutboundMessage.of(number, "marketing.promotions", "20% off today"));
  }

  private Map<String, String> inbound(String body) {
    String sid = "SM" + String.format("%032x", System.nanoTime() * 1_000 + SIDS.incrementAndGet());
    Map<String, String> p = new LinkedHashMap<>();
    p.put("ToCountry", "US");
    p.put("SmsMessageSid", sid);
    p.put("NumMedia", "0");
    p.put("SmsSid", sid);
    p.put("SmsStatus", "received");
    p.put("Body", body);
    p.put("To", SENDER);
    p.put("NumSegments", "1");
    p.put("MessageSid", sid);
    p.put("AccountSid", ACCOUNT);
    p.put("From", number.e164());
    p.put("ApiVersion", "2010-04-01");
    return p;
  }

  private HttpResponse<String> post(Map<String, String> params, boolean rightToken) throws IOException,
      InterruptedException {
    return send(params, TwilioSigner.withAuthToken(rightToken ? TOKEN : "not-the-token").signature(PUBLIC_URL + PATH, params));
  }

  private HttpResponse<String> send(Map<String, String> params, String signature) throws IOException,
      InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://localhost:" + port + PATH))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", signature)
        .POST(HttpRequest.BodyPublishers.ofString(FormBodies.form(params))).build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }
}
