package dev.consent.sms.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.consent.CarrierError;
import dev.consent.PhoneNumber;
import dev.consent.error.ConfigurationException;
import dev.consent.spi.OutgoingSms;
import dev.consent.spi.SendResult;
import dev.consent.testkit.MutableClock;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The carrier against WireMock scripting Twilio's answers, including its error JSON. */
@SuppressWarnings("removal") // the 0.4 request type and HTTP seam, deprecated aliases kept for one release
class TwilioCarrierTest {
  static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  static final String TOKEN = "tok-s3cr3t";
  static final String MG = "MG0123456789abcdef0123456789abcdef";
  static final String PATH = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json";
  static final String FROM = "+14155550000";
  static final PhoneNumber TO = PhoneNumber.parse("+14155550123");
  static final String CREATED = "{\"sid\":\"SM0123456789abcdef0123456789abcdef\",\"status\":\"queued\"}";

  static WireMockServer wm;
  final MutableClock clock = MutableClock.at("2026-03-08T15:00:00Z");
  final List<Duration> pauses = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    wm = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
  }

  @AfterAll
  static void stop() {
    wm.stop();
  }

  @BeforeEach
  void reset() {
    wm.resetAll();
  }

  TwilioCarrier.Builder builder() {
    return TwilioCarrier.builder()
        .accountSid(ACCOUNT)
        .authToken(TOKEN)
        .baseUri(URI.create(wm.baseUrl()))
        .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
        .retries(3, Duration.ofMillis(100), Duration.ofSeconds(2))
        .sleeper(pauses::add)
        .clock(clock);
  }

  static OutgoingSms sms() {
    return new OutgoingSms(TO, FROM, "Hello Chloé 👍 & friends", "ref-1");
  }

  static ResponseDefinitionBuilder twilioError(int status, int code, String message) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withBody("{\"code\":" + code + ",\"message\":\"" + message + "\",\"more_info\":\"https://www.twilio.com/docs/errors/" + code + "\",\"status\":" + status + "}");
  }

  static CarrierError rejected(SendResult r) {
    assertThat(r).isInstanceOf(SendResult.Rejected.class);
    return ((SendResult.Rejected) r).error();
  }

  @Nested
  @DisplayName("an accepted send")
  class Accepted {
    @Test
    @DisplayName("posts a UTF-8 form with basic auth and returns Twilio's sid")
    void posts() {
      wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(201).withBody(CREATED)));
      SendResult r = builder().statusCallback(URI.create("https://example.com/status?t=1")).build().send(sms());
      assertThat(r).isEqualTo(new SendResult.Accepted("SM0123456789abcdef0123456789abcdef"));
      String basic = Base64.getEncoder().encodeToString((ACCOUNT + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
      wm.verify(1, postRequestedFor(urlEqualTo(PATH))
          .withHeader("Authorization", equalTo("Basic " + basic))
          .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
          .withRequestBody(equalTo("To=%2B14155550123&From=%2B14155550000&Body=Hello+Chlo%C3%A9+%F0%9F%91%8D+%26+friends"
              + "&StatusCallback=https%3A%2F%2Fexample.com%2Fstatus%3Ft%3D1")));
    }

    @Test
    @DisplayName("names the Messaging Service and authenticates with an API key when so configured")
    void serviceAndApiKey() {
      wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(201).withBody(CREATED)));
      String key = "SK0123456789abcdef0123456789abcdef";
      TwilioCarrier c = TwilioCarrier.builder().accountSid(ACCOUNT).apiKey(key, "key-secret")
          .messagingServiceSid(MG).baseUri(URI.create(wm.baseUrl())).clock(clock).build();
      assertThat(c.send(sms())).isInstanceOf(SendResult.Accepted.class);
      String basic = Base64.getEncoder().encodeToString((key + ":key-secret").getBytes(StandardCharsets.UTF_8));
      wm.verify(postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Basic " + basic))
          .withRequestBody(containing("MessagingServiceSid=" + MG)));
    }

    @Test
    @DisplayName("a 201 without a sid is an unknown outcome, never resent")
    void noSid() {
      wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(201).withBody("<html>")));
      assertThat(rejected(builder().build().send(sms())).kind()).isEqualTo(CarrierError.Kind.OUTCOME_UNKNOWN);
      wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }
  }

  @Nested
  @DisplayName("Twilio's error codes become typed errors")
  class Errors {
    @Test
    @DisplayName("21610 is an opt-out scoped to the sender, without the number in the message")
    void optedOutSender() {
      wm.stubFor(post(urlEqualTo(PATH)).willReturn(twilioError(400, 21610, "Attempt to send to unsubscribed recipient +14155550123")));
      CarrierError e = rejected(builder().build().send(sms()));
      assertThat(e.kind()).isEqualTo(CarrierError.Kind.RECIPIENT_OPTED_OUT);
      assertThat(e.optOutScope()).isEqualTo("sender:" + FROM);
      assertThat(e.code()).isEqualTo("21610");
      assertThat(e.retryable()).isFalse();
      assertThat(e.message()).doesNotContain("4155550123").contains("unsubscribed");
    }

    @Test
    @DisplayName("21610 through a Messaging Service is scoped to the service")
    void optedOutService() {
      wm.stubFor(post(urlEqualTo(PATH)).willReturn(twilioError(400, 21610, "Attempt to send to unsubscribed recipient")));
      CarrierError e = rejected(builder().messagingServiceSid(MG).build().send(sms()));
      assertThat(e.optOutScope()).isEqualTo("service:" + MG);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @DisplayName("maps codes and statuses, retrying none of them")
    @CsvSource({
      "400, 21211, INVALID_NUMBER, false",
      "400, 21614, INVALID_NUMBER, false",
      "401, 20003, AUTHENTICATION, false",
      "400, 21408, REJECTED, false",
      "404, 20404, REJECTED, false",
      "500, 20500, OUTCOME_UNKNOWN, false",
    })
    void codes(int status, int code, CarrierError.Kind kind, boolean retryable) {
      wm.stubFor(post(urlEqualTo(PATH)).willReturn(twilioError(status, code, "The 'To' number +14155550123 is not valid")));
      CarrierError e = rejected(builder().build().send(sms()));
      assertThat(e.kind()).isEqualTo(kind);
      assertThat(e.code()).isEqualTo(String.valueOf(code));
      assertThat(e.retryable()).isEqualTo(retryable);
      assertThat(e.message()).doesNotContain("4155550123");
      wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    @DisplayName("a 401 without Twilio's JSON is still an authentication error")
    void bare401() {
      wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(401).withBody("Unauthorized")));
      CarrierError e = rejected(builder().build().send(sms()));
      assertThat(e.kind()).isEqualTo(CarrierError.Kind.AUTHENTICATION);
      assertThat(e.code()).isEqualTo("401");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @DisplayName("a gateway 5xx may come after the message was created: unknown, sent once")
    @CsvSource({"500", "502", "504"})
    void gateway(int status) {
      wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(status)));
      assertThat(rejected(builder().build().send(sms())).kind()).isEqualTo(CarrierError.Kind.OUTCOME_UNKNOWN);
      wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }
  }

  @Nested
  @DisplayName("retries only where no message can exist")
  class Retries {
    void firstThen(ResponseDefinitionBuilder first, ResponseDefinitionBuilder then) {
      wm.stubFor(post(urlEqualTo(PATH)).inScenario("r").whenScenarioStateIs(STARTED).willReturn(first).willSetStateTo("again"));
      wm.stubFor(post(urlEqualTo(PATH)).inScenario("r").whenScenarioStateIs("again").willReturn(then));
    }

    @Test
    @DisplayName("429 then success, honouring Retry-After")
    void rateLimitedThenOk() {
      firstThen(twilioError(429, 20429, "Too Many Requests").withHeader("Retry-After", "1"),
          aResponse().withStatus(201).withBody(CREATED));
      assertThat(builder().build().send(sms())).isInstanceOf(SendResult.Accepted.class);
      wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
      assertThat(pauses).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    @DisplayName("error 20429 under another status, then success")
    void code20429() {
      firstThen(twilioError(400, 20429, "Too Many Requests"), aResponse().withStatus(201).withBody(CREATED));
      assertThat(builder().build().send(sms())).isInstanceOf(SendResult.Accepted.class);
      wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    @DisplayName("503 then success")
    void unavailableThenOk() {
      firstThen(aResponse().withStatus(503), aResponse().withStatus(201).withBody(CREATED));
      assertThat(builder().build().send(sms())).isInstanceOf(SendResult.Accepted.class);
      wm.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    @DisplayName("429 every time: stops after the bounded attempts, rate-limited and retryable later")
    void exhausted() {
      wm.stubFor(post(urlEqualTo(PATH)).willReturn(twilioError(429, 20429, "Too Many Requests")));
      CarrierError e = rejected(builder().build().send(sms()));
      assertThat(e.kind()).isEqualTo(CarrierError.Kind.RATE_LIMITED);
      assertThat(e.retryable()).isTrue();
      wm.verify(3, postRequestedFor(urlEqualTo(PATH)));
      assertThat(pauses).hasSize(2).allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(200)));
    }

    @Test
    @DisplayName("503 every time: unavailable and retryable later")
    void unavailable() {
      wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(503)));
      CarrierError e = rejected(builder().build().send(sms()));
      assertThat(e.kind()).isEqualTo(CarrierError.Kind.UNAVAILABLE);
      assertThat(e.retryable()).isTrue();
      wm.verify(3, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    @DisplayName("a timeout after sending is an unknown outcome and is never resent")
    void timeout() {
      wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(201).withBody(CREATED).withFixedDelay(1500)));
      CarrierError e = rejected(builder().timeouts(Duration.ofSeconds(5), Duration.ofMillis(400)).build().send(sms()));
      assertThat(e.kind()).isEqualTo(CarrierError.Kind.OUTCOME_UNKNOWN);
      assertThat(e.retryable()).isFalse();
      wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    @DisplayName("a connection dropped after sending is an unknown outcome, never resent")
    void reset() {
      wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
      assertThat(rejected(builder().build().send(sms())).kind()).isEqualTo(CarrierError.Kind.OUTCOME_UNKNOWN);
      wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    @DisplayName("a refused connection is retried, then reported unavailable")
    void connectRefused() {
      AtomicInteger calls = new AtomicInteger();
      TwilioHttp refusing = request -> {
        calls.incrementAndGet();
        throw new ConnectException("Connection refused");
      };
      CarrierError e = rejected(builder().http(refusing).build().send(sms()));
      assertThat(e.kind()).isEqualTo(CarrierError.Kind.UNAVAILABLE);
      assertThat(e.retryable()).isTrue();
      assertThat(calls).hasValue(3);
    }

    @Test
    @DisplayName("a refused connection then success sends exactly once")
    void connectThenOk() {
      AtomicInteger calls = new AtomicInteger();
      TwilioHttp flaky = request -> {
        if (calls.incrementAndGet() == 1) {
          throw new ConnectException("Connection refused");
        }
        return new TwilioHttp.Response(201, java.util.Map.of(), CREATED.getBytes(StandardCharsets.UTF_8));
      };
      assertThat(builder().http(flaky).build().send(sms())).isInstanceOf(SendResult.Accepted.class);
      assertThat(calls).hasValue(2);
    }
  }

  @Nested
  @DisplayName("configuration")
  class Configuration {
    @Test
    @DisplayName("build() fails fast on missing or contradictory settings")
    void failsFast() {
      assertThatThrownBy(() -> TwilioCarrier.builder().authToken(TOKEN).clock(clock).build())
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("account SID");
      assertThatThrownBy(() -> TwilioCarrier.builder().accountSid(ACCOUNT).clock(clock).build())
          .isInstanceOf(ConfigurationException.class);
      assertThatThrownBy(() -> TwilioCarrier.builder().accountSid(ACCOUNT).authToken(TOKEN)
          .apiKey("SK0123456789abcdef0123456789abcdef", "x").clock(clock).build())
          .isInstanceOf(ConfigurationException.class);
      assertThatThrownBy(() -> TwilioCarrier.builder().accountSid(ACCOUNT).authToken(TOKEN).build())
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("clock");
      assertThatThrownBy(() -> builder().messagingServiceSid("MG123").build()).isInstanceOf(ConfigurationException.class);
      assertThatThrownBy(() -> builder().statusCallback(URI.create("/relative")).build()).isInstanceOf(ConfigurationException.class);
      assertThatThrownBy(() -> builder().accountSid("AC-nope").build()).isInstanceOf(ConfigurationException.class);
    }

    @Test
    @DisplayName("credentials from the environment variables the Twilio SDK reads; a missing or blank one is named")
    void credentialsFromEnvironment() {
      java.util.Map<String, String> env = java.util.Map.of("TWILIO_ACCOUNT_SID", " " + ACCOUNT + "\n",
          "TWILIO_AUTH_TOKEN", TOKEN);
      TwilioCarrier fromEnv = TwilioCarrier.builder().credentialsFrom(env::get).clock(clock).build();
      assertThat(fromEnv.toString()).contains(ACCOUNT).doesNotContain(TOKEN);
      assertThatThrownBy(() -> TwilioCarrier.builder().credentialsFrom(java.util.Map.of("TWILIO_AUTH_TOKEN", TOKEN)::get))
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("TWILIO_ACCOUNT_SID")
          .hasMessageNotContaining(TOKEN);
      assertThatThrownBy(() -> TwilioCarrier.builder().credentialsFrom(
          java.util.Map.of("TWILIO_ACCOUNT_SID", ACCOUNT, "TWILIO_AUTH_TOKEN", " ")::get))
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("TWILIO_AUTH_TOKEN")
          .hasMessageNotContaining("TWILIO_ACCOUNT_SID");
    }

    @Test
    @DisplayName("toString never prints a secret")
    void noSecrets() {
      TwilioCarrier.Builder b = builder();
      assertThat(b.toString() + b.build()).doesNotContain(TOKEN).contains(ACCOUNT);
      TwilioCarrier.Builder k = TwilioCarrier.builder().accountSid(ACCOUNT)
          .apiKey("SK0123456789abcdef0123456789abcdef", "key-s3cr3t").clock(clock);
      assertThat(k.toString() + k.build()).doesNotContain("key-s3cr3t");
      var request = new TwilioHttp.Request("POST", URI.create(wm.baseUrl() + PATH),
          java.util.Map.of("Authorization", "Basic c2VjcmV0"), "Body=secret".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(1));
      assertThat(request.toString()).doesNotContain("c2VjcmV0").doesNotContain("secret");
    }
  }
}
