package dev.consent.sms.vonage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.consent.spi.SmsCarrier;
import dev.consent.testkit.SmsCarrierContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;

@DisplayName("VonageCarrier on the Messages API passes the SmsCarrier contract")
class MessagesApiCarrierContractTest extends SmsCarrierContract {
  static WireMockServer wiremock;
  private SmsCarrier carrier;

  @BeforeAll
  static void start() {
    wiremock = WireMockCarriers.start();
  }

  @AfterAll
  static void stop() {
    wiremock.stop();
  }

  @BeforeEach
  void reset() {
    wiremock.resetAll();
    carrier = WireMockCarriers.messages(WireMockCarriers.base(wiremock)).build();
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
    wiremock.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(202)
        .withHeader("Content-Type", "application/json").withBody("{\"message_uuid\":\"aaaaaaaa-bbbb-cccc-dddd-0123456789ab\"}")));
  }

  /**
   * Vonage's Messages API accepts a send to an opted-out number and reports the opt-out only later (see the
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
    wiremock.stubFor(post(urlEqualTo("/v1/messages")).willReturn(WireMockCarriers.problem(422,
        "https://developer.nexmo.com/api-errors/messages-olympus#1130", "Invalid recipient")));
  }

  @Override
  protected void arrangeAuthenticationFailure() {
    wiremock.stubFor(post(urlEqualTo("/v1/messages")).willReturn(WireMockCarriers.problem(401,
        "https://developer.nexmo.com/api-errors/#unathorized", "You did not provide correct credentials.")));
  }

  @Override
  protected void arrangeUnreachable() {
    carrier = WireMockCarriers.messages(WireMockCarriers.deadBase()).maxRetries(1).build();
  }
}
