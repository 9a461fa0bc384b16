package dev.consent.sms.twilio;

import dev.consent.testkit.Needs;
import dev.consent.testkit.PrismServer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.DeliveryReport;
import dev.consent.InboundHandler;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.PhoneNumber;
import dev.consent.spi.InboundConfirmation;
import dev.consent.spi.OutgoingSms;
import dev.consent.spi.SendResult;
import dev.consent.testkit.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The adapter's real requests, sent to Prism serving Twilio's official OpenAPI description
 * ({@code twilio/twilio_api_v2010.yaml}), pass its validation; deliberately broken requests are
 * refused by it, which shows the validation is live and this test can fail.
 */
@Needs({PrismServer.Specs.class, PrismServer.Installed.class})
@SuppressWarnings("removal") // the 0.4 request type and HTTP seam, deprecated aliases kept for one release
class TwilioConformanceTest {
  static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  static final String MG = "MG0123456789abcdef0123456789abcdef";
  static final ObjectMapper JSON = new ObjectMapper();

  static PrismServer prism;
  final List<TwilioHttp.Response> responses = new CopyOnWriteArrayList<>();
  TwilioHttp recording;

  @BeforeAll
  static void start() throws Exception {
    prism = PrismServer.start(PrismServer.spec("twilio/twilio_api_v2010.yaml"));
  }

  @AfterAll
  static void stop() {
    if (prism != null) {
      prism.close();
    }
  }

  @BeforeEach
  void seam() {
    TwilioHttp jdk = TwilioHttp.jdk(Duration.ofSeconds(5));
    recording = request -> {
      TwilioHttp.Response r = jdk.execute(request);
      responses.add(r);
      return r;
    };
  }

