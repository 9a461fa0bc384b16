package dev.consent.sms.vonage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.consent.CarrierError.Kind;
import dev.consent.CarrierError;
import dev.consent.PhoneNumber;
import dev.consent.error.ConfigurationException;
import dev.consent.spi.OutgoingSms;
import dev.consent.spi.SendResult;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("VonageCarrier")
@SuppressWarnings("removal") // the 0.4 request type, HTTP seam and retry settings, deprecated aliases kept for one release
class VonageCarrierTest {
  static final PhoneNumber TO = PhoneNumber.parse("+14155550123");
  static final OutgoingSms SMS = new OutgoingSms(TO, "+14155550100", "Hi & welcome = yes", "msg-ref-1");
  static WireMockServer wm;

  @BeforeAll
  static void start() {
    wm = WireMockCarriers.start();
  }

  @AfterAll
  static void stop() {
    wm.stop();
  }

  @BeforeEach
  void reset() {
    wm.resetAll();
  }

  static CarrierError error(SendResult r) {
    assertThat(r).isInstanceOf(SendResult.Rejected.class);
    CarrierError e = ((SendResult.Rejected) r).error();
    assertThat(e.toString()).doesNotContain("14155550123").doesNotContain("welcome");
    return e;
  }

  @Nested
  @DisplayName("on the SMS API")
  class SmsApi {
    VonageCarrier carrier() {
      return WireMockCarriers.sms(WireMockCarriers.base(wm)).build();
    }

    @Test
    @DisplayName("posts the form Vonage expects: numbers without +, client-ref, GSM text as type=text")
    void request() {
      wm.stubFor(post(urlEqualTo("/sms/json")).willReturn(WireMockCarriers.smsAnswer("0", "0A0000000123ABCD1")));
      assertThat(carrier().send(SMS)).isEqualTo(new SendResult.Accepted("0A0000000123ABCD1"));
      wm.verify(postRequestedFor(urlEqualTo("/sms/json"))
          .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
          .withFormParam("api_key", equalTo("abcd1234"))
          .withFormParam("api_secret", equalTo("abcdef0123456789"))
          .withFormParam("to", equalTo("14155550123"))
          .withFormParam("from", equalTo("14155550100"))
          .withFormParam("text", equalTo("Hi & welcome = yes"))
          .withFormParam("type", equalTo("text"))
          .withFormParam("client-ref", equalTo("msg-ref-1")));
    }

    @Test
    @DisplayName("sends text outside GSM 7-bit as type=unicode")
    void unicode() {
      wm.stubFor(post(urlEqualTo("/sms/json")).willReturn(WireMockCarriers.smsAnswer("0", "id")));
      carrier().send(new OutgoingSms(TO, "AcmeInc", "Grüße ✓", "r"));
      wm.verify(postRequestedFor(urlEqualTo("/sms/json")).withFormParam("type", equalTo("unicode")).withFormParam("from", equalTo("AcmeInc")));
    }

    @Test
    @DisplayName("signs the request instead of sending the secret, verifiable as Vonage would")
    void signed() {
      wm.stubFor(post(urlEqualTo("/sms/json")).willReturn(WireMockCarriers.smsAnswer("0", "id")));
      VonageCarrier c = VonageCarrier.smsApi().apiKey("abcd1234").signatureSecret("sig-secret", SignatureMethod.HMAC_SHA512)
          .baseUrl(WireMockCarriers.base(wm)).clock(WireMockCarriers.CLOCK).build();
      assertThat(c.send(SMS)).isInstanceOf(SendResult.Accepted.class);
      String body = wm.getAllServeEvents().get(0).getRequest().getBodyAsString();
      Map<String, String> sent = Wire.formDecode(body);
      assertThat(sent).doesNotContainKey("api_secret").containsEntry("timestamp", Long.toString(WireMockCarriers.CLOCK.instant().getEpochSecond()));
      assertThat(SmsSignature.matches(sent, sent.get("sig"), "sig-secret", SignatureMethod.HMAC_SHA512)).isTrue();
    }

