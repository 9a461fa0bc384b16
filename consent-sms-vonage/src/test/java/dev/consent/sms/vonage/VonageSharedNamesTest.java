package dev.consent.sms.vonage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.carrier.WebhookRequest;
import dev.consent.carrier.WebhookResult;
import dev.consent.carrier.WebhookResult.Reason;
import dev.consent.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code inbound(..)} and {@code deliveryReport(..)}, the names both adapters share, on the request
 * type both share: each request is verified as its own API signs it, whichever method took it.
 */
@DisplayName("Vonage webhooks under the shared names and request type")
class VonageSharedNamesTest {
  final MutableClock clock = MutableClock.at("2026-03-08T15:00:00Z");
  final long now = clock.instant().getEpochSecond();
  final VonageWebhooks hooks =
      VonageWebhooks.builder().signatureSecret(Signed.SECRET, SignatureMethod.HMAC_SHA256).clock(clock).build();

  static WebhookRequest form(Map<String, String> p) {
    return WebhookRequest.of("POST", "https://hooks.example/vonage/inbound",
        Map.of("Content-Type", "application/x-www-form-urlencoded"), Wire.formEncode(p).getBytes(StandardCharsets.UTF_8));
  }

  static WebhookRequest json(String body, Map<String, String> headers) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put("Content-Type", "application/json");
    return WebhookRequest.of("POST", "https://hooks.example/vonage/messages", h, body.getBytes(StandardCharsets.UTF_8));
  }

  WebhookRequest bearer(String body) {
    return json(body, Map.of("Authorization", "Bearer " + Signed.token(Signed.SECRET, now, body)));
  }

  @Test
  @DisplayName("a signed SMS API inbound message is taken by inbound(..) exactly as by smsInbound(..)")
  void smsInbound() {
    WebhookRequest r = form(Signed.sign(SmsWebhooksTest.inbound("0A0000000123ABCD1", "STOP"), SignatureMethod.HMAC_SHA256, now));
    WebhookResult viaShared = hooks.inbound(r);
    assertThat(viaShared).isInstanceOf(WebhookResult.Inbound.class);
    assertThat(((WebhookResult.Inbound) viaShared).verified()).isTrue();
    assertThat(viaShared).isEqualTo(hooks.smsInbound(r));
  }

  @Test
  @DisplayName("a SMS API request read on a GET takes its parameters from the URL's query")
  void smsGet() {
    Map<String, String> p = Signed.sign(SmsWebhooksTest.inbound("0A0000000123ABCD2", "STOP"), SignatureMethod.HMAC_SHA256, now);
    WebhookRequest r = WebhookRequest.of("GET", "https://hooks.example/vonage/inbound?" + Wire.formEncode(p), Map.of(), new byte[0]);
    assertThat(((WebhookResult.Inbound) hooks.inbound(r)).message().messageId()).isEqualTo("0A0000000123ABCD2");
  }

  @Test
  @DisplayName("a Messages API inbound message with its token is taken by inbound(..) exactly as by messagesInbound(..)")
  void messagesInbound() {
    WebhookRequest r = bearer(MessagesWebhooksTest.INBOUND);
    WebhookResult viaShared = hooks.inbound(r);
    assertThat(((WebhookResult.Inbound) viaShared).verified()).isTrue();
    assertThat(viaShared).isEqualTo(hooks.messagesInbound(r));
  }

  @Test
  @DisplayName("an unsigned Messages API body is still read as the Messages API's and refused without a token")
  void unsignedMessagesBody() {
    WebhookResult r = hooks.inbound(json(MessagesWebhooksTest.INBOUND, Map.of()));
    assertThat(r).isInstanceOf(WebhookResult.Rejected.class);
    assertThat(((WebhookResult.Rejected) r).reason()).isEqualTo(Reason.MISSING_SIGNATURE);
    assertThat(r.httpStatus()).isEqualTo(401);
  }

  @Test
  @DisplayName("deliveryReport(..) takes a Messages API status with its token, and refuses a forged one")
  void deliveryReport() {
    String body = MessagesWebhooksTest.status("delivered", "");
    assertThat(hooks.deliveryReport(bearer(body))).isInstanceOf(WebhookResult.Delivery.class);
    WebhookResult forged = hooks.deliveryReport(json(body, Map.of("Authorization", "Bearer " + Signed.token("wrong-secret", now, body))));
    assertThat(((WebhookResult.Rejected) forged).reason()).isEqualTo(Reason.BAD_SIGNATURE);
  }
}
