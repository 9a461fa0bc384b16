package dev.consent.sms.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.consent.CarrierAction;
import dev.consent.DeliveryReport;
import dev.consent.InboundHandler;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.error.CarrierException;
import dev.consent.testkit.MutableClock;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TwilioReconcilerTest {
  static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  static final String PATH = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json";
  static final String OURS = "+14155550000";

  static WireMockServer wm;
  final MutableClock clock = MutableClock.at("2026-03-08T15:00:00Z");
  TwilioCarrier carrier;

  /** A handler that, like the core, is idempotent by message id. */
  static final class Recording implements InboundHandler {
    final Set<String> seen = new HashSet<>();
    final List<InboundMessage> acted = new ArrayList<>();

    @Override
    public InboundResult handle(InboundMessage message) {
      if (!seen.add(message.messageId())) {
        return new InboundResult.Duplicate();
      }
      acted.add(message);
      return new InboundResult.Ignored("recorded");
    }

    @Override
    public boolean handle(DeliveryReport report) {
      return false;
    }
  }

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
    carrier = TwilioCarrier.builder().accountSid(ACCOUNT).authToken("t").baseUri(URI.create(wm.baseUrl())).clock(clock).build();
  }

  static String message(String sid, String direction, String from, String body, String dateSent) {
    return "{\"sid\":\"" + sid + "\",\"direction\":\"" + direction + "\",\"from\":\"" + from + "\",\"to\":\"" + OURS
        + "\",\"body\":\"" + body + "\",\"date_sent\":\"" + dateSent + "\",\"messaging_service_sid\":null,"
        + "\"account_sid\":\"" + ACCOUNT + "\",\"status\":\"received\"}";
  }

  static String sid(int n) {
    return String.format("SM%032x", n);
  }

  static String page(String next, String... messages) {
    return "{\"messages\":[" + String.join(",", messages) + "],\"next_page_uri\":" + (next == null ? "null" : "\"" + next + "\"")
        + ",\"page\":0,\"page_size\":2}";
  }

  void stubPages() {
    String next = PATH + "?To=%2B14155550000&DateSent%3E=2026-03-07&PageSize=2&Page=1&PageToken=PASM2";
    wm.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("Page", com.github.tomakehurst.wiremock.client.WireMock.absent())
        .willReturn(aResponse().withStatus(200).withBody(page(next,
            message(sid(3), "inbound", "+14155550123", "START", "Sun, 08 Mar 2026 14:00:00 +0000"),
            message(sid(9), "outbound-api", OURS, "Your code", "Sun, 08 Mar 2026 13:30:00 +0000")))));
    wm.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("Page", equalTo("1"))
        .willReturn(aResponse().withStatus(200).withBody(page(null,
            message(sid(2), "inbound", "+14155550123", "STOP", "Sun, 08 Mar 2026 13:00:00 +0000"),
            message(sid(1), "inbound", "+14155550124", "hello", "Sat, 07 Mar 2026 10:00:00 +0000")))));
  }

  @Test
  @DisplayName("lists inbound messages since a time across pages and replays them oldest first")
  void replays() {
    stubPages();
    Recording handler = new Recording();
    TwilioReconciler job = TwilioReconciler.builder(carrier).to(OURS).paging(2, 10).build();
    TwilioReconciler.Report r = job.reconcile(Instant.parse("2026-03-07T12:00:00Z"), handler);
    assertThat(handler.acted).extracting(InboundMessage::messageId).containsExactly(sid(2), sid(3));
    assertThat(handler.acted).allSatisfy(m -> {
      assertThat(m.authenticated()).isTrue();
      assertThat(m.carrier()).isEqualTo("twilio");
    });
    assertThat(handler.acted.get(0).carrierAction()).isEqualTo(CarrierAction.OPT_OUT);
    assertThat(handler.acted.get(1).carrierAction()).isEqualTo(CarrierAction.OPT_IN);
    assertThat(handler.acted.get(0).receivedAt()).isEqualTo(Instant.parse("2026-03-08T13:00:00Z"));
    assertThat(r).isEqualTo(new TwilioReconciler.Report(2, 2, 0, 0, true));
    wm.verify(getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("To", equalTo(OURS))
        .withQueryParam("DateSent>", equalTo("2026-03-07")).withQueryParam("PageSize", equalTo("2")));
  }

  @Test
  @DisplayName("is idempotent: a second run, or messages whose webhook arrived, change nothing")
  void idempotent() {
    stubPages();
    Recording handler = new Recording();
    TwilioReconciler job = TwilioReconciler.builder(carrier).to(OURS).build();
    job.reconcile(Instant.parse("2026-03-07T12:00:00Z"), handler);
    TwilioReconciler.Report again = job.reconcile(Instant.parse("2026-03-07T12:00:00Z"), handler);
    assertThat(again.handled()).isZero();
    assertThat(again.duplicates()).isEqualTo(2);
    assertThat(handler.acted).hasSize(2);
  }

  @Test
  @DisplayName("leaves keyword replies to the core when Twilio's opt-out handling is off")
  void noCarrierKeywords() {
    stubPages();
    Recording handler = new Recording();
    TwilioReconciler.builder(carrier).carrierAnswersKeywords(false).build()
        .reconcile(Instant.parse("2026-03-07T12:00:00Z"), handler);
    assertThat(handler.acted).extracting(InboundMessage::carrierAction).containsOnly(CarrierAction.NONE);
  }

  @Test
  @DisplayName("stops at the page limit and says the listing is incomplete")
  void pageLimit() {
    stubPages();
    TwilioReconciler.Report r = TwilioReconciler.builder(carrier).paging(2, 1).build()
        .reconcile(Instant.parse("2026-03-07T12:00:00Z"), new Recording());
    assertThat(r.complete()).isFalse();
    assertThat(r.listed()).isEqualTo(1);
  }

  @Test
  @DisplayName("skips a message it cannot read rather than stopping")
  void skipsUnreadable() {
    wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody(page(null,
        message(sid(5), "inbound", "whatsapp:+1415", "STOP", "Sun, 08 Mar 2026 14:00:00 +0000"),
        message(sid(6), "inbound", "+14155550123", "STOP", "Sun, 08 Mar 2026 14:00:00 +0000")))));
    Recording handler = new Recording();
    TwilioReconciler.Report r = TwilioReconciler.builder(carrier).build().reconcile(Instant.parse("2026-03-08T00:00:00Z"), handler);
    assertThat(r.skipped()).isEqualTo(1);
    assertThat(handler.acted).hasSize(1);
  }

  @Test
  @DisplayName("throws a carrier exception when Twilio cannot be listed, retryable for 5xx and 429")
  void failures() {
    wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503)));
    TwilioReconciler job = TwilioReconciler.builder(carrier).build();
    assertThatThrownBy(() -> job.reconcile(Instant.parse("2026-03-08T00:00:00Z"), new Recording()))
        .isInstanceOfSatisfying(CarrierException.class, e -> assertThat(e.isRetryable()).isTrue());
    wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(401)
        .withBody("{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}")));
    assertThatThrownBy(() -> job.reconcile(Instant.parse("2026-03-08T00:00:00Z"), new Recording()))
        .isInstanceOfSatisfying(CarrierException.class, e -> {
          assertThat(e.isRetryable()).isFalse();
          assertThat(e.status()).isEqualTo(401);
        });
  }
}