    @ParameterizedTest(name = "status {0} -> {1}, retryable {2}")
    @CsvSource({
      "2, REJECTED, false", "3, REJECTED, false", "4, AUTHENTICATION, false", "5, UNAVAILABLE, true",
      "6, INVALID_NUMBER, false", "7, INVALID_NUMBER, false", "8, REJECTED, false", "9, REJECTED, true",
      "11, REJECTED, false", "12, REJECTED, false", "14, AUTHENTICATION, false", "15, REJECTED, false",
      "22, REJECTED, false", "23, REJECTED, false", "29, REJECTED, false", "32, AUTHENTICATION, false",
      "33, INVALID_NUMBER, false", "99, REJECTED, false"
    })
    @DisplayName("a non-zero status is a typed refusal carrying Vonage's code")
    void statuses(String status, Kind kind, boolean retryable) {
      wm.stubFor(post(urlEqualTo("/sms/json")).willReturn(WireMockCarriers.smsError(status, "error for 14155550123")));
      CarrierError e = error(carrier().send(SMS));
      assertThat(e.kind()).isEqualTo(kind);
      assertThat(e.code()).isEqualTo(status);
      assertThat(e.retryable()).isEqualTo(retryable);
      wm.verify(1, postRequestedFor(urlEqualTo("/sms/json")));
    }

    @Test
    @DisplayName("throttling (status 1) is retried a bounded number of times, then reported")
    void throttled() {
      wm.stubFor(post(urlEqualTo("/sms/json")).willReturn(WireMockCarriers.smsError("1", "Throughput Rate Exceeded")));
      CarrierError e = error(WireMockCarriers.sms(WireMockCarriers.base(wm)).maxRetries(2).build().send(SMS));
      assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
      wm.verify(3, postRequestedFor(urlEqualTo("/sms/json")));
    }

    @Test
    @DisplayName("HTTP 429 then success is accepted after one retry")
    void retryThenAccept() {
      wm.stubFor(post(urlEqualTo("/sms/json")).inScenario("s").whenScenarioStateIs(Scenario.STARTED)
          .willReturn(aResponse().withStatus(429)).willSetStateTo("ok"));
      wm.stubFor(post(urlEqualTo("/sms/json")).inScenario("s").whenScenarioStateIs("ok")
          .willReturn(WireMockCarriers.smsAnswer("0", "second")));
      assertThat(carrier().send(SMS)).isEqualTo(new SendResult.Accepted("second"));
      wm.verify(2, postRequestedFor(urlEqualTo("/sms/json")));
    }

    @Test
    @DisplayName("a long text accepted in parts is named by its first part; a part refused after others went out is not retryable")
    void parts() {
      wm.stubFor(post(urlEqualTo("/sms/json")).willReturn(aResponse().withStatus(200).withBody(
          "{\"message-count\":\"2\",\"messages\":[{\"message-id\":\"p1\",\"status\":\"0\"},{\"message-id\":\"p2\",\"status\":\"0\"}]}")));
      assertThat(carrier().send(SMS)).isEqualTo(new SendResult.Accepted("p1"));
      wm.stubFor(post(urlEqualTo("/sms/json")).willReturn(aResponse().withStatus(200).withBody(
          "{\"message-count\":\"2\",\"messages\":[{\"message-id\":\"p1\",\"status\":\"0\"},{\"status\":\"1\"}]}")));
      CarrierError e = error(carrier().send(SMS));
      assertThat(e.retryable()).isFalse();
    }

    @Test
    @DisplayName("HTTP 401, 500 and an unreadable 200 are typed; a 500 is never resent")
    void http() {
      wm.stubFor(post(urlEqualTo("/sms/json")).willReturn(aResponse().withStatus(401)));
      assertThat(error(carrier().send(SMS)).kind()).isEqualTo(Kind.AUTHENTICATION);
      wm.stubFor(post(urlEqualTo("/sms/json")).willReturn(aResponse().withStatus(500)));
      assertThat(error(carrier().send(SMS)).kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
      wm.stubFor(post(urlEqualTo("/sms/json")).willReturn(aResponse().withStatus(200).withBody("<html>")));
      assertThat(error(carrier().send(SMS)).kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
      wm.verify(3, postRequestedFor(urlEqualTo("/sms/json")));
    }
  }

  @Nested
  @DisplayName("on the Messages API")
  class MessagesApi {
    VonageCarrier carrier() {
      return WireMockCarriers.messages(WireMockCarriers.base(wm)).build();
    }

    @Test
    @DisplayName("posts {message_type: text, channel: sms, to, from, text} with Basic auth and reads message_uuid")
    void request() {
      wm.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(202).withBody("{\"message_uuid\":\"u-1\"}")));
      assertThat(carrier().send(SMS)).isEqualTo(new SendResult.Accepted("u-1"));
      String basic = Base64.getEncoder().encodeToString("abcd1234:abcdef0123456789".getBytes(StandardCharsets.UTF_8));
      wm.verify(postRequestedFor(urlEqualTo("/v1/messages"))
          .withHeader("Authorization", equalTo("Basic " + basic))
          .withHeader("Content-Type", equalTo("application/json"))
          .withRequestBody(equalToJson("{\"message_type\":\"text\",\"channel\":\"sms\",\"to\":\"14155550123\","
              + "\"from\":\"14155550100\",\"text\":\"Hi & welcome = yes\",\"client_ref\":\"msg-ref-1\"}")));
    }

