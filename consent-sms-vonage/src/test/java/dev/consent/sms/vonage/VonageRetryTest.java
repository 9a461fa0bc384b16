package dev.consent.sms.vonage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.consent.CarrierError;
import dev.consent.PhoneNumber;
import dev.consent.spi.OutgoingSms;
import dev.consent.spi.SendResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The retries Vonage lacked before 0.5: a cap, full jitter and Retry-After, with no test sleeping. */
@DisplayName("Vonage retries: capped, jittered, honouring Retry-After")
class VonageRetryTest {
  static final OutgoingSms SMS = new OutgoingSms(PhoneNumber.parse("+14155550123"), "+14155550100", "Hi", "ref-1");
  static final String ACCEPTED = "{\"message_uuid\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\"}";
  static WireMockServer wm;
  final List<Duration> pauses = new CopyOnWriteArrayList<>();

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
    pauses.clear();
  }

  VonageCarrier.Builder carrier() {
    return WireMockCarriers.messages(WireMockCarriers.base(wm)).sleeper(pauses::add);
  }

  @Test
  @DisplayName("a 429 with Retry-After is retried after exactly the wait Vonage asked for")
  void retryAfterHonoured() {
    wm.stubFor(post(urlEqualTo("/v1/messages")).inScenario("r").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")).willSetStateTo("ok"));
    wm.stubFor(post(urlEqualTo("/v1/messages")).inScenario("r").whenScenarioStateIs("ok")
        .willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));
    SendResult r = carrier().retries(3, Duration.ofMillis(100), Duration.ofSeconds(5)).build().send(SMS);
    assertThat(r).isInstanceOf(SendResult.Accepted.class);
    assertThat(pauses).containsExactly(Duration.ofSeconds(2));
    wm.verify(2, postRequestedFor(urlEqualTo("/v1/messages")));
  }

  @Test
  @DisplayName("a Retry-After beyond the cap is not cut short: no early retry, the throttling stands, retryable")
  void retryAfterBeyondCap() {
    wm.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")));
    SendResult r = carrier().retries(3, Duration.ofMillis(100), Duration.ofSeconds(5)).build().send(SMS);
    CarrierError e = ((SendResult.Rejected) r).error();
    assertThat(e.kind()).isEqualTo(CarrierError.Kind.RATE_LIMITED);
    assertThat(e.retryable()).isTrue();
    assertThat(pauses).isEmpty();
    wm.verify(1, postRequestedFor(urlEqualTo("/v1/messages")));
  }

  @Test
  @DisplayName("backoff never exceeds the cap, however many attempts (before 0.5 it doubled without bound)")
  void neverAboveCap() {
    wm.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(429)));
    Duration cap = Duration.ofMillis(800);
    SendResult r = carrier().retries(10, Duration.ofMillis(500), cap).build().send(SMS);
    assertThat(((SendResult.Rejected) r).error().kind()).isEqualTo(CarrierError.Kind.RATE_LIMITED);
    wm.verify(10, postRequestedFor(urlEqualTo("/v1/messages")));
    assertThat(pauses).hasSize(9).allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, cap));
  }

  @Test
  @DisplayName("the 0.4 retryBackoff setting now gets a cap too: the pauses are jittered below it and the cap")
  @SuppressWarnings("removal")
  void legacySettingCapped() {
    wm.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(429)));
    carrier().maxRetries(5).retryBackoff(Duration.ofSeconds(2)).build().send(SMS);
    wm.verify(6, postRequestedFor(urlEqualTo("/v1/messages")));
    // 0.4 paused 2, 4, 8, 16, 32 s here (62 s in all); now each pause is at most the 5 s cap.
    assertThat(pauses).hasSize(5).allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofSeconds(5)));
  }
}
