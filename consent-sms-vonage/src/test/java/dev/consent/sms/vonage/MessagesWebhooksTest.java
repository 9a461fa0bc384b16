package dev.consent.sms.vonage;

import static org.assertj.core.api.Assertions.assertThat;
import dev.consent.carrier.WebhookResult;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.DeliveryReport;
import dev.consent.DeliveryState;
import dev.consent.InboundMessage;
import dev.consent.carrier.WebhookResult.Reason;
import dev.consent.testkit.MutableClock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Messages API webhooks")
@SuppressWarnings("removal") // the 0.4 request type, HTTP seam and retry settings, deprecated aliases kept for one release
class MessagesWebhooksTest {
  final MutableClock clock = MutableClock.at("2026-03-08T15:00:00Z");
  final long now = clock.instant().getEpochSecond();
  final VonageWebhooks hooks =
      VonageWebhooks.builder().signatureSecret(Signed.SECRET, SignatureMethod.MD5_HASH).clock(clock).build();

  static final String INBOUND =
      "{\"channel\":\"sms\",\"message_uuid\":\"aaaaaaaa-bbbb-cccc-dddd-0123456789ab\",\"to\":\"14155550100\","
          + "\"from\":\"14155550101\",\"timestamp\":\"2026-03-08T14:59:59.000Z\",\"text\":\"Stop texting me\","
          + "\"sms\":{\"num_messages\":\"1\",\"keyword\":\"STOP\"},\"message_type\":\"text\"}";

  static String status(String status, String errorJson) {
    return "{\"message_uuid\":\"aaaaaaaa-bbbb-cccc-dddd-0123456789ab\",\"to\":\"14155550101\",\"from\":\"14155550100\","
        + "\"timestamp\":\"2026-03-08T14:59:00.000Z\",\"status\":\"" + status + "\",\"channel\":\"sms\""
        + (errorJson.isEmpty() ? "" : ",\"error\":" + errorJson) + "}";
  }

  WebhookRequest bearer(String body, String token) {
    return Signed.json(body, Map.of("Authorization", "Bearer " + token));
  }

  WebhookRequest signed(String body) {
    return bearer(body, Signed.token(Signed.SECRET, now, body));
  }

  static InboundMessage unverified(WebhookResult r, Reason reason) {
    return SmsWebhooksTest.unverified(r, reason);
  }

  static void rejected(WebhookResult r, Reason reason) {
    assertThat(r).isInstanceOf(WebhookResult.Rejected.class);
    assertThat(((WebhookResult.Rejected) r).reason()).isEqualTo(reason);
  }

  @Nested
  @DisplayName("the JWT")
  class Token {
    // Vonage's published webhook token and secrets: github.com/Vonage/vonage-ruby-sdk, test/vonage/test.rb
    // (sample_webhook_token, sample_valid_signature_secret, sample_invalid_signature_secret).
    static final String RUBY_TOKEN =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE1ODc0OTQ5NjIsImp0aSI6ImM1YmE4ZjI0LTFhMTQtNGMxMC1iZmRmLTNmYmU4Y2U1MTFiNSIsImlzcyI6IlZvbmFnZSIsInBheWxvYWRfaGFzaCI6ImQ2YzBlNzRiNTg1N2RmMjBlM2I3ZTUxYjMwYzBjMmE0MGVjNzNhNzc4NzliNmYwNzRkZGM3YTIzMTdkZDAzMWIiLCJhcGlfa2V5IjoiYTFiMmMzZCIsImFwcGxpY2F0aW9uX2lkIjoiYWFhYWFhYWEtYmJiYi1jY2NjLWRkZGQtMDEyMzQ1Njc4OWFiIn0.JQRKi1d0SQitmjPINfTWMpt3XZkGsLbD7EjCdXoNSbk";
    static final String RUBY_VALID = "ZYtdTtGV3BCFN7tWmOWr1md66XsquMggr4W2cTtXtcPgfnI0Xw";
    static final String RUBY_INVALID = "ZYtdTtGV3BCFN7tWmOWr1md66XsquMggr4W2cTtXtcPgf55555";

