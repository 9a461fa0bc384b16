package dev.consent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentState;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import dev.consent.sms.twilio.TwilioWebhooks;
import dev.consent.sms.vonage.SignatureMethod;
import dev.consent.sms.vonage.VonageWebhooks;
import dev.consent.testkit.FailingConsentStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The demo's webhook server")
class WebhookServerTest {
  static final String TOKEN = "12345678901234567890123456789012";
  static final String ACCOUNT = "AC" + "0".repeat(32);
  static final String VONAGE_SECRET = "vonage-signature-secret";

  final FailingConsentStore store = new FailingConsentStore(new InMemoryConsentStore());
  final Clock clock = Clock.fixed(Instant.parse("2026-03-02T16:00:00Z"), java.time.ZoneOffset.UTC);
  final ConsentKit kit = Demo.kit(store.store(), new RecordingCarrier("simulated"), clock);
  final HttpClient http = HttpClient.newHttpClient();
  WebhookServer server;
  String base;

  @BeforeEach
  void start() throws Exception {
    server = WebhookServer.start(new InetSocketAddress("127.0.0.1", 0), kit.inbound(), "http://127.0.0.1:0",
        TwilioWebhooks.builder().accountSid(ACCOUNT).authToken(TOKEN).clock(clock).build(),
        VonageWebhooks.builder().signatureSecret(VONAGE_SECRET, SignatureMethod.HMAC_SHA256).clock(clock).build());
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Map<String, String> twilioStop(String sid) {
    Map<String, String> p = new TreeMap<>();
    p.put("AccountSid", ACCOUNT);
    p.put("MessageSid", sid);
    p.put("From", Demo.CUSTOMER.e164());
    p.put("To", Demo.SENDER);
    p.put("Body", "STOP");
    p.put("NumMedia", "0");
    return p;
  }

  int postTwilio(Map<String, String> params, boolean sign) throws Exception {
    String publicUrl = "http://127.0.0.1:0/twilio/inbound";
    StringBuilder data = new StringBuilder(publicUrl);
    new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    String signature = Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + "/twilio/inbound"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(params)));
    if (sign) {
      req.header("X-Twilio-Signature", signature);
    }
    return http.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  static String form(Map<String, String> params) {
    return params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
  }

  @Test
  @DisplayName("prints one line per request, masked, whatever the log level (--serve under mvn -q)")
  void accessLog() throws Exception {
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    server.accessLog(lines::add);
    assertThat(postTwilio(twilioStop("SM" + "5".repeat(32)), true)).isEqualTo(200);
    Map<String, String> malformed = twilioStop("SM" + "6".repeat(32));
    malformed.put("From", "not a number");
    assertThat(postTwilio(malformed, false)).isEqualTo(400);
    for (int i = 0; i < 500 && lines.size() < 2; i++) {
      Thread.sleep(10);   // the line is written once the exchange is answered
    }
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("POST /twilio/inbound -> 200 inbound from ").endsWith(": OptedOut")
        .contains(Demo.CUSTOMER.masked());
    assertThat(lines.get(1)).startsWith("POST /twilio/inbound -> 400 rejected: ");
    assertThat(String.join("\n", lines)).doesNotContain(Demo.CUSTOMER.e164().substring(2), "STOP", ACCOUNT);
  }

  @Test
  @DisplayName("records a signed Twilio STOP and answers 200")
  void twilioStopRecorded() throws Exception {
    assertThat(postTwilio(twilioStop("SM" + "1".repeat(32)), true)).isEqualTo(200);
    assertThat(kit.registry().status(Demo.CUSTOMER, Demo.MARKETING.id()).state()).isEqualTo(ConsentState.WITHDRAWN);
  }

  @Test
  @DisplayName("answers an unsigned Twilio STOP 200 (Twilio does not retry a 4xx) and never records it as authenticated;"
      + " refuses an unsigned malformed request")
  void twilioUnsigned() throws Exception {
    assertThat(postTwilio(twilioStop("SM" + "2".repeat(32)), false)).isEqualTo(200);
    assertThat(kit.registry().history(Demo.CUSTOMER))
        .noneMatch(e -> "true".equals(e.evidence().get("authenticated")));
    Map<String, String> malformed = twilioStop("SM" + "4".repeat(32));
    malformed.put("From", "not a number");
    assertThat(postTwilio(malformed, false)).isEqualTo(400);
  }

  @Test
  @DisplayName("answers 500 while the store is down, so the carrier retries; the retry is recorded")
  void storeDown() throws Exception {
    Map<String, String> stop = twilioStop("SM" + "3".repeat(32));
    store.down(true);
    assertThat(postTwilio(stop, true)).isEqualTo(500);
    store.down(false);
    assertThat(postTwilio(stop, true)).isEqualTo(200);
    assertThat(kit.registry().status(Demo.CUSTOMER, Demo.MARKETING.id()).state()).isEqualTo(ConsentState.WITHDRAWN);
  }

  @Test
  @DisplayName("records a signed Vonage inbound STOP and refuses a forged one")
  void vonage() throws Exception {
    Map<String, String> p = new TreeMap<>();
    p.put("msisdn", Demo.CUSTOMER.e164().substring(1));
    p.put("to", Demo.SENDER.substring(1));
    p.put("messageId", "0A0000000123ABCD");
    p.put("text", "STOP");
    p.put("type", "text");
    p.put("keyword", "STOP");
    p.put("message-timestamp", "2026-03-02 16:00:00");
    p.put("timestamp", Long.toString(clock.instant().getEpochSecond()));
    StringBuilder data = new StringBuilder();
    p.forEach((k, v) -> data.append('&').append(k).append('=').append(v.replace('&', '_').replace('=', '_')));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(VONAGE_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String sig = HexFormat.of().formatHex(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    Map<String, String> forged = new TreeMap<>(p);
    forged.put("sig", sig.replace(sig.charAt(0), sig.charAt(0) == 'a' ? 'b' : 'a'));
    // a bad signature is answered 200 (Vonage would resend anything else for a day) and quarantined:
    // never applied, and its message id does not shadow the signed STOP that follows
    assertThat(get("/vonage/inbound?" + form(forged))).isEqualTo(200);
    assertThat(kit.registry().history(Demo.CUSTOMER)).isEmpty();
    p.put("sig", sig);
    assertThat(get("/vonage/inbound?" + form(p))).isEqualTo(200);
    assertThat(kit.registry().status(Demo.CUSTOMER, Demo.MARKETING.id()).state()).isEqualTo(ConsentState.WITHDRAWN);
  }

  int get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
