package dev.consent.sms.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.carrier.WebhookResult;
import dev.consent.testkit.MutableClock;
import dev.consent.testkit.TwilioSigner;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a host's tests sign with consent-test's TwilioSigner, the adapter verifies (and nothing else). */
@DisplayName("consent-test's TwilioSigner against TwilioWebhooks")
@SuppressWarnings("removal") // the 0.4 request type, kept for one release
class KitSignerTest {
  static final String TOKEN = "host-test-token";
  static final String URL = "https://crm.example.com/webhooks/twilio/inbound?tenant=acme";
  final TwilioWebhooks webhooks = TwilioWebhooks.builder().authToken(TOKEN)
      .clock(MutableClock.at("2026-03-08T15:00:00Z")).build();
  final TwilioSigner signer = TwilioSigner.withAuthToken(TOKEN);

  static byte[] form(Map<String, String> p) {
    return p.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&")).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("a STOP signed by the kit is verified; the same request under another token or URL is not")
  void formStop() {
    Map<String, String> p = TwilioWebhooksTest.inboundParams();
    String sig = signer.signature(URL, p);
    var ok = TwilioWebhooksTest.inboundOf(webhooks.inbound(new TwilioWebhookRequest(URL, sig, TwilioWebhooksTest.FORM, form(p))));
    assertThat(ok.authenticated()).isTrue();
    assertThat(ok.body()).isEqualTo("STOP please");

    String other = TwilioSigner.withAuthToken("another-token").signature(URL, p);
    assertThat(TwilioWebhooksTest.unverifiedOf(webhooks.inbound(new TwilioWebhookRequest(URL, other, TwilioWebhooksTest.FORM, form(p)))))
        .isEqualTo(WebhookResult.Reason.BAD_SIGNATURE);
    String elsewhere = signer.signature(URL.replace("acme", "other"), p);
    assertThat(TwilioWebhooksTest.unverifiedOf(webhooks.inbound(new TwilioWebhookRequest(URL, elsewhere, TwilioWebhooksTest.FORM, form(p)))))
        .isEqualTo(WebhookResult.Reason.BAD_SIGNATURE);
  }

  @Test
  @DisplayName("the kit, the adapter and its 0.4 request type name the same signature header")
  void header() {
    assertThat(TwilioSigner.HEADER).isEqualTo(TwilioWebhooks.SIGNATURE_HEADER).isEqualTo(TwilioWebhookRequest.SIGNATURE_HEADER);
  }

  @Test
  @DisplayName("a JSON body signed by the kit is verified; a changed body is not")
  void json() {
    String body = "{\"event\":\"com.twilio.messaging.inbound-message.received\"}";
    TwilioSigner.SignedJson signed = signer.json(URL, body);
    assertThat(webhooks.verify(new TwilioWebhookRequest(signed.url(), signed.signature(), "application/json",
        body.getBytes(StandardCharsets.UTF_8)))).isTrue();
    assertThat(webhooks.verify(new TwilioWebhookRequest(signed.url(), signed.signature(), "application/json",
        body.replace("inbound", "outbound").getBytes(StandardCharsets.UTF_8)))).isFalse();
  }
}