    @Test
    @DisplayName("Vonage's published token verifies with its secret and not with another")
    void publishedVector() {
      ObjectMapper json = new ObjectMapper();
      assertThat(Jwt.verifyHs256(RUBY_TOKEN, RUBY_VALID, json)).hasValueSatisfying(c -> {
        assertThat(c.path("iss").asText()).isEqualTo("Vonage");
        assertThat(c.path("iat").asLong()).isEqualTo(1587494962L);
      });
      assertThat(Jwt.verifyHs256(RUBY_TOKEN, RUBY_INVALID, json)).isEmpty();
    }

    @Test
    @DisplayName("Vonage's published token on a body it does not hash is rejected, even at its iat")
    void publishedVectorOtherBody() {
      VonageWebhooks h = VonageWebhooks.builder().signatureSecret(RUBY_VALID, SignatureMethod.HMAC_SHA256)
          .clock(MutableClock.at(Instant.ofEpochSecond(1587494962L))).build();
      rejected(h.messagesStatus(bearer(status("delivered", ""), RUBY_TOKEN)), Reason.BAD_SIGNATURE);
    }

    @Test
    @DisplayName("a valid token over the exact body is accepted as authenticated")
    void valid() {
      InboundMessage m = ((WebhookResult.Inbound) hooks.messagesInbound(signed(INBOUND))).message();
      assertThat(m.authenticated()).isTrue();
    }

    @Test
    @DisplayName("signed with the wrong secret: inbound handed on unverified (BAD_SIGNATURE), a status rejected")
    void wrongSecret() {
      unverified(hooks.messagesInbound(bearer(INBOUND, Signed.token("another-secret", now, INBOUND))), Reason.BAD_SIGNATURE);
      String st = status("delivered", "");
      rejected(hooks.messagesStatus(bearer(st, Signed.token("another-secret", now, st))), Reason.BAD_SIGNATURE);
    }

    @Test
    @DisplayName("a body changed after signing: unverified, BAD_SIGNATURE (payload_hash), with the changed body")
    void tamperedBody() {
      String token = Signed.token(Signed.SECRET, now, INBOUND);
      InboundMessage m = unverified(hooks.messagesInbound(bearer(INBOUND.replace("Stop texting me", "YES"), token)), Reason.BAD_SIGNATURE);
      assertThat(m.body()).isEqualTo("YES");
    }

    @Test
    @DisplayName("an iat outside the window: unverified, STALE")
    void staleIat() {
      unverified(hooks.messagesInbound(bearer(INBOUND, Signed.token(Signed.SECRET, now - 301, INBOUND))), Reason.STALE);
      unverified(hooks.messagesInbound(bearer(INBOUND, Signed.token(Signed.SECRET, now + 301, INBOUND))), Reason.STALE);
    }

    @Test
    @DisplayName("alg none, a token without payload_hash or garbage: unverified; no token at all: rejected unless acceptUnsigned")
    void forged() {
      String claims = "{\"iat\":" + now + ",\"payload_hash\":\"" + Signed.sha256(INBOUND) + "\"}";
      String none = Signed.token(Signed.SECRET, "{\"alg\":\"none\"}", claims);
      unverified(hooks.messagesInbound(bearer(INBOUND, none)), Reason.BAD_SIGNATURE);
      String unsignedAlgNone = none.substring(0, none.lastIndexOf('.') + 1);
      unverified(hooks.messagesInbound(bearer(INBOUND, unsignedAlgNone)), Reason.BAD_SIGNATURE);
      String noHash = Signed.token(Signed.SECRET, "{\"alg\":\"HS256\"}", "{\"iat\":" + now + "}");
      unverified(hooks.messagesInbound(bearer(INBOUND, noHash)), Reason.BAD_SIGNATURE);
      unverified(hooks.messagesInbound(bearer(INBOUND, "not.a.jwt")), Reason.BAD_SIGNATURE);
      rejected(hooks.messagesInbound(Signed.json(INBOUND, Map.of())), Reason.MISSING_SIGNATURE);
      rejected(hooks.messagesStatus(bearer(status("delivered", ""), none)), Reason.BAD_SIGNATURE);
      VonageWebhooks lax = VonageWebhooks.builder().signatureSecret(Signed.SECRET, SignatureMethod.MD5_HASH)
          .acceptUnsigned().clock(clock).build();
      unverified(lax.messagesInbound(Signed.json(INBOUND, Map.of())), Reason.MISSING_SIGNATURE);
      unverified(lax.messagesInbound(bearer(INBOUND, none)), Reason.BAD_SIGNATURE);
    }
  }