    @Test
    @DisplayName("with an application key, sends an RS256 JWT with application_id, iat, exp and jti")
    void jwt() throws Exception {
      KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
      String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
      wm.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(202).withBody("{\"message_uuid\":\"u-2\"}")));
      VonageCarrier c = VonageCarrier.messagesApi().jwt("aaaaaaaa-bbbb-cccc-dddd-0123456789ab", pem)
          .baseUrl(WireMockCarriers.base(wm)).clock(WireMockCarriers.CLOCK).build();
      assertThat(c.send(SMS)).isEqualTo(new SendResult.Accepted("u-2"));
      wm.verify(postRequestedFor(urlEqualTo("/v1/messages")).withHeader("Authorization", matching("Bearer [\\w-]+\\.[\\w-]+\\.[\\w-]+")));
      String token = wm.getAllServeEvents().get(0).getRequest().getHeader("Authorization").substring(7);
      String[] parts = token.split("\\.");
      Signature verify = Signature.getInstance("SHA256withRSA");
      verify.initVerify(keys.getPublic());
      verify.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      assertThat(verify.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
      JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
      long iat = WireMockCarriers.CLOCK.instant().getEpochSecond();
      assertThat(claims.path("application_id").asText()).isEqualTo("aaaaaaaa-bbbb-cccc-dddd-0123456789ab");
      assertThat(claims.path("iat").asLong()).isEqualTo(iat);
      assertThat(claims.path("exp").asLong()).isGreaterThan(iat);
      assertThat(claims.path("jti").asText()).isNotBlank();
    }

    @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
    @CsvSource({
      "401, https://developer.nexmo.com/api-errors/#unathorized, AUTHENTICATION, false",
      "402, https://developer.nexmo.com/api-errors/#low-balance, REJECTED, true",
      "422, https://developer.nexmo.com/api-errors/messages-olympus#1130, INVALID_NUMBER, false",
      "422, https://developer.nexmo.com/api-errors/messages-olympus#1120, REJECTED, false",
      "422, https://developer.nexmo.com/api-errors/messages-olympus#1150, REJECTED, false",
      "422, https://developer.nexmo.com/api-errors#invalid-json, REJECTED, false",
      "429, https://developer.nexmo.com/api-errors/messages-olympus#1010, RATE_LIMITED, true",
      "500, https://developer.nexmo.com/api-errors/messages-olympus#1000, OUTCOME_UNKNOWN, false",
      "503, https://example.com/unavailable, UNAVAILABLE, true"
    })
    @DisplayName("an RFC 7807 problem is a typed refusal")
    void problems(int status, String type, Kind kind, boolean retryable) {
      wm.stubFor(post(urlEqualTo("/v1/messages")).willReturn(WireMockCarriers.problem(status, type, "Some title")));
      CarrierError e = error(WireMockCarriers.messages(WireMockCarriers.base(wm)).maxRetries(0).build().send(SMS));
      assertThat(e.kind()).isEqualTo(kind);
      assertThat(e.retryable()).isEqualTo(retryable);
    }

    @Test
    @DisplayName("should Vonage ever refuse with 1240 at once, it is an opt-out scoped to the sender")
    void optOutNow() {
      wm.stubFor(post(urlEqualTo("/v1/messages")).willReturn(WireMockCarriers.problem(422,
          "https://developer.nexmo.com/api-errors/messages-olympus#1240", "Illegal Number")));
      CarrierError e = error(carrier().send(SMS));
      assertThat(e.kind()).isEqualTo(Kind.RECIPIENT_OPTED_OUT);
      assertThat(e.optOutScope()).isEqualTo("sender:+14155550100");
    }

