package dev.consent.sms.vonage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.consent.spi.SmsCarrier;
import dev.consent.testkit.SmsCarrierContract;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * Both of VonageCarrier's APIs pass the SmsCarrier contract against WireMock scripts; they differ
 * only in the endpoint and the answers Vonage gives.
 */
@DisplayName("VonageCarrier passes the SmsCarrier contract")
@SuppressWarnings("removal") // the 0.4 request type, HTTP seam and retry settings, deprecated aliases kept for one release
class VonageCarrierContractTest {
  static WireMockServer wiremock;

  @BeforeAll
  static void start() {
    wiremock = WireMockCarriers.start();
  }

  @AfterAll
  static void stop() {
    wiremock.stop();
  }

  @Nested
  @DisplayName("on the SMS API")
  class SmsApi extends OneApi {
    SmsApi() {
      super("/sms/json", WireMockCarriers.smsAnswer("0", "0A0000000123ABCD1"),
          WireMockCarriers.smsError("33", "Number de-activated 14155550123"), WireMockCarriers.smsError("4", "Bad Credentials"));
    }

    @Override
    VonageCarrier.Builder carrierAt(URI base) {
      return WireMockCarriers.sms(base);
    }
  }

  @Nested
  @DisplayName("on the Messages API")
  class MessagesApi extends OneApi {
    MessagesApi() {
      super("/v1/messages", aResponse().withStatus(202).withHeader("Content-Type", "application/json")
              .withBody("{\"message_uuid\":\"aaaaaaaa-bbbb-cccc-dddd-0123456789ab\"}"),
          WireMockCarriers.problem(422, "https://developer.nexmo.com/api-errors/messages-olympus#1130", "Invalid recipient"),
          WireMockCarriers.problem(401, "https://developer.nexmo.com/api-errors/#unathorized",
              "You did not provide correct credentials."));
    }

    @Override
    VonageCarrier.Builder carrierAt(URI base) {
      return WireMockCarriers.messages(base);
    }
  }

  abstract static class OneApi extends SmsCarrierContract {
    private final String path;
    private final ResponseDefinitionBuilder accepted;
    private final ResponseDefinitionBuilder invalidNumber;
    private final ResponseDefinitionBuilder badCredentials;
    private SmsCarrier carrier;

    OneApi(String path, ResponseDefinitionBuilder accepted, ResponseDefinitionBuilder invalidNumber,
        ResponseDefinitionBuilder badCredentials) {
      this.path = path;
      this.accepted = accepted;
      this.invalidNumber = invalidNumber;
      this.badCredentials = badCredentials;
    }

    abstract VonageCarrier.Builder carrierAt(URI base);

    @BeforeEach
    void reset() {
      wiremock.resetAll();
      carrier = carrierAt(WireMockCarriers.base(wiremock)).build();
    }

    @Override
    protected SmsCarrier carrier() {
      return carrier;
    }

    @Override
    protected String sender() {
      return "+14155550100";
    }

    @Override
    protected void arrangeAccepted() {
      wiremock.stubFor(post(urlEqualTo(path)).willReturn(accepted));
    }

    /**
     * Both Vonage APIs accept a send to an opted-out number and report the opt-out only later (see the
     * webhook tests and https://developer.vonage.com/en/opt-out-assist/guides/messaging-opted-out-numbers).
     */
    @Override
    protected boolean reportsOptOutAtSend() {
      return false;
    }

    @Override
    protected void arrangeRecipientOptedOut() {
      arrangeAccepted();
    }

    @Override
    protected void arrangeInvalidNumber() {
      wiremock.stubFor(post(urlEqualTo(path)).willReturn(invalidNumber));
    }

    @Override
    protected void arrangeAuthenticationFailure() {
      wiremock.stubFor(post(urlEqualTo(path)).willReturn(badCredentials));
    }

    @Override
    protected void arrangeUnreachable() {
      carrier = carrierAt(WireMockCarriers.deadBase()).maxRetries(1).build();
    }
  }
}
