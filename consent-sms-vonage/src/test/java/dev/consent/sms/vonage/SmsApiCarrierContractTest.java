package dev.consent.sms.vonage;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.consent.spi.SmsCarrier;
import dev.consent.testkit.SmsCarrierContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;

@DisplayName("VonageCarrier on the SMS API passes the SmsCarrier contract")
class SmsApiCarrierContractTest extends SmsCarrierContract {
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
    carrier = WireMockCarriers.sms(WireMockCarriers.base(wiremock)).build();
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
    wiremock.stubFor(post(urlEqualTo("/sms/json")).willReturn(WireMockCarriers.smsAnswer("0", "0A0000000123ABCD1")));
  }

  /**
   * Vonage's SMS API accepts a send to an opted-out number and reports the opt-out only later (see the
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
    wiremock.stubFor(post(urlEqualTo("/sms/json")).willReturn(WireMockCarriers.smsError("33", "Number de-activated 14155550123")));
  }

  @Override
  protected void arrangeAuthenticationFailure() {
    wiremock.stubFor(post(urlEqualTo("/sms/json")).willReturn(WireMockCarriers.smsError("4", "Bad Credentials")));
  }

  @Override
  protected void arrangeUnreachable() {
    carrier = WireMockCarriers.sms(WireMockCarriers.deadBase()).maxRetries(1).build();
  }
}
