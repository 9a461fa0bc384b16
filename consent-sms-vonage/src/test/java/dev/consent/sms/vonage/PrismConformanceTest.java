package dev.consent.sms.vonage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.CarrierError.Kind;
import dev.consent.PhoneNumber;
import dev.consent.spi.OutgoingSms;
import dev.consent.spi.SendResult;
import dev.consent.testkit.Needs;
import dev.consent.testkit.PrismServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The adapter's real requests, sent to Prism serving Vonage's official OpenAPI specs (patched for
 * Prism by the specs' own script), conform; a broken request is refused by the same mock.
 */
@Needs({PrismServer.Specs.class, PrismServer.Installed.class})
@DisplayName("requests conform to Vonage's official specs (Prism)")
@SuppressWarnings("removal") // the 0.4 request type, HTTP seam and retry settings, deprecated aliases kept for one release
class PrismConformanceTest {
  static final OutgoingSms SMS =
      new OutgoingSms(PhoneNumber.parse("+14155550123"), "+14155550100", "Your order shipped & is on its way", "ref-prism-1");

  /** The JDK seam, recording Prism's answers, optionally asking for one of the spec's error examples. */
  static final class Recording implements VonageHttp {
    final VonageHttp jdk = VonageHttp.jdk(Duration.ofSeconds(2));
    final List<Response> answers = new CopyOnWriteArrayList<>();
    volatile String prefer;

    @Override
    public Response send(Request request) throws IOException {
      Map<String, String> headers = new HashMap<>(request.headers());
      if (prefer != null) {
        headers.put("Prefer", prefer);
      }
      Response r = jdk.send(new Request(request.uri(), headers, request.body(), request.timeout()));
      answers.add(r);
      return r;
    }

    String lastBody() {
      return new String(answers.get(answers.size() - 1).body(), StandardCharsets.UTF_8);
    }

    int lastStatus() {
      return answers.get(answers.size() - 1).status();
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @DisplayName("SMS API (sms.yml)")
  class SmsApi {
    PrismServer prism;
    final Recording http = new Recording();

    @BeforeAll
    void start() throws Exception {
      prism = Prism.serve("sms.prism.yml");
    }

    @AfterAll
    void stop() {
      if (prism != null) {
        prism.close();
      }
    }

    @BeforeEach
    void reset() {
      http.answers.clear();
      http.prefer = null;
    }

    VonageCarrier.Builder carrier() {
      return VonageCarrier.smsApi().apiKey("abcd1234").baseUrl(URI.create(prism.baseUri().toString()))
          .clock(WireMockCarriers.CLOCK).http(http).maxRetries(0);
    }

    @Test
    @DisplayName("a send with key and secret passes validation and reads the spec's example answer")
    void keyAndSecret() {
      SendResult r = carrier().apiSecret("abcdef0123456789").build().send(SMS);
      assertThat(http.lastStatus()).as(http.lastBody()).isEqualTo(200);
      assertThat(r).isInstanceOf(SendResult.Accepted.class);
    }

    @Test
    @DisplayName("a signed send (md5hash, whose 32 hex digits fit the spec's sig length) passes validation")
    void signed() {
      carrier().signatureSecret("sig-secret", SignatureMethod.MD5_HASH).build().send(SMS);
      assertThat(http.lastStatus()).as(http.lastBody()).isEqualTo(200);
    }

    @Test
    @DisplayName("a unicode send passes validation")
    void unicode() {
      carrier().apiSecret("abcdef0123456789").build().send(new OutgoingSms(SMS.to(), "AcmeInc", "Grüße ✓", "r"));
      assertThat(http.lastStatus()).as(http.lastBody()).isEqualTo(200);
    }

    @Test
    @DisplayName("a broken request (api_key shorter than the spec allows) is refused by the mock")
    void broken() {
      SendResult r = carrier().apiKey("short").apiSecret("abcdef0123456789").build().send(SMS);
      assertThat(http.lastStatus()).isEqualTo(422);
      assertThat(r).isInstanceOf(SendResult.Rejected.class);
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @DisplayName("Messages API (messages-olympus.yml)")
  class MessagesApi {
    PrismServer prism;
    final Recording http = new Recording();

    @BeforeAll
    void start() throws Exception {
      prism = Prism.serve("messages.prism.yml");
    }

    @AfterAll
    void stop() {
      if (prism != null) {
        prism.close();
      }
    }

    @BeforeEach
    void reset() {
      http.answers.clear();
      http.prefer = null;
    }

    VonageCarrier carrier() {
      return VonageCarrier.messagesApi().apiKey("abcd1234").apiSecret("abcdef0123456789")
          .baseUrl(URI.create(prism.baseUri().toString())).clock(WireMockCarriers.CLOCK).http(http).maxRetries(0).build();
    }

    @Test
    @DisplayName("a send with Basic auth passes validation and reads the example message_uuid")
    void basic() {
      SendResult r = carrier().send(SMS);
      assertThat(http.lastStatus()).as(http.lastBody()).isEqualTo(202);
      assertThat(r).isEqualTo(new SendResult.Accepted("aaaaaaaa-bbbb-cccc-dddd-0123456789ab"));
    }

    @Test
    @DisplayName("a send with an application JWT passes validation")
    void jwt() throws Exception {
      java.security.KeyPair keys = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair();
      VonageCarrier c = VonageCarrier.messagesApi().jwt("aaaaaaaa-bbbb-cccc-dddd-0123456789ab", keys.getPrivate())
          .baseUrl(URI.create(prism.baseUri().toString())).clock(WireMockCarriers.CLOCK).http(http).build();
      c.send(SMS);
      assertThat(http.lastStatus()).as(http.lastBody()).isEqualTo(202);
    }

    @Test
    @DisplayName("the spec's own 401, 402 and 429 examples map to typed refusals")
    void errorExamples() {
      Map<String, Kind> expected = Map.of("401", Kind.AUTHENTICATION, "402", Kind.REJECTED, "429", Kind.RATE_LIMITED);
      expected.forEach((code, kind) -> {
        http.prefer = "code=" + code;
        SendResult r = carrier().send(SMS);
        assertThat(http.lastStatus()).isEqualTo(Integer.parseInt(code));
        assertThat(((SendResult.Rejected) r).error().kind()).as(code).isEqualTo(kind);
      });
    }

    @Test
    @DisplayName("a broken request (no text, wrong channel) is refused by the mock")
    void broken() throws Exception {
      byte[] body = "{\"message_type\":\"text\",\"channel\":\"smoke-signal\",\"to\":\"14155550123\",\"from\":\"14155550100\"}"
          .getBytes(StandardCharsets.UTF_8);
      VonageHttp.Response r = http.send(new VonageHttp.Request(URI.create(prism.baseUri().toString() + "/v1/messages"),
          Map.of("Content-Type", "application/json", "Authorization", "Basic YWJjZDEyMzQ6YWJjZGVmMDEyMzQ1Njc4OQ=="), body, Duration.ofSeconds(5)));
      assertThat(r.status()).isEqualTo(422);
    }
  }
}
