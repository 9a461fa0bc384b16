package dev.consent.sms.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.consent.spi.SmsCarrier;
import dev.consent.testkit.MutableClock;
import dev.consent.testkit.SmsCarrierContract;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The Twilio carrier passes the SPI contract, with WireMock playing Twilio. */
class TwilioCarrierContractTest extends SmsCarrierContract {
  static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  static final String PATH = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json";

  static WireMockServer wm;
  static URI closedPort;
  private TwilioCarrier carrier;

  @BeforeAll
  static void start() throws IOException {
    wm = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
  }

  @AfterAll
  static void stop() {
    wm.stop();
  }

  @BeforeEach
  void reset() {
    wm.resetAll();
    carrier = carrierAt(URI.create(wm.baseUrl()));
  }

  private static TwilioCarrier carrierAt(URI base) {
    return TwilioCarrier.builder()
        .accountSid(ACCOUNT)
        .authToken("contract-token")
        .baseUri(base)
        .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(15))  // generous: a loaded CI machine answered WireMock late
        .retries(2, Duration.ofMillis(1), Duration.ofMillis(5))
        .clock(MutableClock.at("2026-03-08T15:00:00Z"))
        .build();
  }

  private static void answer(int status, String json) {
    wm.stubFor(post(urlEqualTo(PATH)).willReturn(
        aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(json)));
  }

  private static String error(int code, int status, String message) {
    return "{\"code\":" + code + ",\"message\":\"" + message + "\",\"more_info\":\"https://www.twilio.com/docs/errors/"
        + code + "\",\"status\":" + status + "}";
  }

  @Override
  protected SmsCarrier carrier() {
    return carrier;
  }

  @Override
  protected String sender() {
    return "+14155550000";
  }

  @Override
  protected void arrangeAccepted() {
    answer(201, "{\"sid\":\"SM0123456789abcdef0123456789abcdef\",\"status\":\"queued\"}");
  }

  @Override
  protected void arrangeRecipientOptedOut() {
    answer(400, error(21610, 400, "Attempt to send to unsubscribed recipient"));
  }

  @Override
  protected void arrangeInvalidNumber() {
    answer(400, error(21211, 400, "The 'To' number " + RECIPIENT.e164() + " is not a valid phone number."));
  }

  @Override
  protected void arrangeAuthenticationFailure() {
    answer(401, error(20003, 401, "Authenticate"));
  }

  @Override
  protected void arrangeUnreachable() {
    carrier = carrierAt(closedPort);
  }
}