  TwilioCarrier.Builder carrier() {
    return TwilioCarrier.builder().accountSid(ACCOUNT).authToken("conformance-token")
        .baseUri(prism.baseUri()).http(recording).retries(1, Duration.ofMillis(1), Duration.ofMillis(1))
        .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(20)).clock(MutableClock.at("2026-03-08T15:00:00Z"));
  }

  static OutgoingSms sms() {
    return new OutgoingSms(PhoneNumber.parse("+14155550123"), "+14155550000", "Hello Chloé 👍 Reply STOP to opt out", "ref-1");
  }

  /** Prism's complaints about the request itself (it also reports the spec's own example responses). */
  static List<String> requestViolations(TwilioHttp.Response r) throws IOException {
    List<String> out = new ArrayList<>();
    String header = r.header("sl-violations");
    if (header != null) {
      for (JsonNode v : JSON.readTree(header)) {
        if ("request".equals(v.path("location").path(0).asText())) {
          out.add(v.toString());
        }
      }
    }
    return out;
  }

  @Test
  @DisplayName("a send from a number conforms and is accepted")
  void sendFromNumber() throws IOException {
    SendResult r = carrier().build().send(sms());
    assertThat(responses).hasSize(1);
    assertThat(responses.get(0).status()).as(new String(responses.get(0).body(), StandardCharsets.UTF_8)).isEqualTo(201);
    assertThat(requestViolations(responses.get(0))).isEmpty();
    assertThat(r).isInstanceOf(SendResult.Accepted.class);
  }

  @Test
  @DisplayName("a send through a Messaging Service with a status callback conforms and is accepted")
  void sendThroughService() throws IOException {
    SendResult r = carrier().messagingServiceSid(MG).statusCallback(URI.create("https://hooks.example.com/twilio/status?t=acme"))
        .build().send(sms());
    assertThat(responses.get(0).status()).isEqualTo(201);
    assertThat(requestViolations(responses.get(0))).isEmpty();
    assertThat(r).isInstanceOf(SendResult.Accepted.class);
  }

  @Test
  @DisplayName("the reconciliation's list requests (To, DateSent>, PageSize, next_page_uri) conform")
  void reconcileLists() throws IOException {
    List<InboundMessage> seen = new ArrayList<>();
    InboundHandler handler = new InboundHandler() {
      @Override
      public InboundResult handle(InboundMessage message) {
        seen.add(message);
        return new InboundResult.Ignored("test");
      }

      @Override
      public boolean handle(DeliveryReport report) {
        return false;
      }
    };
    // Prism's example always offers a next page: two pages bound the run.
    TwilioReconciler.Report report = TwilioReconciler.builder(carrier().build()).to("+14155550000").paging(50, 2).build()
        .reconcile(Instant.parse("2019-05-01T00:00:00Z"), handler);
    assertThat(responses).hasSize(2);
    for (TwilioHttp.Response r : responses) {
      assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      assertThat(requestViolations(r)).isEmpty();
    }
    assertThat(report.listed()).isEqualTo(1); // the spec's example page holds one inbound message
    assertThat(seen).extracting(InboundMessage::messageId).containsExactly("MMc26223853f8c46b4ab7dfaa6abba0a26");
  }

  @Test
  @DisplayName("the confirmation's fetch (GET Messages/{Sid}.json) conforms; Twilio's example record is read by its fields")
  void confirmationFetch() throws IOException {
    TwilioCarrier carrier = carrier().build();
    // Prism answers every SID with the spec's example record: another SID than the one asked for
    InboundConfirmation other = carrier.confirm("SM" + "0".repeat(32));
    assertThat(responses).hasSize(1);
    TwilioHttp.Response r = responses.get(0);
    assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(requestViolations(r)).isEmpty();
    assertThat(other).isInstanceOf(InboundConfirmation.Unavailable.class);

    JsonNode example = JSON.readTree(r.body());
    String sid = example.path("sid").asText();
    String account = example.path("account_sid").asText();
    assertThat(carrier.confirm(sid)).as("the example's account is not this carrier's")
        .isInstanceOf(InboundConfirmation.Unavailable.class);
    responses.clear();
    InboundConfirmation asIs = carrier().accountSid(account).build().confirm(sid);
    assertThat(responses.get(0).status()).isEqualTo(200);
    assertThat(requestViolations(responses.get(0))).isEmpty();
    assertThat(example.path("direction").asText()).startsWith("outbound");
    assertThat(asIs).as("the example is an outbound message: it confirms no inbound one")
        .isInstanceOf(InboundConfirmation.NotFound.class);

    // the same record as if it were inbound: every field the confirmation reads comes from it
    TwilioHttp inbound = request -> {
      TwilioHttp.Response answer = recording.execute(request);
      ObjectNode body = (ObjectNode) JSON.readTree(answer.body());
      body.put("direction", "inbound");
      return new TwilioHttp.Response(answer.status(), answer.headers(), JSON.writeValueAsBytes(body));
    };
    InboundConfirmation c = carrier().accountSid(account).http(inbound).build().confirm(sid);
    assertThat(requestViolations(responses.get(1))).isEmpty();
    assertThat(c).isInstanceOf(InboundConfirmation.Confirmed.class);
    InboundMessage m = ((InboundConfirmation.Confirmed) c).message();
    assertThat(m.messageId()).isEqualTo(sid);
    assertThat(m.from().e164()).isEqualTo(example.path("from").asText());
    assertThat(m.to()).isEqualTo(example.path("to").asText());
    assertThat(m.body()).isEqualTo(example.path("body").asText());
    assertThat(m.service()).isEqualTo(example.path("messaging_service_sid").asText());
    assertThat(m.receivedAt()).isEqualTo(java.time.ZonedDateTime.parse(example.path("date_created").asText(),
        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    assertThat(m.authenticated()).isTrue();
    assertThat(((InboundConfirmation.Confirmed) c).evidence().get("confirmedBy"))
        .isEqualTo("GET /2010-04-01/Accounts/" + account + "/Messages/" + sid + ".json");
  }

  @Test
  @DisplayName("Prism refuses a fetch without credentials or with a malformed message SID")
  void brokenFetchesAreRefused() throws Exception {
    TwilioHttp jdk = TwilioHttp.jdk(Duration.ofSeconds(5));
    String auth = "Basic " + Base64.getEncoder().encodeToString((ACCOUNT + ":x").getBytes(StandardCharsets.UTF_8));
    String base = prism.baseUri() + "/2010-04-01/Accounts/" + ACCOUNT + "/Messages/";
    assertThat(jdk.execute(new TwilioHttp.Request("GET", URI.create(base + "SM" + "0".repeat(32) + ".json"),
        Map.of("Accept", "application/json"), new byte[0], Duration.ofSeconds(20))).status()).isEqualTo(401);
    assertThat(jdk.execute(new TwilioHttp.Request("GET", URI.create(base + "SM123.json"),
        Map.of("Authorization", auth, "Accept", "application/json"), new byte[0], Duration.ofSeconds(20))).status())
        .isEqualTo(422);
  }

  @Test
  @DisplayName("Prism refuses broken requests: JSON body, bad account SID, no credentials, no To")
  void brokenRequestsAreRefused() throws Exception {
    TwilioHttp jdk = TwilioHttp.jdk(Duration.ofSeconds(5));
    String auth = "Basic " + Base64.getEncoder().encodeToString((ACCOUNT + ":x").getBytes(StandardCharsets.UTF_8));
    URI messages = URI.create(prism.baseUri() + "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json");
    Map<String, String> form = Map.of("Authorization", auth, "Content-Type", "application/x-www-form-urlencoded");
    byte[] good = "To=%2B14155550123&From=%2B14155550000&Body=hi".getBytes(StandardCharsets.UTF_8);

    assertThat(jdk.execute(new TwilioHttp.Request("POST", messages,
        Map.of("Authorization", auth, "Content-Type", "application/json"),
        "{\"To\":\"+14155550123\"}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(20))).status()).isEqualTo(415);
    URI badAccount = URI.create(prism.baseUri() + "/2010-04-01/Accounts/ACnope/Messages.json");
    assertThat(jdk.execute(new TwilioHttp.Request("POST", badAccount, form, good, Duration.ofSeconds(20))).status()).isEqualTo(422);
    assertThat(jdk.execute(new TwilioHttp.Request("POST", messages,
        Map.of("Content-Type", "application/x-www-form-urlencoded"), good, Duration.ofSeconds(20))).status()).isEqualTo(401);
    assertThat(jdk.execute(new TwilioHttp.Request("POST", messages, form,
        "From=%2B14155550000&Body=hi".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(20))).status()).isEqualTo(422);
  }
}