    @Test
    @DisplayName("429 is retried, a reset connection after sending is OUTCOME_UNKNOWN and never resent")
    void retries() {
      wm.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(429)));
      assertThat(error(WireMockCarriers.messages(WireMockCarriers.base(wm)).maxRetries(3).build().send(SMS)).kind()).isEqualTo(Kind.RATE_LIMITED);
      wm.verify(4, postRequestedFor(urlEqualTo("/v1/messages")));
      wm.resetAll();
      wm.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
      assertThat(error(carrier().send(SMS)).kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
      wm.verify(1, postRequestedFor(urlEqualTo("/v1/messages")));
    }

    @Test
    @DisplayName("a read timeout is OUTCOME_UNKNOWN and never resent")
    void timeout() {
      wm.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(202).withFixedDelay(1500).withBody("{\"message_uuid\":\"late\"}")));
      AtomicInteger calls = new AtomicInteger();
      dev.consent.carrier.CarrierHttp jdk = dev.consent.carrier.CarrierHttp.jdk(Duration.ofSeconds(10));  // connect: generous, a loaded machine must not turn this into a connect failure (retried)
      VonageCarrier c = WireMockCarriers.messages(WireMockCarriers.base(wm)).requestTimeout(Duration.ofMillis(300))
          .http(req -> {
            calls.incrementAndGet();
            return jdk.execute(req);
          }).build();
      assertThat(error(c.send(SMS)).kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
      assertThat(calls).hasValue(1);
    }
  }

  @Test
  @DisplayName("a connection never made is retried through the seam, then reported UNAVAILABLE and retryable")
  void connectRetries() {
    AtomicInteger calls = new AtomicInteger();
    VonageCarrier c = WireMockCarriers.messages(URI.create("http://vonage.invalid")).maxRetries(2)
        .http(req -> {
          calls.incrementAndGet();
          throw new ConnectException("refused");
        }).build();
    CarrierError e = error(c.send(SMS));
    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.retryable()).isTrue();
    assertThat(calls).hasValue(3);
  }

  @Nested
  @DisplayName("its builder")
  class Builder {
    @Test
    @DisplayName("fails fast on missing or contradictory configuration")
    void failsFast() {
      List<Runnable> bad = List.of(
          () -> VonageCarrier.smsApi().apiKey("k").apiSecret("s").build(),
          () -> VonageCarrier.smsApi().apiSecret("s").clock(WireMockCarriers.CLOCK).build(),
          () -> VonageCarrier.smsApi().apiKey("k").clock(WireMockCarriers.CLOCK).build(),
          () -> VonageCarrier.smsApi().apiKey("k").apiSecret("s").signatureSecret("x", SignatureMethod.MD5_HASH).clock(WireMockCarriers.CLOCK).build(),
          () -> VonageCarrier.messagesApi().clock(WireMockCarriers.CLOCK).build(),
          () -> VonageCarrier.messagesApi().apiKey("k").clock(WireMockCarriers.CLOCK).build(),
          () -> VonageCarrier.messagesApi().apiKey("k").apiSecret("s").signatureSecret("x", SignatureMethod.MD5_HASH).clock(WireMockCarriers.CLOCK).build(),
          () -> VonageCarrier.messagesApi().jwt("app", "not a key"),
          () -> WireMockCarriers.sms(URI.create("ftp://x")).build(),
          () -> WireMockCarriers.sms(URI.create("http://x")).maxRetries(6).build(),
          () -> WireMockCarriers.sms(URI.create("http://x")).requestTimeout(Duration.ZERO).build());
      for (Runnable r : bad) {
        assertThatThrownBy(r::run).isInstanceOf(ConfigurationException.class).hasMessageStartingWith("VonageCarrier:");
      }
    }

    @Test
    @DisplayName("nothing prints a secret")
    void noSecrets() {
      VonageCarrier.Builder b = WireMockCarriers.sms(URI.create("http://x"));
      assertThat(b.toString() + b.build()).doesNotContain("abcdef0123456789").doesNotContain("abcd1234");
      VonageCarrier signed = VonageCarrier.smsApi().apiKey("abcd1234").signatureSecret("sig-secret-1", SignatureMethod.MD5_HASH).clock(WireMockCarriers.CLOCK).build();
      assertThat(signed.toString()).doesNotContain("sig-secret-1").contains("MD5_HASH");
      VonageWebhooks hooks = VonageWebhooks.builder().signatureSecret("sig-secret-1", SignatureMethod.MD5_HASH).clock(WireMockCarriers.CLOCK).build();
      assertThat(hooks.toString()).doesNotContain("sig-secret-1");
      assertThat(new VonageHttp.Request(URI.create("http://x"), Map.of("Authorization", "Basic c2VjcmV0"), "to=1415".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(1)).toString())
          .doesNotContain("c2VjcmV0").doesNotContain("1415");
    }

    @Test
    @DisplayName("webhooks need a secret or an explicit acceptUnsigned(), and a clock")
    void webhooksFailFast() {
      assertThatThrownBy(() -> VonageWebhooks.builder().clock(WireMockCarriers.CLOCK).build()).isInstanceOf(ConfigurationException.class);
      assertThatThrownBy(() -> VonageWebhooks.builder().acceptUnsigned().build()).isInstanceOf(ConfigurationException.class);
      assertThatThrownBy(() -> VonageWebhooks.builder().signatureSecret(" ", SignatureMethod.MD5_HASH).clock(WireMockCarriers.CLOCK).build()).isInstanceOf(ConfigurationException.class);
    }
  }
}
