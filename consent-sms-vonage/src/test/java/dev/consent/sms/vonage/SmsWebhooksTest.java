package dev.consent.sms.vonage;

import static org.assertj.core.api.Assertions.assertThat;
import dev.consent.carrier.WebhookResult;

import dev.consent.DeliveryState;
import dev.consent.InboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.carrier.WebhookResult.Reason;
import dev.consent.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("SMS API webhooks")
@SuppressWarnings("removal") // the 0.4 request type, HTTP seam and retry settings, deprecated aliases kept for one release
class SmsWebhooksTest {
  static final String NOW = "2026-03-08T15:00:00Z";
  final MutableClock clock = MutableClock.at(NOW);
  final long now = clock.instant().getEpochSecond();
  final VonageWebhooks hooks =
      VonageWebhooks.builder().signatureSecret(Signed.SECRET, SignatureMethod.HMAC_SHA256).clock(clock).build();

  static Map<String, String> inbound(String id, String text) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("msisdn", "14155550101");
    p.put("to", "14155550100");
    p.put("messageId", id);
    p.put("text", text);
    p.put("type", "text");
    p.put("keyword", text.split(" ")[0].toUpperCase());
    p.put("message-timestamp", "2026-03-08 14:59:58");
    p.put("api-key", "abcd1234");
    return p;
  }

  Map<String, String> signed(Map<String, String> p) {
    return Signed.sign(p, SignatureMethod.HMAC_SHA256, now);
  }

  static InboundMessage message(WebhookResult r) {
    assertThat(r).isInstanceOf(WebhookResult.Inbound.class);
    assertThat(r.httpStatus()).isEqualTo(200);
    return ((WebhookResult.Inbound) r).message();
  }

  /** Handed on, answered 200 (no resend for a day), but never as verified, with the reason. */
  static InboundMessage unverified(WebhookResult r, Reason reason) {
    InboundMessage m = message(r);
    assertThat(m.authenticated()).isFalse();
    assertThat(((WebhookResult.Inbound) r).unverifiedReason()).isEqualTo(reason);
    assertThat(((WebhookResult.Inbound) r).verified()).isFalse();
    return m;
  }

  static void rejected(WebhookResult r, Reason reason) {
    assertThat(r).isInstanceOf(WebhookResult.Rejected.class);
    assertThat(((WebhookResult.Rejected) r).reason()).isEqualTo(reason);
    assertThat(r.toString()).doesNotContain("14155550101");
  }

  @Nested
  @DisplayName("a signed inbound message")
  class Inbound {
    @Test
    @DisplayName("arrives by GET, form POST or JSON POST with the same meaning")
    void threeEncodings() {
      Map<String, String> p = signed(inbound("0A0000000123ABCD1", "STOP please & thank=you"));
      StringBuilder json = new StringBuilder("{");
      p.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":\"").append(v).append('"'));
      json.append('}');
      for (WebhookRequest req : new WebhookRequest[] {Signed.get(p), Signed.form(p), Signed.json(json.toString(), Map.of())}) {
        InboundMessage m = message(hooks.smsInbound(req));
        assertThat(m.carrier()).isEqualTo("vonage");
        assertThat(m.messageId()).isEqualTo("0A0000000123ABCD1");
        assertThat(m.from()).isEqualTo(PhoneNumber.parse("+14155550101"));
        assertThat(m.to()).isEqualTo("+14155550100");
        assertThat(m.body()).isEqualTo("STOP please & thank=you");
        assertThat(m.receivedAt()).isEqualTo("2026-03-08T14:59:58Z");
        assertThat(m.authenticated()).isTrue();
        assertThat(m.service()).isNull();
      }
    }

    @ParameterizedTest
    @EnumSource(SignatureMethod.class)
    @DisplayName("verifies with whichever signature method the account uses")
    void everyMethod(SignatureMethod method) {
      VonageWebhooks h = VonageWebhooks.builder().signatureSecret(Signed.SECRET, method).clock(clock).build();
      Map<String, String> p = Signed.sign(inbound("id-1", "hello"), method, now);
      assertThat(message(h.smsInbound(Signed.form(p))).authenticated()).isTrue();
    }

    @Test
    @DisplayName("keeps an alphanumeric recipient id as it is")
    void alphanumericTo() {
      Map<String, String> p = inbound("id-2", "hi");
      p.put("to", "AcmeInc");
      assertThat(message(hooks.smsInbound(Signed.form(signed(p)))).to()).isEqualTo("AcmeInc");
    }

    @Test
    @DisplayName("a binary SMS is acknowledged and ignored")
    void binary() {
      Map<String, String> p = inbound("id-3", "");
      p.put("type", "binary");
      assertThat(hooks.smsInbound(Signed.form(signed(p)))).isInstanceOf(WebhookResult.Ignored.class);
    }
  }

  @Nested
  @DisplayName("the sender and the time")
  class SenderAndTime {
    @Test
    @DisplayName("a sender libphonenumber does not know (unassigned area code) is read, so it can opt out")
    void unknownAreaCode() {
      Map<String, String> p = inbound("id-u", "STOP");
      p.put("msisdn", "19995550123");
      InboundMessage m = message(hooks.smsInbound(Signed.form(signed(p))));
      assertThat(m.from().e164()).isEqualTo("+19995550123");
      assertThat(m.from().isValid()).isFalse();
      assertThat(m.authenticated()).isTrue();
    }

    @Test
    @DisplayName("message-timestamp is receivedAt when sane; absent, unreadable, ahead or more than a day old: the clock")
    void receivedAt() {
      assertThat(at("2026-03-08 14:59:58")).isEqualTo("2026-03-08T14:59:58Z");
      assertThat(at("2026-03-07 15:01:00")).isEqualTo("2026-03-07T15:01:00Z");
      assertThat(at("2026-03-08 15:04:59")).isEqualTo("2026-03-08T15:04:59Z");
      assertThat(at(null)).isEqualTo(NOW);
      assertThat(at("yesterday")).isEqualTo(NOW);
      assertThat(at("2026-03-08 15:05:01")).isEqualTo(NOW);
      assertThat(at("2026-03-07 14:54:59")).isEqualTo(NOW);
      assertThat(at("1970-01-01 00:00:00")).isEqualTo(NOW);
    }

    java.time.Instant at(String stamp) {
      Map<String, String> p = inbound("id-t", "hi");
      if (stamp == null) {
        p.remove("message-timestamp");
      } else {
        p.put("message-timestamp", stamp);
      }
      return message(hooks.smsInbound(Signed.form(signed(p)))).receivedAt();
    }
  }

  @Nested
  @DisplayName("forged inbound floods reach the core only as unverified")
  class Floods {
    @Test
    @DisplayName("200 forged STOPs and 500 forged HELPs, to program senders or any other 'to': all unauthenticated, answered 200")
    void forgedStopsAndHelps() {
      VonageWebhooks lax = VonageWebhooks.builder().signatureSecret(Signed.SECRET, SignatureMethod.HMAC_SHA256)
          .acceptUnsigned().clock(clock).build();
      for (int i = 0; i < 700; i++) {
        Map<String, String> p = inbound(String.format("0B%014X", i), i < 200 ? "STOP" : "HELP");
        p.put("msisdn", Long.toString(14155560000L + i));
        p.put("to", i % 2 == 0 ? "14155550100" : i % 3 == 0 ? "AttackerCo" : Long.toString(19005550000L + i));
        if (i % 5 == 0) {
          p.put("timestamp", Long.toString(now));
          p.put("sig", "f".repeat(64));
        }
        WebhookResult r = lax.smsInbound(i % 2 == 0 ? Signed.form(p) : Signed.get(p));
        unverified(r, i % 5 == 0 ? Reason.BAD_SIGNATURE : Reason.MISSING_SIGNATURE);
        WebhookResult strictly = hooks.smsInbound(Signed.form(p));
        if (i % 5 == 0) {
          unverified(strictly, Reason.BAD_SIGNATURE);
        } else {
          rejected(strictly, Reason.MISSING_SIGNATURE);
        }
      }
    }
  }

  @Nested
  @DisplayName("a forged or stale inbound request is handed on unverified; an unsigned or malformed one is rejected")
  class Refused {
    @Test
    @DisplayName("without sig: 401 UNSIGNED")
    void unsigned() {
      WebhookResult r = hooks.smsInbound(Signed.form(inbound("id", "START")));
      rejected(r, Reason.MISSING_SIGNATURE);
      assertThat(r.httpStatus()).isEqualTo(401);
    }

    @Test
    @DisplayName("with a text changed after signing: unverified, BAD_SIGNATURE")
    void tamperedText() {
      Map<String, String> p = signed(inbound("id", "STOP"));
      p.put("text", "START");
      assertThat(unverified(hooks.smsInbound(Signed.form(p)), Reason.BAD_SIGNATURE).body()).isEqualTo("START");
    }

    @Test
    @DisplayName("with a sender changed after signing: unverified, BAD_SIGNATURE")
    void tamperedSender() {
      Map<String, String> p = signed(inbound("id", "YES"));
      p.put("msisdn", "14155550102");
      unverified(hooks.smsInbound(Signed.get(p)), Reason.BAD_SIGNATURE);
    }

    @Test
    @DisplayName("signed with another secret: unverified, BAD_SIGNATURE")
    void otherSecret() {
      Map<String, String> p = inbound("id", "YES");
      p.put("timestamp", Long.toString(now));
      p.put("sig", SmsSignature.sign(p, "not-the-secret", SignatureMethod.HMAC_SHA256));
      unverified(hooks.smsInbound(Signed.form(p)), Reason.BAD_SIGNATURE);
    }

    @Test
    @DisplayName("signed without a timestamp: unverified, BAD_SIGNATURE")
    void noTimestamp() {
      Map<String, String> p = inbound("id", "YES");
      p.put("sig", SmsSignature.sign(p, Signed.SECRET, SignatureMethod.HMAC_SHA256));
      unverified(hooks.smsInbound(Signed.form(p)), Reason.BAD_SIGNATURE);
    }

    @Test
    @DisplayName("signed outside the window the host set: unverified, STALE; inside it: verified")
    void stale() {
      VonageWebhooks h = VonageWebhooks.builder().signatureSecret(Signed.SECRET, SignatureMethod.HMAC_SHA256)
          .signatureWindow(Duration.ofMinutes(2)).clock(clock).build();
      Map<String, String> p = Signed.sign(inbound("id", "YES"), SignatureMethod.HMAC_SHA256, now - 121);
      unverified(h.smsInbound(Signed.form(p)), Reason.STALE);
      Map<String, String> ok = Signed.sign(inbound("id", "YES"), SignatureMethod.HMAC_SHA256, now - 119);
      assertThat(message(h.smsInbound(Signed.form(ok))).authenticated()).isTrue();
      Map<String, String> future = Signed.sign(inbound("id", "YES"), SignatureMethod.HMAC_SHA256, now + 121);
      unverified(h.smsInbound(Signed.form(future)), Reason.STALE);
    }

    @Test
    @DisplayName("a repeated parameter: MALFORMED, so no second reading can hide behind a signature")
    void repeated() {
      Map<String, String> p = signed(inbound("id", "STOP"));
      String body = Wire.formEncode(p) + "&text=START";
      WebhookRequest req = WebhookRequest.of("POST", null, Map.of("Content-Type", "application/x-www-form-urlencoded"), body.getBytes(StandardCharsets.UTF_8));
      rejected(hooks.smsInbound(req), Reason.MALFORMED);
    }

    @Test
    @DisplayName("missing messageId or an invalid msisdn: MALFORMED")
    void missingFields() {
      Map<String, String> p = inbound("id", "hi");
      p.remove("messageId");
      rejected(hooks.smsInbound(Signed.form(signed(p))), Reason.MALFORMED);
      Map<String, String> q = inbound("id", "hi");
      q.put("msisdn", "12");
      rejected(hooks.smsInbound(Signed.form(signed(q))), Reason.MALFORMED);
    }

    @Test
    @DisplayName("an oversized body: TOO_LARGE; another content type or method: UNSUPPORTED")
    void sizeAndType() {
      byte[] big = new byte[VonageWebhooks.MAX_BODY + 1];
      rejected(hooks.smsInbound(WebhookRequest.of("POST", null, Map.of("Content-Type", "application/x-www-form-urlencoded"), big)), Reason.TOO_LARGE);
      rejected(hooks.smsInbound(WebhookRequest.of("POST", null, Map.of("Content-Type", "text/plain"), new byte[1])), Reason.UNSUPPORTED);
      rejected(hooks.smsInbound(WebhookRequest.of("PUT", null, Map.of(), new byte[0])), Reason.UNSUPPORTED);
      rejected(hooks.smsInbound(Signed.json("{\"text\":{\"nested\":1}}", Map.of())), Reason.MALFORMED);
    }

    @Test
    @DisplayName("acceptUnsigned takes an unsigned request as unverified (UNSIGNED), a wrong sig as unverified (BAD_SIGNATURE)")
    void acceptUnsigned() {
      VonageWebhooks lax = VonageWebhooks.builder().signatureSecret(Signed.SECRET, SignatureMethod.MD5_HASH).acceptUnsigned().clock(clock).build();
      unverified(lax.smsInbound(Signed.form(inbound("id", "STOP"))), Reason.MISSING_SIGNATURE);
      Map<String, String> forged = inbound("id", "YES");
      forged.put("timestamp", Long.toString(now));
      forged.put("sig", "00000000000000000000000000000000");
      unverified(lax.smsInbound(Signed.form(forged)), Reason.BAD_SIGNATURE);
      VonageWebhooks noSecret = VonageWebhooks.builder().acceptUnsigned().clock(clock).build();
      unverified(noSecret.smsInbound(Signed.get(signed(inbound("id", "STOP")))), Reason.MISSING_SIGNATURE);
    }
  }

  @Nested
  @DisplayName("a concatenated message")
  class Concatenated {
    Map<String, String> part(String id, int n, int total, String text) {
      Map<String, String> p = inbound(id, text);
      p.put("concat", "true");
      p.put("concat-ref", "108");
      p.put("concat-total", Integer.toString(total));
      p.put("concat-part", Integer.toString(n));
      return signed(p);
    }

    @Test
    @DisplayName("is joined in part order whatever the arrival order, under the first part's id")
    void joined() {
      assertThat(hooks.smsInbound(Signed.form(part("P3", 3, 3, "texting me")))).isEqualTo(new WebhookResult.PartStored(1, 3));
      assertThat(hooks.smsInbound(Signed.form(part("P1", 1, 3, "please ")))).isEqualTo(new WebhookResult.PartStored(2, 3));
      InboundMessage m = message(hooks.smsInbound(Signed.form(part("P2", 2, 3, "stop "))));
      assertThat(m.body()).isEqualTo("please stop texting me");
      assertThat(m.messageId()).isEqualTo("P1");
    }

    @Test
    @DisplayName("a part sent again after completion yields the same message and id, for the core to de-duplicate")
    void redelivery() {
      hooks.smsInbound(Signed.form(part("P1", 1, 2, "STOP ")));
      InboundMessage first = message(hooks.smsInbound(Signed.form(part("P2", 2, 2, "now"))));
      InboundMessage again = message(hooks.smsInbound(Signed.form(part("P2", 2, 2, "now"))));
      assertThat(again).isEqualTo(first);
    }

    @Test
    @DisplayName("parts from different senders with the same concat-ref are kept apart")
    void keyedBySender() {
      hooks.smsInbound(Signed.form(part("A1", 1, 2, "a")));
      Map<String, String> other = part("B2", 2, 2, "b");
      other.put("msisdn", "14155550109");
      assertThat(hooks.smsInbound(Signed.form(signed(other)))).isInstanceOf(WebhookResult.PartStored.class);
    }

    @Test
    @DisplayName("a part that waits longer than the window is dropped")
    void ages() {
      hooks.smsInbound(Signed.form(part("P1", 1, 2, "STOP ")));
      clock.advance(Duration.ofMinutes(11));
      Map<String, String> late = part("P2", 2, 2, "now");
      late = Signed.sign(late, SignatureMethod.HMAC_SHA256, clock.instant().getEpochSecond());
      assertThat(hooks.smsInbound(Signed.form(late))).isEqualTo(new WebhookResult.PartStored(1, 2));
    }

    @Test
    @DisplayName("is bounded: too many parts is TOO_LARGE; a full buffer drops its oldest message and never answers 503")
    void bounded() {
      rejected(hooks.smsInbound(Signed.form(part("P1", 1, 11, "x"))), Reason.TOO_LARGE);
      VonageWebhooks small = VonageWebhooks.builder().signatureSecret(Signed.SECRET, SignatureMethod.HMAC_SHA256)
          .maxConcatMessages(1).clock(clock).build();
      small.smsInbound(Signed.form(part("P1", 1, 2, "x")));
      Map<String, String> other = part("Q1", 1, 2, "y");
      other.put("concat-ref", "109");
      assertThat(small.smsInbound(Signed.form(signed(other)))).isEqualTo(new WebhookResult.PartStored(1, 2));
      assertThat(small.concat().size()).isEqualTo(1);
      Map<String, String> rest = part("Q2", 2, 2, "z");
      rest.put("concat-ref", "109");
      assertThat(message(small.smsInbound(Signed.form(signed(rest)))).body()).isEqualTo("yz");
      assertThat(small.smsInbound(Signed.form(part("P2", 2, 2, "x")))).isEqualTo(new WebhookResult.PartStored(1, 2));
    }

    @Test
    @DisplayName("a part longer than one SMS part is MALFORMED; joined text longer than the core accepts is TOO_LARGE")
    void tooLong() {
      rejected(hooks.smsInbound(Signed.form(part("P1", 1, 2, "x".repeat(ConcatBuffer.MAX_PART_CHARS + 1)))), Reason.MALFORMED);
      assertThat(hooks.concat().size()).isZero();
      VonageWebhooks wide = VonageWebhooks.builder().signatureSecret(Signed.SECRET, SignatureMethod.HMAC_SHA256)
          .maxConcatParts(11).clock(clock).build();
      String chunk = "x".repeat(ConcatBuffer.MAX_PART_CHARS);
      for (int n = 1; n <= 10; n++) {
        assertThat(wide.smsInbound(Signed.form(part("P" + n, n, 11, chunk)))).isInstanceOf(WebhookResult.PartStored.class);
      }
      rejected(wide.smsInbound(Signed.form(part("P11", 11, 11, chunk))), Reason.TOO_LARGE);
    }

    @Test
    @DisplayName("a message id or concat-ref that is not a short Vonage token is MALFORMED and nothing is kept")
    void idsCheckedFirst() {
      rejected(hooks.smsInbound(Signed.form(part("A".repeat(65), 1, 2, "x"))), Reason.MALFORMED);
      rejected(hooks.smsInbound(Signed.form(part("id with spaces", 1, 2, "x"))), Reason.MALFORMED);
      Map<String, String> longRef = part("P1", 1, 2, "x");
      longRef.put("concat-ref", "1".repeat(17));
      rejected(hooks.smsInbound(Signed.form(signed(longRef))), Reason.MALFORMED);
      Map<String, String> longTo = part("P1", 1, 2, "x");
      longTo.put("to", "1".repeat(33));
      rejected(hooks.smsInbound(Signed.form(signed(longTo))), Reason.MALFORMED);
      assertThat(hooks.concat().size()).isZero();
      assertThat(hooks.concat().bytes()).isZero();
    }

    @Test
    @DisplayName("verified and unverified parts are never joined into one message")
    void verifiedApart() {
      VonageWebhooks lax = VonageWebhooks.builder().signatureSecret(Signed.SECRET, SignatureMethod.HMAC_SHA256)
          .acceptUnsigned().clock(clock).build();
      assertThat(lax.smsInbound(Signed.form(part("P1", 1, 2, "please ")))).isEqualTo(new WebhookResult.PartStored(1, 2));
      Map<String, String> forged = inbound("F2", "START");
      forged.putAll(Map.of("concat", "true", "concat-ref", "108", "concat-total", "2", "concat-part", "2"));
      assertThat(lax.smsInbound(Signed.form(forged))).isEqualTo(new WebhookResult.PartStored(1, 2));
      InboundMessage genuine = message(lax.smsInbound(Signed.form(part("P2", 2, 2, "stop"))));
      assertThat(genuine.body()).isEqualTo("please stop");
      assertThat(genuine.authenticated()).isTrue();
      Map<String, String> forged1 = inbound("F1", "STOP ");
      forged1.putAll(Map.of("concat", "true", "concat-ref", "108", "concat-total", "2", "concat-part", "1"));
      InboundMessage joinedForgery = unverified(lax.smsInbound(Signed.form(forged1)), Reason.MISSING_SIGNATURE);
      assertThat(joinedForgery.body()).isEqualTo("STOP START");
      assertThat(joinedForgery.messageId()).isEqualTo("F1");
    }

    @Test
    @DisplayName("one sender holds at most maxConcatPerSender messages: a further one drops its own oldest")
    void perSender() {
      for (int ref = 0; ref < 50; ref++) {
        Map<String, String> p = part("S" + ref, 1, 2, "x");
        p.put("concat-ref", Integer.toString(ref));
        assertThat(hooks.smsInbound(Signed.form(signed(p)))).isEqualTo(new WebhookResult.PartStored(1, 2));
      }
      assertThat(hooks.concat().size()).isEqualTo(3);
      Map<String, String> last = part("S49b", 2, 2, "y");
      last.put("concat-ref", "49");
      assertThat(message(hooks.smsInbound(Signed.form(signed(last)))).body()).isEqualTo("xy");
    }
  }

  @Nested
  @DisplayName("a delivery receipt")
  class Receipt {
    Map<String, String> dlr(String status, String err) {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("msisdn", "14155550101");
      p.put("to", "14155550100");
      p.put("network-code", "12345");
      p.put("messageId", "0A0000001234567B");
      p.put("price", "0.03330000");
      p.put("status", status);
      p.put("scts", "2001011400");
      p.put("err-code", err);
      p.put("api-key", "abcd1234");
      p.put("message-timestamp", "2026-03-08 14:59:00");
      return signed(p);
    }

    @Test
    @DisplayName("err-code 9 (illegal number) is an opt-out scoped to the sending number")
    void optOut() {
      WebhookResult r = hooks.smsDeliveryReceipt(Signed.form(dlr("failed", "9")));
      assertThat(r).isInstanceOf(WebhookResult.Delivery.class);
      var report = ((WebhookResult.Delivery) r).report();
      assertThat(report.isOptOut()).isTrue();
      assertThat(report.optOutScope()).isEqualTo("sender:+14155550100");
      assertThat(report.state()).isEqualTo(DeliveryState.FAILED);
      assertThat(report.errorCode()).isEqualTo("9");
      assertThat(report.carrierMessageId()).isEqualTo("0A0000001234567B");
      assertThat(report.at()).isEqualTo("2026-03-08T14:59:00Z");
    }

    @Test
    @DisplayName("delivered, expired, rejected and buffered move the message's state, with no opt-out")
    void states() {
      assertThat(state("delivered", "0")).isEqualTo(DeliveryState.DELIVERED);
      assertThat(state("expired", "1")).isEqualTo(DeliveryState.UNDELIVERED);
      assertThat(state("rejected", "6")).isEqualTo(DeliveryState.FAILED);
      assertThat(state("buffered", "0")).isEqualTo(DeliveryState.SENDING);
      assertThat(state("accepted", "0")).isEqualTo(DeliveryState.SENT);
    }

    DeliveryState state(String status, String err) {
      var report = ((WebhookResult.Delivery) hooks.smsDeliveryReceipt(Signed.get(dlr(status, err)))).report();
      assertThat(report.isOptOut()).isFalse();
      return report.state();
    }

    @Test
    @DisplayName("a forged opt-out receipt is rejected")
    void forged() {
      Map<String, String> p = dlr("delivered", "0");
      p.put("err-code", "9");
      rejected(hooks.smsDeliveryReceipt(Signed.form(p)), Reason.BAD_SIGNATURE);
    }
  }
}