  @Test
  @DisplayName("200 forged STOPs and 500 forged HELPs on the Messages API, to any 'to': all unauthenticated, answered 200")
  void forgedFlood() {
    VonageWebhooks lax = VonageWebhooks.builder().signatureSecret(Signed.SECRET, SignatureMethod.MD5_HASH)
        .acceptUnsigned().clock(clock).build();
    for (int i = 0; i < 700; i++) {
      String body = INBOUND.replace("aaaaaaaa-bbbb-cccc-dddd-0123456789ab", String.format("aaaaaaaa-bbbb-cccc-dddd-%012x", i))
          .replace("\"from\":\"14155550101\"", "\"from\":\"" + (14155560000L + i) + "\"")
          .replace("\"to\":\"14155550100\"", "\"to\":\"" + (i % 2 == 0 ? "14155550100" : "AttackerCo") + "\"")
          .replace("Stop texting me", i < 200 ? "STOP" : "HELP");
      WebhookResult r = i % 3 == 0
          ? lax.messagesInbound(bearer(body, Signed.token("guessed-secret", now, body)))
          : lax.messagesInbound(Signed.json(body, Map.of()));
      unverified(r, i % 3 == 0 ? Reason.BAD_SIGNATURE : Reason.MISSING_SIGNATURE);
    }
  }

  @Nested
  @DisplayName("an inbound message")
  class Inbound {
    @Test
    @DisplayName("becomes an InboundMessage keyed by message_uuid")
    void parsed() {
      InboundMessage m = ((WebhookResult.Inbound) hooks.messagesInbound(signed(INBOUND))).message();
      assertThat(m.messageId()).isEqualTo("aaaaaaaa-bbbb-cccc-dddd-0123456789ab");
      assertThat(m.from().e164()).isEqualTo("+14155550101");
      assertThat(m.to()).isEqualTo("+14155550100");
      assertThat(m.body()).isEqualTo("Stop texting me");
      assertThat(m.receivedAt()).isEqualTo("2026-03-08T14:59:59Z");
    }

    @Test
    @DisplayName("a sender libphonenumber does not know (unassigned area code) is read, so it can opt out")
    void unknownAreaCode() {
      InboundMessage m = ((WebhookResult.Inbound) hooks.messagesInbound(signed(INBOUND.replace("\"from\":\"14155550101\"", "\"from\":\"19995550123\"")))).message();
      assertThat(m.from().e164()).isEqualTo("+19995550123");
      assertThat(m.from().isValid()).isFalse();
      rejected(hooks.messagesInbound(signed(INBOUND.replace("\"from\":\"14155550101\"", "\"from\":\"12\""))), Reason.MALFORMED);
    }

