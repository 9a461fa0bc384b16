package dev.consent.sms.vonage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.consent.testkit.MutableClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

/** WireMock and carriers pointed at it, for tests. */
@SuppressWarnings("removal") // the 0.4 request type, HTTP seam and retry settings, deprecated aliases kept for one release
final class WireMockCarriers {
  static final String API_KEY = "abcd1234";
  static final String API_SECRET = "abcdef0123456789";
  static final MutableClock CLOCK = MutableClock.at("2026-03-08T15:00:00Z");

  private WireMockCarriers() {}

  static WireMockServer start() {
    WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort().containerThreads(10));
    server.start();
    return server;
  }

  static VonageCarrier.Builder sms(URI base) {
    return VonageCarrier.smsApi().apiKey(API_KEY).apiSecret(API_SECRET).baseUrl(base)
        .clock(CLOCK).retryBackoff(Duration.ZERO).requestTimeout(Duration.ofSeconds(10));
  }

  static VonageCarrier.Builder messages(URI base) {
    return VonageCarrier.messagesApi().apiKey(API_KEY).apiSecret(API_SECRET).baseUrl(base)
        .clock(CLOCK).retryBackoff(Duration.ZERO).requestTimeout(Duration.ofSeconds(10));
  }

  static URI base(WireMockServer server) {
    return URI.create(server.baseUrl());
  }

  /** A port nobody listens on. */
  static URI deadBase() {
    try (ServerSocket s = new ServerSocket(0)) {
      return URI.create("http://127.0.0.1:" + s.getLocalPort());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static ResponseDefinitionBuilder smsAnswer(String status, String messageId) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody("{\"message-count\":\"1\",\"messages\":[{\"to\":\"14155550123\",\"message-id\":\"" + messageId
            + "\",\"status\":\"" + status + "\",\"remaining-balance\":\"3.14\",\"message-price\":\"0.0333\",\"network\":\"12345\"}]}");
  }

  static ResponseDefinitionBuilder smsError(String status, String text) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody("{\"message-count\":\"1\",\"messages\":[{\"status\":\"" + status + "\",\"error-text\":\"" + text + "\"}]}");
  }

  static ResponseDefinitionBuilder problem(int status, String type, String title) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
        .withBody("{\"type\":\"" + type + "\",\"title\":\"" + title + "\",\"detail\":\"The `to` parameter 14155550123 is invalid\",\"instance\":\"bf0ca0bf927b3b52e3cb03217e1a1ddf\"}");
  }
}
