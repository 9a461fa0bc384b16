package dev.consent.sms.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.consent.CarrierAction;
import dev.consent.InboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.spi.InboundConfirmation;
import dev.consent.spi.InboundConfirmer;
import dev.consent.testkit.LogCheck;
import dev.consent.testkit.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TwilioCarrier} as the {@link InboundConfirmer}: the message is fetched by SID with the
 * carrier's credentials, and built from Twilio's record alone; WireMock scripts Twilio's answers.
 */
@ExtendWith(LogCheck.class)
class TwilioConfirmerTest {
  static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  static final String TOKEN = "tok-s3cr3t";
  static final String SID = "SM0123456789abcdef0123456789abcdef";
  static final String MG = "MG0123456789abcdef0123456789abcdef";
  static final String PATH = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages/" + SID + ".json";
  static final PhoneNumber PERSON = PhoneNumber.parse("+14155550123");
  static final String BODY = "Stop sending me these please";

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
    LogCheck.hold(BODY);
  }

  TwilioCarrier carrier() {
    return TwilioCarrier.builder().accountSid(ACCOUNT).authToken(TOKEN).baseUri(URI.create(wm.baseUrl()))
        .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)).retries(3, Duration.ofMillis(100), Duration.ofSeconds(2))
        .sleeper(pauses::add).clock(clock).build();
  }

  /** A message record as Twilio's Message resource returns it. */
  static String record(String sid, String direction, String from, String body, String service) {
    return "{\"account_sid\":\"" + ACCOUNT + "\",\"api_version\":\"2010-04-01\",\"body\":\"" + body + "\","
        + "\"date_created\":\"Sun, 08 Mar 2026 14:58:03 +0000\",\"date_sent\":\"Sun, 08 Mar 2026 14:58:04 +0000\","
        + "\"date_updated\":\"Sun, 08 Mar 2026 14:58:04 +0000\",\"direction\":\"" + direction + "\","
        + "\"error_code\":null,\"error_message\":null,\"from\":\"" + from + "\",\"messaging_service_sid\":"
        + (service == null ? "null" : "\"" + service + "\"") + ",\"num_media\":\"0\",\"num_segments\":\"1\","
        + "\"price\":null,\"price_unit\":\"USD\",\"sid\":\"" + sid + "\",\"status\":\"received\","
        + "\"subresource_uris\":{\"media\":\"/2010-04-01/Accounts/" + ACCOUNT + "/Messages/" + sid + "/Media.json\"},"
        + "\"to\":\"+14155550000\",\"uri\":\"/2010-04-01/Accounts/" + ACCOUNT + "/Messages/" + sid + ".json\"}";
  }

  static ResponseDefinitionBuilder ok(String json) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(json);
  }

  static ResponseDefinitionBuilder twilioError(int status, int code, String message) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withBody("{\"code\":" + code + ",\"message\":\"" + message + "\",\"more_info\":\"https://www.twilio.com/docs/errors/"
            + code + "\",\"status\":" + status + "}");
  }

  @Test
  @DisplayName("fetches the message with the carrier's credentials and builds it from Twilio's record only")
  void confirmed() {
    wm.stubFor(get(urlEqualTo(PATH)).willReturn(ok(record(SID, "inbound", PERSON.e164(), BODY, MG))));
    InboundConfirmer confirmer = carrier();
    assertThat(confirmer.name()).isEqualTo("twilio");
    InboundConfirmation c = confirmer.confirm(SID);
    assertThat(c).isInstanceOf(InboundConfirmation.Confirmed.class);
    InboundConfirmation.Confirmed confirmed = (InboundConfirmation.Confirmed) c;
    InboundMessage m = confirmed.message();
    assertThat(m).isEqualTo(new InboundMessage("twilio", SID, PERSON, "+14155550000", BODY,
        Instant.parse("2026-03-08T14:58:03Z"), true, CarrierAction.NONE, MG));
    assertThat(confirmed.evidence()).containsEntry("confirmedBy", "GET " + PATH).containsEntry("direction", "inbound")
        .containsEntry("status", "received").containsEntry("confirmedAt", "2026-03-08T15:00:00Z");
    assertThat(confirmed.evidence().toString()).doesNotContain(PERSON.e164()).doesNotContain(BODY);
    String basic = Base64.getEncoder().encodeToString((ACCOUNT + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
    wm.verify(1, getRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Basic " + basic)));
  }

  @Test
  @DisplayName("an MMS (MM...) through no Messaging Service, with no body, a sender libphonenumber does not know, and only date_sent")
  void mmsUnknownNumber() {
    String mms = "MM" + SID.substring(2);
    String json = record(mms, "inbound", "+12225550123", "", null).replace("\"date_created\":\"Sun, 08 Mar 2026 14:58:03 +0000\"",
        "\"date_created\":null");
    wm.stubFor(get(urlEqualTo(PATH.replace(SID, mms))).willReturn(ok(json)));
    InboundMessage m = ((InboundConfirmation.Confirmed) carrier().confirm(mms)).message();
    assertThat(m.from().e164()).isEqualTo("+12225550123");
    assertThat(m.from().isValid()).isFalse();
    assertThat(m.body()).isEmpty();
    assertThat(m.service()).isNull();
    assertThat(m.receivedAt()).isEqualTo(Instant.parse("2026-03-08T14:58:04Z"));
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("a message that is not inbound is NotFound: an outbound message's SID confirms nothing")
  @ValueSource(strings = {"outbound-api", "outbound-reply", "outbound-call"})
  void notInbound(String direction) {
    wm.stubFor(get(urlEqualTo(PATH)).willReturn(ok(record(SID, direction, "+14155550000", BODY, MG))));
    assertThat(carrier().confirm(SID)).isInstanceOf(InboundConfirmation.NotFound.class);
  }

  @Test
  @DisplayName("404 / 20404 (a forged SID) is NotFound, asked once")
  void notFound() {
    wm.stubFor(get(urlEqualTo(PATH)).willReturn(twilioError(404, 20404, "The requested resource was not found")));
    InboundConfirmation c = carrier().confirm(SID);
    assertThat(c).isInstanceOf(InboundConfirmation.NotFound.class);
    assertThat(((InboundConfirmation.NotFound) c).why()).contains("20404");
    wm.verify(1, getRequestedFor(urlEqualTo(PATH)));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @DisplayName("a SID that is not one is NotFound without asking Twilio (no path injection)")
  @ValueSource(strings = {"SM123", "SM0123456789abcdef0123456789abcdeg", "XX0123456789abcdef0123456789abcdef",
      "../../Accounts/AC0123456789abcdef0123456789abcdef", "SM0123456789abcdef0123456789abcdef/Media", ""})
  void badSid(String sid) {
    assertThat(carrier().confirm(sid)).isInstanceOf(InboundConfirmation.NotFound.class);
    wm.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  @DisplayName("refused credentials (401, 20003) are Unavailable with a reason that names the credentials, asked once")
  void unauthorized() {
    wm.stubFor(get(urlEqualTo(PATH)).willReturn(twilioError(401, 20003, "Authenticate")));
    InboundConfirmation c = carrier().confirm(SID);
    assertThat(c).isInstanceOf(InboundConfirmation.Unavailable.class);
    assertThat(((InboundConfirmation.Unavailable) c).why()).contains("credentials").contains("20003").doesNotContain(TOKEN);
    wm.verify(1, getRequestedFor(urlEqualTo(PATH)));
  }

  @ParameterizedTest(name = "HTTP {0}")
  @DisplayName("429 and 5xx are retried with backoff, then Unavailable")
  @ValueSource(ints = {429, 500, 502, 503})
  void unavailable(int status) {
    wm.stubFor(get(urlEqualTo(PATH)).willReturn(twilioError(status, status == 429 ? 20429 : 20500, "busy")));
    InboundConfirmation c = carrier().confirm(SID);
    assertThat(c).isInstanceOf(InboundConfirmation.Unavailable.class);
    assertThat(((InboundConfirmation.Unavailable) c).why()).contains(String.valueOf(status)).contains("3 attempt");
    wm.verify(3, getRequestedFor(urlEqualTo(PATH)));
    assertThat(pauses).hasSize(2);
  }

  @Test
  @DisplayName("a 503 then the record: confirmed on the second attempt, after Retry-After")
  void retriedThenConfirmed() {
    wm.stubFor(get(urlEqualTo(PATH)).inScenario("r").whenScenarioStateIs(STARTED)
        .willReturn(twilioError(503, 20503, "unavailable").withHeader("Retry-After", "1")).willSetStateTo("up"));
    wm.stubFor(get(urlEqualTo(PATH)).inScenario("r").whenScenarioStateIs("up")
        .willReturn(ok(record(SID, "inbound", PERSON.e164(), BODY, null))));
    assertThat(carrier().confirm(SID)).isInstanceOf(InboundConfirmation.Confirmed.class);
    assertThat(pauses).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  @DisplayName("a network failure is retried, then Unavailable; never an exception")
  void network() {
    wm.stubFor(get(urlEqualTo(PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    InboundConfirmation c = carrier().confirm(SID);
    assertThat(c).isInstanceOf(InboundConfirmation.Unavailable.class);
    wm.verify(3, getRequestedFor(urlEqualTo(PATH)));
    TwilioCarrier closed = TwilioCarrier.builder().accountSid(ACCOUNT).authToken(TOKEN)
        .baseUri(URI.create("http://127.0.0.1:1")).retries(1, Duration.ofMillis(1), Duration.ofMillis(1)).clock(clock).build();
    assertThat(closed.confirm(SID)).isInstanceOf(InboundConfirmation.Unavailable.class);
  }

  @Test
  @DisplayName("an answer that is not the message asked for, or not JSON, is Unavailable; a sender that is not a number is NotFound")
  void oddAnswers() {
    wm.stubFor(get(urlEqualTo(PATH)).willReturn(ok(record("SM" + "f".repeat(32), "inbound", PERSON.e164(), BODY, null))));
    assertThat(carrier().confirm(SID)).isInstanceOf(InboundConfirmation.Unavailable.class);
    wm.stubFor(get(urlEqualTo(PATH)).willReturn(ok("<html>proxy error</html>")));
    assertThat(carrier().confirm(SID)).isInstanceOf(InboundConfirmation.Unavailable.class);
    wm.stubFor(get(urlEqualTo(PATH)).willReturn(ok(record(SID, "inbound", PERSON.e164(), BODY, null)
        .replace(ACCOUNT + "\",\"api_version", "AC" + "f".repeat(32) + "\",\"api_version"))));
    assertThat(carrier().confirm(SID)).isInstanceOf(InboundConfirmation.Unavailable.class);
    wm.stubFor(get(urlEqualTo(PATH)).willReturn(ok(record(SID, "inbound", "whatsapp:" + PERSON.e164(), BODY, null))));
    assertThat(carrier().confirm(SID)).isInstanceOf(InboundConfirmation.NotFound.class);
    wm.stubFor(get(urlEqualTo(PATH)).willReturn(ok(record(SID, "inbound", PERSON.e164(), BODY, null)
        .replace("Sun, 08 Mar 2026 14:58:0", "yesterday "))));
    assertThat(carrier().confirm(SID)).isInstanceOf(InboundConfirmation.Unavailable.class);
  }

  @Test
  @DisplayName("an interrupted confirmation is Unavailable and keeps the interrupt")
  void interrupted() {
    TwilioCarrier c = TwilioCarrier.builder().accountSid(ACCOUNT).authToken(TOKEN).baseUri(URI.create(wm.baseUrl()))
        .http(request -> {
          throw new InterruptedException("test");
        }).clock(clock).build();
    try {
      assertThat(c.confirm(SID)).isInstanceOf(InboundConfirmation.Unavailable.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