    @Test
    @DisplayName("timestamp is receivedAt when sane; absent, unreadable, ahead or more than a day old: the clock")
    void receivedAt() {
      assertThat(at("\"2026-03-08T14:59:59.000Z\"")).isEqualTo("2026-03-08T14:59:59Z");
      assertThat(at("\"2026-03-07T16:00:00+01:00\"")).isEqualTo("2026-03-07T15:00:00Z");
      assertThat(at("null")).isEqualTo(clock.instant());
      assertThat(at("\"soon\"")).isEqualTo(clock.instant());
      assertThat(at("\"2026-03-08T15:10:00Z\"")).isEqualTo(clock.instant());
      assertThat(at("\"2026-03-01T15:00:00Z\"")).isEqualTo(clock.instant());
    }

    java.time.Instant at(String json) {
      String body = INBOUND.replace("\"2026-03-08T14:59:59.000Z\"", json);
      return ((WebhookResult.Inbound) hooks.messagesInbound(signed(body))).message().receivedAt();
    }

    @Test
    @DisplayName("from another channel is acknowledged and ignored")
    void otherChannel() {
      String wa = INBOUND.replace("\"channel\":\"sms\"", "\"channel\":\"whatsapp\"");
      assertThat(hooks.messagesInbound(signed(wa))).isInstanceOf(WebhookResult.Ignored.class);
    }

    @Test
    @DisplayName("without text or uuid is MALFORMED")
    void malformed() {
      rejected(hooks.messagesInbound(signed("{\"channel\":\"sms\",\"from\":\"14155550101\"}")), Reason.MALFORMED);
      rejected(hooks.messagesInbound(signed("[1,2]")), Reason.MALFORMED);
    }
  }

  @Nested
  @DisplayName("a status")
  class Status {
    DeliveryReport report(String body) {
      WebhookResult r = hooks.messagesStatus(signed(body));
      assertThat(r).isInstanceOf(WebhookResult.Delivery.class);
      return ((WebhookResult.Delivery) r).report();
    }

    @Test
    @DisplayName("error 1240 (illegal number) is an opt-out scoped to the sending number")
    void optOut() {
      DeliveryReport r = report(status("rejected",
          "{\"type\":\"https://developer.nexmo.com/api-errors/messages-olympus#1240\",\"title\":\"1240\",\"detail\":\"Illegal Number\",\"instance\":\"bf0ca0bf927b3b52e3cb03217e1a1ddf\"}"));
      assertThat(r.optOutScope()).isEqualTo("sender:+14155550100");
      assertThat(r.state()).isEqualTo(DeliveryState.FAILED);
      assertThat(r.errorCode()).isEqualTo("1240");
      assertThat(r.carrierMessageId()).isEqualTo("aaaaaaaa-bbbb-cccc-dddd-0123456789ab");
      assertThat(r.at()).isEqualTo("2026-03-08T14:59:00Z");
    }

    @Test
    @DisplayName("an error given only as a numeric title is read too")
    void titleOnly() {
      assertThat(report(status("undeliverable", "{\"title\":1240}")).isOptOut()).isTrue();
    }

    @Test
    @DisplayName("submitted, delivered, rejected and undeliverable move the state, with no opt-out")
    void states() {
      assertThat(report(status("submitted", "")).state()).isEqualTo(DeliveryState.SENT);
      assertThat(report(status("delivered", "")).state()).isEqualTo(DeliveryState.DELIVERED);
      DeliveryReport rejected = report(status("rejected", "{\"type\":\"https://developer.nexmo.com/api-errors/messages-olympus#1250\",\"title\":\"Unroutable\"}"));
      assertThat(rejected.state()).isEqualTo(DeliveryState.FAILED);
      assertThat(rejected.isOptOut()).isFalse();
      assertThat(rejected.errorCode()).isEqualTo("1250");
      assertThat(report(status("undeliverable", "")).state()).isEqualTo(DeliveryState.UNDELIVERED);
    }

    @Test
    @DisplayName("a forged opt-out status is rejected")
    void forged() {
      String body = status("rejected", "{\"title\":1240}");
      rejected(hooks.messagesStatus(bearer(body, Signed.token("guess", now, body))), Reason.BAD_SIGNATURE);
    }
  }
}
