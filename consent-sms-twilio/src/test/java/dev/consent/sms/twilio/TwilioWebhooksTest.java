package dev.consent.sms.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.CarrierAction;
import dev.consent.DeliveryReport;
import dev.consent.DeliveryState;
import dev.consent.InboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.carrier.WebhookResult;
import dev.consent.error.ConfigurationException;
import dev.consent.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@SuppressWarnings("removal") // the 0.4 request type and HTTP seam, deprecated aliases kept for one release
class TwilioWebhooksTest {
  static final String TOKEN = "12345";
  static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  static final String SID = "SM0123456789abcdef0123456789abcdef";
  static final String MG = "MG0123456789abcdef0123456789abcdef";
  static final String URL = "https://hooks.example.com/twilio/inbound?tenant=acme";
  static final String FORM = "application/x-www-form-urlencoded";

  final MutableClock clock = MutableClock.at("2026-03-08T15:00:00Z");
  final TwilioWebhooks webhooks =
      TwilioWebhooks.builder().authToken(TOKEN).accountSid(ACCOUNT).clock(clock).build();

  static Map<String, String> inboundParams() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("ToCountry", "US");
    p.put("SmsMessageSid", SID);
    p.put("NumMedia", "0");
    p.put("SmsSid", SID);
    p.put("SmsStatus", "received");
    p.put("Body", "STOP please");
    p.put("To", "+14155550000");
    p.put("NumSegments", "1");
    p.put("MessageSid", SID);
    p.put("AccountSid", ACCOUNT);
    p.put("From", "+14155550123");
    p.put("ApiVersion", "2010-04-01");
    return p;
  }

  static Map<String, String> statusParams(String status, String errorCode) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("MessageSid", SID);
    p.put("SmsSid", SID);
    p.put("MessageStatus", status);
    p.put("SmsStatus", status);
    p.put("AccountSid", ACCOUNT);
    p.put("From", "+14155550000");
    p.put("To", "+14155550123");
    p.put("ApiVersion", "2010-04-01");
    if (errorCode != null) {
      p.put("ErrorCode", errorCode);
    }
    return p;
  }

  static List<Map.Entry<String, String>> entries(Map<String, String> p) {
    return new ArrayList<>(p.entrySet());
  }

  /** A request as Twilio would send it: signed over {@code url} and the parameters. */
  static TwilioWebhookRequest signed(String url, Map<String, String> params) {
    String sig = TwilioSignature.compute(TOKEN.getBytes(StandardCharsets.UTF_8), url, entries(params));
    return new TwilioWebhookRequest(url, sig, FORM, TwilioApi.encode(entries(params)).getBytes(StandardCharsets.UTF_8));
  }

  static InboundMessage inboundOf(WebhookResult r) {
    assertThat(r).isInstanceOf(WebhookResult.Inbound.class);
    return ((WebhookResult.Inbound) r).message();
  }

  static DeliveryReport reportOf(WebhookResult r) {
    assertThat(r).isInstanceOf(WebhookResult.Delivery.class);
    return ((WebhookResult.Delivery) r).report();
  }

  static WebhookResult.Reason reasonOf(WebhookResult r) {
    assertThat(r).isInstanceOf(WebhookResult.Rejected.class);
    return ((WebhookResult.Rejected) r).reason();
  }

  /** Why an inbound message was kept unverified; fails unless it is, and unauthenticated. */
  static WebhookResult.Reason unverifiedOf(WebhookResult r) {
    assertThat(r).isInstanceOf(WebhookResult.Inbound.class);
    WebhookResult.Inbound in = (WebhookResult.Inbound) r;
    assertThat(in.message().authenticated()).isFalse();
    assertThat(in.httpStatus()).isEqualTo(200);
    return in.unverified();
  }

  @Nested
  @DisplayName("an inbound message")
  class Inbound {
    @Test
    @DisplayName("is verified and parsed into an authenticated InboundMessage")
    void parsed() {
      InboundMessage m = inboundOf(webhooks.inbound(signed(URL, inboundParams())));
      assertThat(m.carrier()).isEqualTo("twilio");
      assertThat(m.messageId()).isEqualTo(SID);
      assertThat(m.from()).isEqualTo(PhoneNumber.parse("+14155550123"));
      assertThat(m.to()).isEqualTo("+14155550000");
      assertThat(m.body()).isEqualTo("STOP please");
      assertThat(m.receivedAt()).isEqualTo(clock.instant());
      assertThat(m.authenticated()).isTrue();
      assertThat(m.carrierAction()).isEqualTo(CarrierAction.NONE);
      assertThat(m.service()).isNull();
    }

    @Test
    @DisplayName("verifies a UTF-8 body against the independently computed vector")
    void utf8Vector() {
      String body = "AccountSid=AC0123456789abcdef0123456789abcdef&Body=Chlo%C3%A9%C3%B1+ARR%C3%8AT+%F0%9F%91%8D"
          + "&From=%2B33612345678&MessageSid=SM0123456789abcdef0123456789abcdef&To=%2B14155550000";
      var req = new TwilioWebhookRequest("https://mycompany.com/myapp.php?foo=1&bar=2",
          "hhX/vxITqfGkwEoFvnnGAxAT9x0=", FORM + "; charset=UTF-8", body.getBytes(StandardCharsets.US_ASCII));
      InboundMessage m = inboundOf(webhooks.inbound(req));
      assertThat(m.body()).isEqualTo("Chloéñ ARRÊT 👍");
      assertThat(m.from().region()).isEqualTo("FR");
    }

    @ParameterizedTest(name = "OptOutType={0} -> {1}")
    @DisplayName("maps Twilio's Advanced Opt-Out type so the core sends no second reply")
    @CsvSource({"STOP, OPT_OUT", "START, OPT_IN", "HELP, HELP", "stop, OPT_OUT", "SOMETHING, NONE"})
    void optOutType(String type, CarrierAction action) {
      Map<String, String> p = inboundParams();
      p.put("OptOutType", type);
      p.put("MessagingServiceSid", MG);
      InboundMessage m = inboundOf(webhooks.inbound(signed(URL, p)));
      assertThat(m.carrierAction()).isEqualTo(action);
      assertThat(m.service()).isEqualTo(MG);
    }

    @Test
    @DisplayName("accepts an MMS with no body and media parameters")
    void mediaOnly() {
      Map<String, String> p = inboundParams();
      p.remove("Body");
      p.put("NumMedia", "1");
      p.put("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/" + ACCOUNT + "/Messages/" + SID
          + "/Media/ME0123456789abcdef0123456789abcdef");
      p.put("MediaContentType0", "image/jpeg");
      InboundMessage m = inboundOf(webhooks.inbound(signed(URL, p)));
      assertThat(m.body()).isEmpty();
      assertThat(m.authenticated()).isTrue();
    }

    @Test
    @DisplayName("accepts the public URL with the default port, as a proxy-terminated host may build it")
    void defaultPort() {
      TwilioWebhookRequest asTwilioSigned = signed(URL, inboundParams());
      var withPort = new TwilioWebhookRequest("https://hooks.example.com:443/twilio/inbound?tenant=acme",
          asTwilioSigned.signature(), FORM, asTwilioSigned.body());
      assertThat(webhooks.inbound(withPort)).isInstanceOf(WebhookResult.Inbound.class);
    }

    @Test
    @DisplayName("a replayed request yields the same message id, so the core's de-duplication ignores it")
    void replay() {
      TwilioWebhookRequest req = signed(URL, inboundParams());
      InboundMessage first = inboundOf(webhooks.inbound(req));
      clock.advance(java.time.Duration.ofHours(1));
      InboundMessage again = inboundOf(webhooks.inbound(req));
      assertThat(again.messageId()).isEqualTo(first.messageId());
    }

    @Test
    @DisplayName("accepts either token during a rotation")
    void rotation() {
      TwilioWebhooks rotating = TwilioWebhooks.builder().authToken("new-token").authToken(TOKEN).clock(clock).build();
      assertThat(rotating.inbound(signed(URL, inboundParams()))).isInstanceOf(WebhookResult.Inbound.class);
    }
  }

  @Nested
  @DisplayName("a status callback")
  class Status {
    @ParameterizedTest(name = "{0} -> {1}")
    @DisplayName("maps MessageStatus to a delivery state")
    @CsvSource({"queued, QUEUED", "sending, SENDING", "sent, SENT", "delivered, DELIVERED",
        "undelivered, UNDELIVERED", "failed, FAILED", "read, READ", "accepted, ACCEPTED"})
    void states(String status, DeliveryState state) {
      DeliveryReport r = reportOf(webhooks.status(signed(URL, statusParams(status, null))));
      assertThat(r.state()).isEqualTo(state);
      assertThat(r.carrierMessageId()).isEqualTo(SID);
      assertThat(r.isOptOut()).isFalse();
      assertThat(r.at()).isEqualTo(clock.instant());
    }

    @Test
    @DisplayName("carries the error code of an undelivered message")
    void errorCode() {
      DeliveryReport r = reportOf(webhooks.status(signed(URL, statusParams("undelivered", "30003"))));
      assertThat(r.errorCode()).isEqualTo("30003");
      assertThat(r.optOutScope()).isNull();
    }

    @Test
    @DisplayName("turns a late 21610 into an opt-out scoped to the sender")
    void optOutSender() {
      DeliveryReport r = reportOf(webhooks.status(signed(URL, statusParams("failed", "21610"))));
      assertThat(r.state()).isEqualTo(DeliveryState.FAILED);
      assertThat(r.optOutScope()).isEqualTo("sender:+14155550000");
    }

    @Test
    @DisplayName("turns a late 21610 through a Messaging Service into an opt-out scoped to the service")
    void optOutService() {
      Map<String, String> p = statusParams("failed", "21610");
      p.put("MessagingServiceSid", MG);
      assertThat(reportOf(webhooks.status(signed(URL, p))).optOutScope()).isEqualTo("service:" + MG);
    }

    @Test
    @DisplayName("reports each callback as it comes, even out of order; the core never moves a state back")
    void outOfOrder() {
      DeliveryReport delivered = reportOf(webhooks.status(signed(URL, statusParams("delivered", null))));
      DeliveryReport sent = reportOf(webhooks.status(signed(URL, statusParams("sent", null))));
      assertThat(delivered.state().canMoveTo(sent.state())).isFalse();
    }

    @Test
    @DisplayName("rejects a status it does not know, and an inbound message sent to the status URL")
    void unknownStatus() {
      assertThat(reasonOf(webhooks.status(signed(URL, statusParams("exploded", null)))))
          .isEqualTo(WebhookResult.Reason.MALFORMED);
      assertThat(reasonOf(webhooks.status(signed(URL, statusParams("received", null)))))
          .isEqualTo(WebhookResult.Reason.MALFORMED);
    }
  }

  @Nested
  @DisplayName("an inbound message that cannot be verified is kept unverified (to be confirmed by Twilio's API), never authenticated")
  class Unverified {
    @Test
    @DisplayName("a missing signature")
    void missing() {
      TwilioWebhookRequest ok = signed(URL, inboundParams());
      var r = webhooks.inbound(new TwilioWebhookRequest(URL, null, FORM, ok.body()));
      assertThat(unverifiedOf(r)).isEqualTo(WebhookResult.Reason.MISSING_SIGNATURE);
    }

    @Test
    @DisplayName("a forged signature (signed with another token)")
    void forged() {
      Map<String, String> p = inboundParams();
      String sig = TwilioSignature.compute("guess".getBytes(StandardCharsets.UTF_8), URL, entries(p));
      var r = webhooks.inbound(new TwilioWebhookRequest(URL, sig, FORM, signed(URL, p).body()));
      assertThat(unverifiedOf(r)).isEqualTo(WebhookResult.Reason.BAD_SIGNATURE);
    }

    @Test
    @DisplayName("a tampered parameter: a forged START added to a signed message")
    void tampered() {
      TwilioWebhookRequest ok = signed(URL, inboundParams());
      byte[] body = (new String(ok.body(), StandardCharsets.UTF_8) + "&OptOutType=START").getBytes(StandardCharsets.UTF_8);
      WebhookResult added = webhooks.inbound(new TwilioWebhookRequest(URL, ok.signature(), FORM, body));
      assertThat(unverifiedOf(added)).isEqualTo(WebhookResult.Reason.BAD_SIGNATURE);
      assertThat(((WebhookResult.Inbound) added).message().carrierAction()).isEqualTo(CarrierAction.NONE);
      byte[] swapped = new String(ok.body(), StandardCharsets.UTF_8).replace("STOP", "START").getBytes(StandardCharsets.UTF_8);
      assertThat(unverifiedOf(webhooks.inbound(new TwilioWebhookRequest(URL, ok.signature(), FORM, swapped))))
          .isEqualTo(WebhookResult.Reason.BAD_SIGNATURE);
    }

    @Test
    @DisplayName("a request replayed to another endpoint or tenant")
    void otherUrl() {
      TwilioWebhookRequest ok = signed(URL, inboundParams());
      var elsewhere = new TwilioWebhookRequest(URL.replace("acme", "other"), ok.signature(), FORM, ok.body());
      assertThat(unverifiedOf(webhooks.inbound(elsewhere))).isEqualTo(WebhookResult.Reason.BAD_SIGNATURE);
    }

    @Test
    @DisplayName("the same requests to the status callback are rejected with 403")
    void statusRejected() {
      TwilioWebhookRequest ok = signed(URL, statusParams("delivered", null));
      var r = webhooks.status(new TwilioWebhookRequest(URL, null, FORM, ok.body()));
      assertThat(reasonOf(r)).isEqualTo(WebhookResult.Reason.MISSING_SIGNATURE);
      assertThat(r.httpStatus()).isEqualTo(403);
      var elsewhere = new TwilioWebhookRequest(URL.replace("acme", "other"), ok.signature(), FORM, ok.body());
      assertThat(reasonOf(webhooks.status(elsewhere))).isEqualTo(WebhookResult.Reason.BAD_SIGNATURE);
    }
  }

  @Nested
  @DisplayName("bad input is rejected with a reason and nothing to record")
  class Rejections {

    @Test
    @DisplayName("a request correctly signed but for another account")
    void otherAccount() {
      Map<String, String> p = inboundParams();
      p.put("AccountSid", "ACffffffffffffffffffffffffffffffff");
      assertThat(reasonOf(webhooks.inbound(signed(URL, p)))).isEqualTo(WebhookResult.Reason.WRONG_ACCOUNT);
    }

    @Test
    @DisplayName("an oversized body, before any work is done on it")
    void oversized() {
      byte[] body = new byte[TwilioWebhooks.DEFAULT_MAX_BODY + 1];
      java.util.Arrays.fill(body, (byte) 'a');
      var r = webhooks.inbound(new TwilioWebhookRequest(URL, "x", FORM, body));
      assertThat(reasonOf(r)).isEqualTo(WebhookResult.Reason.TOO_LARGE);
      assertThat(((WebhookResult.Rejected) r).httpStatus()).isEqualTo(413);
    }

    @Test
    @DisplayName("too many parameters")
    void tooMany() {
      Map<String, String> p = inboundParams();
      for (int i = 0; i < TwilioWebhooks.DEFAULT_MAX_PARAMETERS; i++) {
        p.put("X" + i, "1");
      }
      assertThat(reasonOf(webhooks.inbound(signed(URL, p)))).isEqualTo(WebhookResult.Reason.TOO_MANY_PARAMETERS);
    }

    @ParameterizedTest(name = "From={0}")
    @DisplayName("a malformed sender number, even when correctly signed")
    @CsvSource({"12", "+1415555012345678", "whatsapp:+14155550123", "not a number"})
    void badNumber(String from) {
      Map<String, String> p = inboundParams();
      p.put("From", from);
      var r = webhooks.inbound(signed(URL, p));
      assertThat(reasonOf(r)).isEqualTo(WebhookResult.Reason.MALFORMED);
      assertThat(((WebhookResult.Rejected) r).detail()).doesNotContain(from);
    }

    @Test
    @DisplayName("a missing or malformed MessageSid, a repeated From, a body over 1600 characters")
    void malformedFields() {
      Map<String, String> p = inboundParams();
      p.remove("MessageSid");
      p.remove("SmsMessageSid");
      assertThat(reasonOf(webhooks.inbound(signed(URL, p)))).isEqualTo(WebhookResult.Reason.MALFORMED);
      p = inboundParams();
      p.put("MessageSid", "SM-not-a-sid");
      assertThat(reasonOf(webhooks.inbound(signed(URL, p)))).isEqualTo(WebhookResult.Reason.MALFORMED);
      p = inboundParams();
      p.put("Body", "x".repeat(InboundMessage.MAX_BODY + 1));
      assertThat(reasonOf(webhooks.inbound(signed(URL, p)))).isEqualTo(WebhookResult.Reason.MALFORMED);
      List<Map.Entry<String, String>> twice = entries(inboundParams());
      twice.add(Map.entry("From", "+14155550999"));
      String sig = TwilioSignature.compute(TOKEN.getBytes(StandardCharsets.UTF_8), URL, twice);
      var req = new TwilioWebhookRequest(URL, sig, FORM, TwilioApi.encode(twice).getBytes(StandardCharsets.UTF_8));
      assertThat(reasonOf(webhooks.inbound(req))).isEqualTo(WebhookResult.Reason.MALFORMED);
    }

    @Test
    @DisplayName("a bad percent escape or invalid UTF-8 in the body")
    void badEncoding() {
      TwilioWebhookRequest ok = signed(URL, inboundParams());
      assertThat(reasonOf(webhooks.inbound(new TwilioWebhookRequest(URL, ok.signature(), FORM, "Body=%ZZ".getBytes(StandardCharsets.US_ASCII)))))
          .isEqualTo(WebhookResult.Reason.MALFORMED);
      assertThat(reasonOf(webhooks.inbound(new TwilioWebhookRequest(URL, ok.signature(), FORM, "Body=%C3%28".getBytes(StandardCharsets.US_ASCII)))))
          .isEqualTo(WebhookResult.Reason.MALFORMED);
    }

    @Test
    @DisplayName("a JSON body where a form is expected")
    void json() {
      TwilioWebhookRequest ok = signed(URL, inboundParams());
      var r = webhooks.inbound(new TwilioWebhookRequest(URL, ok.signature(), "application/json", "{}".getBytes(StandardCharsets.UTF_8)));
      assertThat(reasonOf(r)).isEqualTo(WebhookResult.Reason.UNSUPPORTED);
    }

    @Test
    @DisplayName("never echoes the number or the body in the rejection or the request's toString")
    void noPersonalData() {
      TwilioWebhookRequest ok = signed(URL, inboundParams());
      var r = (WebhookResult.Rejected) webhooks.status(new TwilioWebhookRequest(URL, "forged", FORM, ok.body()));
      var in = (WebhookResult.Inbound) webhooks.inbound(new TwilioWebhookRequest(URL, "forged", FORM, ok.body()));
      assertThat(r.toString() + ok + in.detail()).doesNotContain("4155550123").doesNotContain("STOP").doesNotContain("tenant=acme");
    }
  }

  @Nested
  @DisplayName("verify(..) for any Twilio webhook")
  class Verify {
    static final String BODY = "{\"property\": \"value\", \"boolean\": true}";
    static final String HASH = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";

    final TwilioWebhooks anyAccount = TwilioWebhooks.builder().authToken(TOKEN).clock(clock).build();

    @Test
    @DisplayName("accepts a JSON body whose bodySHA256 matches, with Twilio's published signatures")
    void jsonBody() {
      var req = new TwilioWebhookRequest("https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=" + HASH,
          "a9nBmqA0ju/hNViExpshrM61xv4=", "application/json", BODY.getBytes(StandardCharsets.UTF_8));
      assertThat(anyAccount.verify(req)).isTrue();
      var onlyHash = new TwilioWebhookRequest("https://mycompany.com/myapp.php?bodySHA256=" + HASH,
          "y77kIzt2vzLz71DgmJGsen2scGs=", "application/json", BODY.getBytes(StandardCharsets.UTF_8));
      assertThat(anyAccount.verify(onlyHash)).isTrue();
    }

    @Test
    @DisplayName("rejects a JSON body that was changed, or that comes without bodySHA256")
    void jsonTampered() {
      var changed = new TwilioWebhookRequest("https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=" + HASH,
          "a9nBmqA0ju/hNViExpshrM61xv4=", "application/json", BODY.replace("value", "other").getBytes(StandardCharsets.UTF_8));
      assertThat(anyAccount.verify(changed)).isFalse();
      var noHash = new TwilioWebhookRequest("https://mycompany.com/myapp.php?foo=1&bar=2",
          "RSOYDt4T1cUTdK1PDd93/VVr8B8=", "application/json", BODY.getBytes(StandardCharsets.UTF_8));
      assertThat(anyAccount.verify(noHash)).isFalse();
    }

    @Test
    @DisplayName("verifies a signed form and refuses an unsigned one")
    void form() {
      assertThat(webhooks.verify(signed(URL, inboundParams()))).isTrue();
      TwilioWebhookRequest ok = signed(URL, inboundParams());
      assertThat(webhooks.verify(new TwilioWebhookRequest(URL, null, FORM, ok.body()))).isFalse();
    }
  }

  @Test
  @DisplayName("build() fails fast without a token or a clock, and toString shows no token")
  void configuration() {
    assertThatThrownBy(() -> TwilioWebhooks.builder().clock(clock).build()).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> TwilioWebhooks.builder().authToken(TOKEN).build()).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> TwilioWebhooks.builder().accountSid("AC123")).isInstanceOf(ConfigurationException.class);
    TwilioWebhooks.Builder b = TwilioWebhooks.builder().authToken("s3cr3t-token").clock(clock);
    assertThat(b.toString() + b.build()).doesNotContain("s3cr3t");
  }
}
