package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The webhook signers against published or independently computed values. The adapters' tests check
 * that their verifiers accept what these signers make (KitSignerTest in consent-sms-twilio and
 * consent-sms-vonage).
 */
@DisplayName("Webhook signers of the test kit")
class SignersTest {

  @Nested
  @DisplayName("TwilioSigner")
  class Twilio {
    // Twilio's published example (its SDKs' RequestValidator tests): token 12345
    static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    static final String BODY = "{\"property\": \"value\", \"boolean\": true}";
    final TwilioSigner twilio = TwilioSigner.withAuthToken("12345");

    @Test
    @DisplayName("signs a form POST as Twilio's published example, whatever the parameters' order")
    void form() {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("To", "+18005551212");
      p.put("Digits", "1234");
      p.put("From", "+14158675309");
      p.put("CallSid", "CA1234567890ABCDE");
      p.put("Caller", "+14158675309");
      assertThat(twilio.signature(URL, p)).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
      p.put("Digits", "1235");
      assertThat(twilio.signature(URL, p)).isNotEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
      assertThat(TwilioSigner.withAuthToken("54321").signature(URL, Map.of())).isNotEqualTo(twilio.signature(URL, Map.of()));
    }

    @Test
    @DisplayName("signs a JSON POST over the URL with the body's bodySHA256, as Twilio's published examples")
    void json() {
      TwilioSigner.SignedJson withQuery = twilio.json(URL, BODY);
      assertThat(withQuery.url())
          .isEqualTo(URL + "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620");
      assertThat(withQuery.signature()).isEqualTo("a9nBmqA0ju/hNViExpshrM61xv4=");
      assertThat(twilio.json("https://mycompany.com/myapp.php", BODY).signature()).isEqualTo("y77kIzt2vzLz71DgmJGsen2scGs=");
    }

    @Test
    @DisplayName("refuses a blank token and a URL that is not one")
    void badInput() {
      assertThatThrownBy(() -> TwilioSigner.withAuthToken(" ")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> twilio.signature("https://bad host/x", Map.of())).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  @DisplayName("VonageSigner")
  class Vonage {
    static final String SECRET = "Vonage-kit-secret";
    static final Instant AT = Instant.parse("2026-03-08T15:00:00Z");

    static Map<String, String> inbound() {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("msisdn", "14155550101");
      p.put("to", "14155550100");
      p.put("messageId", "0A0000000123ABCD1");
      p.put("text", "STOP & thanks=1");
      p.put("type", "text");
      p.put("sig", "an old signature, replaced");
      return p;
    }

    @Test
    @DisplayName("signs SMS API parameters with timestamp and sig (values computed apart, with Python's hashlib)")
    void sms() {
      Map<String, String> md5 = VonageSigner.of(SECRET, VonageSigner.Method.MD5_HASH).signSms(inbound(), AT);
      assertThat(md5).containsEntry("timestamp", "1772982000").containsEntry("sig", "b59090844914241317ddd08a7ef3d3c8")
          .containsEntry("text", "STOP & thanks=1");
      assertThat(VonageSigner.of(SECRET, VonageSigner.Method.HMAC_MD5).signSms(inbound(), AT))
          .containsEntry("sig", "16c78457df74eea0fc798f8ef84ba950");
      assertThat(VonageSigner.of(SECRET, VonageSigner.Method.HMAC_SHA256).signSms(inbound(), AT))
          .containsEntry("sig", "ffca6db6ec5251c8c6e0c6b900d81e2a8e4cd685f6112226ee2ed36d5cb935df");
      assertThat(VonageSigner.of(SECRET, VonageSigner.Method.HMAC_SHA512).signSms(inbound(), AT).get("sig")).hasSize(128);
    }

    @Test
    @DisplayName("signs a Messages API body with an HS256 token: payload_hash of the raw body, iat, keyed with the secret")
    void messages() throws Exception {
      String body = "{\"channel\":\"sms\",\"text\":\"STOP\"}";
      String auth = VonageSigner.of(SECRET, VonageSigner.Method.HMAC_SHA256).messagesAuthorization(body, AT);
      assertThat(auth).startsWith("Bearer ");
      String[] parts = auth.substring("Bearer ".length()).split("\\.");
      assertThat(parts).hasSize(3);
      Base64.Decoder b64 = Base64.getUrlDecoder();
      ObjectMapper json = new ObjectMapper();
      assertThat(json.readTree(b64.decode(parts[0])).path("alg").asText()).isEqualTo("HS256");
      JsonNode claims = json.readTree(b64.decode(parts[1]));
      assertThat(claims.path("iat").asLong()).isEqualTo(1772982000L);
      assertThat(claims.path("payload_hash").asText())
          .isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
              .digest(body.getBytes(StandardCharsets.UTF_8))));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      assertThat(b64.decode(parts[2])).isEqualTo(mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @DisplayName("refuses a blank secret or no method")
    void badInput() {
      assertThatThrownBy(() -> VonageSigner.of("", VonageSigner.Method.HMAC_SHA256)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> VonageSigner.of(SECRET, null)).isInstanceOf(NullPointerException.class);
    }
  }
}
