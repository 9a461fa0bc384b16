package dev.consent.sms.vonage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.consent.InboundMessage;
import dev.consent.error.ConfigurationException;
import dev.consent.spi.InboundConfirmation;
import dev.consent.spi.InboundConfirmer;
import dev.consent.testkit.LogCheck;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link VonageCarrier#confirm} on the Reports API, against WireMock (no official spec of the
 * Reports API is in the specs folder; the answers follow Vonage's published reference).
 */
@DisplayName("VonageCarrier confirms unverified inbound messages on the Reports API")
@ExtendWith(LogCheck.class)
@SuppressWarnings("removal") // the 0.4 request type, HTTP seam and retry settings, deprecated aliases kept for one release
class VonageConfirmTest {
  static final String SMS_ID = "0A0000000123ABCD1";
  static final String UUID = "aaaaaaaa-bbbb-cccc-dddd-0123456789ab";
  WireMockServer wm;
  InboundConfirmer carrier;

  @BeforeEach
  void start() {
    wm = WireMockCarriers.start();
    carrier = WireMockCarriers.sms(WireMockCarriers.base(wm)).build();
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  static String record(String id, String direction, String from, String body, String date) {
    return "{\"account_id\":\"abcd1234\",\"message_id\":\"" + id + "\",\"direction\":\"" + direction + "\","
        + "\"from\":\"" + from + "\",\"to\":\"14155550100\",\"network\":\"310090\",\"country\":\"US\","
        + (body == null ? "" : "\"message_body\":\"" + body + "\",")
        + "\"date_received\":\"" + date + "\",\"currency\":\"EUR\",\"total_price\":\"0\"}";
  }

  static String answer(String product, String records, String idsNotFound) {
    return "{\"_links\":{\"self\":{\"href\":\"https://api.nexmo.com/v2/reports/records\"}},"
        + "\"request_id\":\"f1e2d3c4-0000-1111-2222-333344445555\",\"request_status\":\"SUCCESS\","
        + "\"product\":\"" + product + "\",\"direction\":\"inbound\",\"include_message\":true,"
        + "\"account_id\":\"abcd1234\",\"items_count\":" + (records.isEmpty() ? 0 : 1) + ","
        + (idsNotFound == null ? "" : "\"ids_not_found\":\"" + idsNotFound + "\",")
        + "\"records\":[" + records + "]}";
  }

  void answers(String product, int status, String body) {
    wm.stubFor(get(urlPathEqualTo("/v2/reports/records")).withQueryParam("product", equalTo(product))
        .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
  }

  static <T extends InboundConfirmation> T as(InboundConfirmation c, Class<T> type) {
    assertThat(c).isInstanceOf(type);
    return type.cast(c);
  }

  @Nested
  @DisplayName("a record Vonage has")
  class Found {
    @Test
    @DisplayName("an SMS API id: GET with account, product SMS, direction inbound, the id, the body, Basic auth; the message is Vonage's record")
    void smsRecord() {
      answers("SMS", 200, answer("SMS", record(SMS_ID, "inbound", "14155550101", "STOP", "2026-03-08T14:59:58+0000"), null));
      InboundConfirmation.Confirmed c = as(carrier.confirm(SMS_ID), InboundConfirmation.Confirmed.class);
      InboundMessage m = c.message();
      assertThat(m.carrier()).isEqualTo("vonage");
      assertThat(m.messageId()).isEqualTo(SMS_ID);
      assertThat(m.from().e164()).isEqualTo("+14155550101");
      assertThat(m.to()).isEqualTo("+14155550100");
      assertThat(m.body()).isEqualTo("STOP");
      assertThat(m.receivedAt()).isEqualTo("2026-03-08T14:59:58Z");
      assertThat(m.authenticated()).isTrue();
      assertThat(c.evidence()).containsEntry("product", "SMS").containsEntry("api", "reports/v2/records")
          .containsEntry("request_id", "f1e2d3c4-0000-1111-2222-333344445555");
      String basic = "Basic " + Base64.getEncoder().encodeToString(
          (WireMockCarriers.API_KEY + ":" + WireMockCarriers.API_SECRET).getBytes(StandardCharsets.UTF_8));
      wm.verify(1, getRequestedFor(urlPathEqualTo("/v2/reports/records"))
          .withQueryParam("account_id", equalTo(WireMockCarriers.API_KEY))
          .withQueryParam("product", equalTo("SMS"))
          .withQueryParam("direction", equalTo("inbound"))
          .withQueryParam("id", equalTo(SMS_ID))
          .withQueryParam("include_message", equalTo("true"))
          .withHeader("Authorization", equalTo(basic)));
    }

    @Test
    @DisplayName("a Messages API UUID: product MESSAGES; dates with Z, +00:00 and milliseconds are read")
    void messagesRecord() {
      answers("MESSAGES", 200, answer("MESSAGES", record(UUID, "inbound", "19995550123", "stop please", "2026-03-08T14:59:59.120Z"), null));
      InboundMessage m = as(carrier.confirm(UUID), InboundConfirmation.Confirmed.class).message();
      assertThat(m.receivedAt()).isEqualTo("2026-03-08T14:59:59.120Z");
      assertThat(m.from().e164()).as("a number libphonenumber does not know is read").isEqualTo("+19995550123");
      answers("SMS", 200, answer("SMS", record(SMS_ID, "inbound", "14155550101", "STOP", "2026-03-08T14:59:58+00:00"), null));
      assertThat(as(carrier.confirm(SMS_ID), InboundConfirmation.Confirmed.class).message().receivedAt()).isEqualTo("2026-03-08T14:59:58Z");
    }

    @Test
    @DisplayName("a UUID Vonage does not have as MESSAGES is looked up as SMS too")
    void uuidOnSms() {
      answers("MESSAGES", 200, answer("MESSAGES", "", UUID));
      answers("SMS", 200, answer("SMS", record(UUID, "inbound", "14155550101", "STOP", "2026-03-08T14:59:58+0000"), null));
      assertThat(as(carrier.confirm(UUID), InboundConfirmation.Confirmed.class).evidence()).containsEntry("product", "SMS");
    }

    @Test
    @DisplayName("a signing SMS carrier confirms with reportsCredentials; without key and secret it answers Unavailable")
    void credentials() {
      answers("SMS", 200, answer("SMS", record(SMS_ID, "inbound", "14155550101", "STOP", "2026-03-08T14:59:58+0000"), null));
      VonageCarrier.Builder signing = VonageCarrier.smsApi().apiKey(WireMockCarriers.API_KEY)
          .signatureSecret("sig-secret", SignatureMethod.HMAC_SHA256).baseUrl(WireMockCarriers.base(wm)).clock(WireMockCarriers.CLOCK);
      assertThat(as(signing.build().confirm(SMS_ID), InboundConfirmation.Unavailable.class).why()).contains("reportsCredentials");
      assertThat(signing.reportsCredentials(WireMockCarriers.API_KEY, WireMockCarriers.API_SECRET).build().confirm(SMS_ID))
          .isInstanceOf(InboundConfirmation.Confirmed.class);
      Assertions.assertThatThrownBy(() -> signing.reportsCredentials("k", " ").build()).isInstanceOf(ConfigurationException.class);
    }
  }

  @Nested
  @DisplayName("no record: NotFound")
  class Missing {
    @Test
    @DisplayName("the id in ids_not_found, or a complete search with no records")
    void notFound() {
      answers("SMS", 200, answer("SMS", "", SMS_ID));
      assertThat(carrier.confirm(SMS_ID)).isInstanceOf(InboundConfirmation.NotFound.class);
      answers("SMS", 200, answer("SMS", "", null));
      assertThat(carrier.confirm(SMS_ID)).isInstanceOf(InboundConfirmation.NotFound.class);
      answers("MESSAGES", 200, answer("MESSAGES", "", UUID));
      answers("SMS", 200, answer("SMS", "", UUID));
      assertThat(carrier.confirm(UUID)).isInstanceOf(InboundConfirmation.NotFound.class);
    }

    @Test
    @DisplayName("a record of another id, an outbound record or another Messages channel's confirms nothing")
    void otherRecord() {
      answers("SMS", 200, answer("SMS", record("0A0000000123ABCD2", "inbound", "14155550101", "STOP", "2026-03-08T14:59:58+0000"), null));
      assertThat(carrier.confirm(SMS_ID)).isInstanceOf(InboundConfirmation.NotFound.class);
      answers("SMS", 200, answer("SMS", record(SMS_ID, "outbound", "14155550101", "STOP", "2026-03-08T14:59:58+0000"), null));
      assertThat(carrier.confirm(SMS_ID)).isInstanceOf(InboundConfirmation.NotFound.class);
      answers("MESSAGES", 200, answer("MESSAGES", record(UUID, "inbound", "14155550101", "STOP", "2026-03-08T14:59:58Z")
          .replace("\"currency\"", "\"provider\":\"whatsapp\",\"currency\""), null));
      answers("SMS", 200, answer("SMS", "", UUID));
      assertThat(as(carrier.confirm(UUID), InboundConfirmation.NotFound.class).why()).contains("not an SMS");
      answers("MESSAGES", 200, answer("MESSAGES", record(UUID, "inbound", "14155550101", "STOP", "2026-03-08T14:59:58Z")
          .replace("\"currency\"", "\"provider\":\"sms\",\"currency\""), null));
      assertThat(carrier.confirm(UUID)).isInstanceOf(InboundConfirmation.Confirmed.class);
    }

    @Test
    @DisplayName("an id that cannot be Vonage's is NotFound without asking Vonage")
    void notAnId() {
      for (String id : new String[] {"", "a&product=VOICE-CALL", "x".repeat(65), "id with space", "../records"}) {
        assertThat(carrier.confirm(id)).as(id).isInstanceOf(InboundConfirmation.NotFound.class);
      }
      assertThat(wm.getAllServeEvents()).isEmpty();
    }
  }

  @Nested
  @DisplayName("Vonage cannot say now: Unavailable, nothing confirmed")
  class Unavailable {
    @Test
    @DisplayName("401, 403, 404, 422, 429, 500 and 503")
    void statuses() {
      for (int status : new int[] {401, 403, 404, 422, 429, 500, 503}) {
        answers("SMS", status, "{\"title\":\"x\"}");
        assertThat(as(carrier.confirm(SMS_ID), InboundConfirmation.Unavailable.class).why()).as("%s", status).contains(Integer.toString(status));
      }
    }

    @Test
    @DisplayName("no connection, a dropped connection, an unreadable answer")
    void network() {
      InboundConfirmer dead = WireMockCarriers.sms(WireMockCarriers.deadBase()).build();
      assertThat(dead.confirm(SMS_ID)).isInstanceOf(InboundConfirmation.Unavailable.class);
      wm.stubFor(get(urlPathEqualTo("/v2/reports/records")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
      assertThat(carrier.confirm(SMS_ID)).isInstanceOf(InboundConfirmation.Unavailable.class);
      answers("SMS", 200, "<html>");
      assertThat(carrier.confirm(SMS_ID)).isInstanceOf(InboundConfirmation.Unavailable.class);
      answers("SMS", 200, "[]");
      assertThat(carrier.confirm(SMS_ID)).isInstanceOf(InboundConfirmation.Unavailable.class);
    }

    @Test
    @DisplayName("an incomplete search, or a record without body, date, sender or recipient")
    void incomplete() {
      answers("SMS", 200, answer("SMS", "", null).replace("SUCCESS", "TRUNCATED"));
      assertThat(carrier.confirm(SMS_ID)).isInstanceOf(InboundConfirmation.Unavailable.class);
      answers("SMS", 200, "{\"request_status\":\"SUCCESS\"}");
      assertThat(carrier.confirm(SMS_ID)).isInstanceOf(InboundConfirmation.Unavailable.class);
      String[] broken = {
        record(SMS_ID, "inbound", "14155550101", null, "2026-03-08T14:59:58+0000"),
        record(SMS_ID, "inbound", "14155550101", "STOP", "2026-03-08 14:59:58"),
        record(SMS_ID, "inbound", "12", "STOP", "2026-03-08T14:59:58+0000"),
        record(SMS_ID, "inbound", "14155550101", "STOP", "2026-03-08T14:59:58+0000").replace("\"to\":\"14155550100\"", "\"to\":\"\""),
        record(SMS_ID, "inbound", "14155550101", "x".repeat(InboundMessage.MAX_BODY + 1), "2026-03-08T14:59:58+0000"),
      };
      for (String rec : broken) {
        answers("SMS", 200, answer("SMS", rec, null));
        assertThat(carrier.confirm(SMS_ID)).isInstanceOf(InboundConfirmation.Unavailable.class);
      }
    }
  }

  @Test
  @DisplayName("a look-up request prints neither credentials nor the id")
  void requestPrintsNoSecrets() {
    java.util.List<dev.consent.carrier.CarrierHttp.Request> seen = new java.util.ArrayList<>();
    VonageCarrier c = WireMockCarriers.sms(WireMockCarriers.base(wm)).http(r -> {
      seen.add(r);
      return dev.consent.carrier.CarrierHttp.Response.of(503, java.util.Map.of(), new byte[0]);
    }).build();
    c.confirm(SMS_ID);
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).method()).isEqualTo("GET");
    assertThat(seen.get(0).toString()).doesNotContain(SMS_ID).doesNotContain(WireMockCarriers.API_KEY).contains("/v2/reports/records");
  }
}
