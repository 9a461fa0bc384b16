package dev.consent.sms.twilio;

import static dev.consent.sms.twilio.TwilioWebhooksTest.ACCOUNT;
import dev.consent.carrier.WebhookResult;
import static dev.consent.sms.twilio.TwilioWebhooksTest.FORM;
import static dev.consent.sms.twilio.TwilioWebhooksTest.SID;
import static dev.consent.sms.twilio.TwilioWebhooksTest.TOKEN;
import static dev.consent.sms.twilio.TwilioWebhooksTest.URL;
import static dev.consent.sms.twilio.TwilioWebhooksTest.entries;
import static dev.consent.sms.twilio.TwilioWebhooksTest.inboundParams;
import static dev.consent.sms.twilio.TwilioWebhooksTest.signed;
import static dev.consent.sms.twilio.TwilioWebhooksTest.statusParams;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.CarrierAction;
import dev.consent.InboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.testkit.LogCheck;
import dev.consent.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 13, Twilio: an inbound message whose signature fails is kept unverified (never lost, never
 * applied as verified), a signed request is only verified when its parameters are exactly the
 * documented ones, so a re-split forgery cannot confirm an opt-in, and a STOP from a number
 * libphonenumber does not know is read.
 */
@ExtendWith(LogCheck.class)
@SuppressWarnings("removal") // the 0.4 request type and HTTP seam, deprecated aliases kept for one release
class TwilioUnverifiedInboundTest {
  static final String HTTPS = "https://hooks.example.com/twilio/inbound";
  static final String PROGRAM = "+14155550000";
  static final String VICTIM = "+14155550123";
  static final String ATTACKER = "+14155550199";

  final MutableClock clock = MutableClock.at("2026-03-08T15:00:00Z");
  final TwilioWebhooks webhooks = TwilioWebhooks.builder().authToken(TOKEN).accountSid(ACCOUNT).clock(clock).build();

  /** Everything Twilio sends for an SMS to a US long code, as its documentation lists it. */
  static Map<String, String> fullInbound(String from, String body) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("ToCountry", "US");
    p.put("ToState", "CA");
    p.put("SmsMessageSid", SID);
    p.put("NumMedia", "0");
    p.put("ToCity", "SAN FRANCISCO");
    p.put("FromZip", "94105");
    p.put("SmsSid", SID);
    p.put("FromState", "CA");
    p.put("SmsStatus", "received");
    p.put("FromCity", "SAN FRANCISCO");
    p.put("Body", body);
    p.put("FromCountry", "US");
    p.put("To", PROGRAM);
    p.put("ToZip", "94105");
    p.put("NumSegments", "1");
    p.put("MessageSid", SID);
    p.put("AccountSid", ACCOUNT);
    p.put("From", from);
    p.put("ApiVersion", "2010-04-01");
    return p;
  }

  static WebhookResult.Inbound inbound(WebhookResult r) {
    assertThat(r).isInstanceOf(WebhookResult.Inbound.class);
    return (WebhookResult.Inbound) r;
  }

  @Nested
  @DisplayName("a signature that fails")
  class SignatureFails {
    @Test
    @DisplayName("http:// configured while Twilio signed https:// (a proxy mistake): the STOP is kept unverified, answered 200")
    void schemeMismatch() {
      Map<String, String> p = fullInbound(VICTIM, "STOP");
      p.put("OptOutType", "STOP");
      TwilioWebhookRequest asSigned = signed(HTTPS, p);
      var asReceived = new TwilioWebhookRequest(HTTPS.replace("https://", "http://"), asSigned.signature(), FORM,
          asSigned.body());
      WebhookResult.Inbound in = inbound(webhooks.inbound(asReceived));
      assertThat(in.verified()).isFalse();
      assertThat(in.unverified()).isEqualTo(WebhookResult.Reason.BAD_SIGNATURE);
      assertThat(in.detail()).contains("scheme");
      assertThat(in.httpStatus()).isEqualTo(200);
      InboundMessage m = in.message();
      assertThat(m.authenticated()).isFalse();
      assertThat(m.messageId()).isEqualTo(SID);
      assertThat(m.from().e164()).isEqualTo(VICTIM);
      assertThat(m.body()).isEqualTo("STOP");
      assertThat(m.carrierAction()).as("nothing an unverified request claims is carried").isEqualTo(CarrierAction.NONE);
      assertThat(webhooks.verify(asReceived)).isFalse();
    }

    @Test
    @DisplayName("no signature header: kept unverified with MISSING_SIGNATURE")
    void missing() {
      TwilioWebhookRequest ok = signed(URL, inboundParams());
      WebhookResult.Inbound in = inbound(webhooks.inbound(new TwilioWebhookRequest(URL, null, FORM, ok.body())));
      assertThat(in.unverified()).isEqualTo(WebhookResult.Reason.MISSING_SIGNATURE);
      assertThat(in.message().authenticated()).isFalse();
      assertThat(in.httpStatus()).isEqualTo(200);
    }

    @Test
    @DisplayName("a forged START (signed with a guessed token) is unverified, so the kit never applies it as received")
    void forgedOptIn() {
      Map<String, String> p = inboundParams();
      p.put("Body", "START");
      p.put("OptOutType", "START");
      String sig = TwilioSignature.compute("guess".getBytes(StandardCharsets.UTF_8), URL, entries(p));
      var forged = new TwilioWebhookRequest(URL, sig, FORM, signed(URL, p).body());
      WebhookResult.Inbound in = inbound(webhooks.inbound(forged));
      assertThat(in.message().authenticated()).isFalse();
      assertThat(in.message().carrierAction()).isEqualTo(CarrierAction.NONE);
    }

    @Test
    @DisplayName("a malformed body, an unknown sender form or another account is still refused, signed or not")
    void malformedStaysRefused() {
      var badEncoding = new TwilioWebhookRequest(URL, "x", FORM, "Body=%ZZ".getBytes(StandardCharsets.US_ASCII));
      assertThat(webhooks.inbound(badEncoding)).isEqualTo(new WebhookResult.Rejected(WebhookResult.Reason.MALFORMED,
          "form body: invalid percent escape"));
      Map<String, String> p = inboundParams();
      p.put("From", "whatsapp:" + VICTIM);
      var r = (WebhookResult.Rejected) webhooks.inbound(new TwilioWebhookRequest(URL, "x", FORM, signed(URL, p).body()));
      assertThat(r.reason()).isEqualTo(WebhookResult.Reason.MALFORMED);
      assertThat(r.httpStatus()).isEqualTo(400);
      p = inboundParams();
      p.put("AccountSid", "ACffffffffffffffffffffffffffffffff");
      r = (WebhookResult.Rejected) webhooks.inbound(new TwilioWebhookRequest(URL, null, FORM, signed(URL, p).body()));
      assertThat(r.reason()).isEqualTo(WebhookResult.Reason.WRONG_ACCOUNT);
      assertThat(webhooks.inbound(new TwilioWebhookRequest(URL, null, "application/json", "{}".getBytes(StandardCharsets.UTF_8))))
          .isInstanceOf(WebhookResult.Rejected.class);
    }

    @Test
    @DisplayName("a status callback whose signature fails applies nothing: rejected 403 as before")
    void statusRejected() {
      TwilioWebhookRequest ok = signed(HTTPS, statusParams("failed", "21610"));
      var asReceived = new TwilioWebhookRequest(HTTPS.replace("https://", "http://"), ok.signature(), FORM, ok.body());
      WebhookResult r = webhooks.status(asReceived);
      assertThat(r).isInstanceOf(WebhookResult.Rejected.class);
      assertThat(((WebhookResult.Rejected) r).reason()).isEqualTo(WebhookResult.Reason.BAD_SIGNATURE);
      assertThat(r.httpStatus()).isEqualTo(403);
      assertThat(webhooks.status(new TwilioWebhookRequest(HTTPS, null, FORM, ok.body())).httpStatus()).isEqualTo(403);
    }
  }

  @Nested
  @DisplayName("strict parameters after verification")
  class Strict {
    @Test
    @DisplayName("everything Twilio documents for an SMS, and an MMS with its media, stays verified")
    void documentedStaysVerified() {
      Map<String, String> p = fullInbound(VICTIM, "STOP");
      p.put("MessagingServiceSid", TwilioWebhooksTest.MG);
      p.put("OptOutType", "STOP");
      WebhookResult.Inbound in = inbound(webhooks.inbound(signed(URL, p)));
      assertThat(in.verified()).isTrue();
      assertThat(in.message().authenticated()).isTrue();
      assertThat(in.message().carrierAction()).isEqualTo(CarrierAction.OPT_OUT);
      assertThat(in.detail()).isEmpty();

      String mms = "MM" + SID.substring(2);
      Map<String, String> m = fullInbound(VICTIM, "");
      m.put("MessageSid", mms);
      m.put("SmsMessageSid", mms);
      m.put("SmsSid", mms);
      m.put("NumMedia", "2");
      m.put("MediaContentType0", "image/jpeg");
      m.put("MediaUrl0", mediaUrl(ACCOUNT, mms, 0));
      m.put("MediaContentType1", "video/3gpp");
      m.put("MediaUrl1", mediaUrl(ACCOUNT, mms, 1));
      m.put("ToCity", "");
      m.put("ToZip", "");
      assertThat(inbound(webhooks.inbound(signed(URL, m))).verified()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("a signed request with an undocumented or oddly shaped parameter is kept unverified, not dropped")
    @CsvSource(delimiter = '|', value = {
        "an undocumented parameter      | Extra         | 1",
        "a zip holding a number         | ToZip         | 94105+14155550123",
        "a city holding digits          | FromCity      | SAN FRANCISCO 94105",
        "a country that is not a code   | ToCountry     | USA",
        "SmsSid naming another message  | SmsSid        | SMffffffffffffffffffffffffffffffff",
        "SmsStatus that is not inbound  | SmsStatus     | delivered",
        "an API version that is not one | ApiVersion    | 2010-04-01To",
        "an opt-out type with digits    | OptOutType    | STOP1",
        "media beyond NumMedia          | MediaUrl0     | https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/SM0123456789abcdef0123456789abcdef/Media/ME0123456789abcdef0123456789abcdef",
        "a To that is not a number      | To            | +14155550000x"})
    void oddParameter(String what, String name, String value) {
      Map<String, String> p = fullInbound(VICTIM, "YES");
      p.put(name, value);
      WebhookResult.Inbound in = inbound(webhooks.inbound(signed(URL, p)));
      assertThat(in.unverified()).as(what).isEqualTo(WebhookResult.Reason.UNDOCUMENTED_PARAMETERS);
      assertThat(in.message().authenticated()).isFalse();
      assertThat(in.detail()).contains(name).doesNotContain(value);
      assertThat(in.httpStatus()).isEqualTo(200);
    }

    @Test
    @DisplayName("media of another message or account, a repeated optional parameter, a '+' in a content type: unverified")
    void mediaAndRepeats() {
      String mms = "MM" + SID.substring(2);
      Map<String, String> m = fullInbound(VICTIM, "");
      m.put("MessageSid", mms);
      m.put("SmsMessageSid", mms);
      m.put("SmsSid", mms);
      m.put("NumMedia", "1");
      m.put("MediaContentType0", "image/jpeg");
      m.put("MediaUrl0", mediaUrl(ACCOUNT, "MM" + "e".repeat(32), 0));
      assertThat(inbound(webhooks.inbound(signed(URL, m))).unverified()).isEqualTo(WebhookResult.Reason.UNDOCUMENTED_PARAMETERS);
      m.put("MediaUrl0", mediaUrl("AC" + "e".repeat(32), mms, 0));
      assertThat(inbound(webhooks.inbound(signed(URL, m))).unverified()).isEqualTo(WebhookResult.Reason.UNDOCUMENTED_PARAMETERS);
      m.put("MediaUrl0", mediaUrl(ACCOUNT, mms, 0));
      m.put("MediaContentType0", "image/svg+xml");
      assertThat(inbound(webhooks.inbound(signed(URL, m))).unverified()).isEqualTo(WebhookResult.Reason.UNDOCUMENTED_PARAMETERS);

      List<Map.Entry<String, String>> twice = entries(fullInbound(VICTIM, "YES"));
      twice.add(Map.entry("ToZip", "94107"));
      String sig = TwilioSignature.compute(TOKEN.getBytes(StandardCharsets.UTF_8), URL, twice);
      var req = new TwilioWebhookRequest(URL, sig, FORM, TwilioApi.encode(twice).getBytes(StandardCharsets.UTF_8));
      WebhookResult.Inbound in = inbound(webhooks.inbound(req));
      assertThat(in.unverified()).isEqualTo(WebhookResult.Reason.UNDOCUMENTED_PARAMETERS);
      assertThat(in.detail()).contains("repeated");
    }

    static String mediaUrl(String account, String message, int n) {
      return "https://api.twilio.com/2010-04-01/Accounts/" + account + "/Messages/" + message + "/Media/ME"
          + String.format("%032x", n + 7);
    }
  }

  @Nested
  @DisplayName("the re-split forgery")
  class Resplit {
    /** What Twilio's HMAC covers after the URL: each parameter's name and value, sorted, no separator. */
    static String signedString(List<Map.Entry<String, String>> params) {
      List<Map.Entry<String, String>> sorted = new ArrayList<>(params);
      sorted.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
      StringBuilder s = new StringBuilder();
      sorted.forEach(e -> s.append(e.getKey()).append(e.getValue()));
      return s.toString();
    }

    @Test
    @DisplayName("a YES from the attacker's phone, re-cut into Body=YES From=<victim> with a fresh MessageSid, is not authenticated")
    void forgedConfirmation() {
      String fresh = "SM" + "a".repeat(32);
      // 1. The attacker texts this from their own phone to the program's number, then obtains the
      //    signature of the webhook Twilio sends for it.
      String crafted = "YESFrom" + VICTIM + "MessageSid" + fresh + "To" + PROGRAM + "ToZip";
      Map<String, String> genuine = fullInbound(ATTACKER, crafted);
      TwilioWebhookRequest original = signed(URL, genuine);
      WebhookResult.Inbound asSent = inbound(webhooks.inbound(original));
      assertThat(asSent.verified()).isTrue();
      assertThat(asSent.message().from().e164()).isEqualTo(ATTACKER);

      // 2. The forgery: the same signed string cut differently, the rest swallowed by ToZip.
      Map<String, String> forged = new LinkedHashMap<>();
      forged.put("AccountSid", ACCOUNT);
      forged.put("ApiVersion", "2010-04-01");
      forged.put("Body", "YES");
      forged.put("From", VICTIM);
      forged.put("MessageSid", fresh);
      forged.put("To", PROGRAM);
      String whole = signedString(entries(genuine));
      String head = signedString(entries(forged)) + "ToZip";
      assertThat(whole).startsWith(head);
      forged.put("ToZip", whole.substring(head.length()));
      assertThat(signedString(entries(forged))).isEqualTo(whole);
      String forgedSignature = TwilioSignature.compute(TOKEN.getBytes(StandardCharsets.UTF_8), URL, entries(forged));
      assertThat(forgedSignature).as("the forgery carries Twilio's genuine signature").isEqualTo(original.signature());
      var request = new TwilioWebhookRequest(URL, original.signature(), FORM,
          TwilioApi.encode(entries(forged)).getBytes(StandardCharsets.UTF_8));

      // 3. It reads as a YES from the victim, but unverified: quarantined, and Twilio's API has no
      //    message with the fresh SID, so nothing is confirmed.
      WebhookResult.Inbound in = inbound(webhooks.inbound(request));
      assertThat(in.message().from().e164()).isEqualTo(VICTIM);
      assertThat(in.message().body()).isEqualTo("YES");
      assertThat(in.message().authenticated()).isFalse();
      assertThat(in.unverified()).isEqualTo(WebhookResult.Reason.UNDOCUMENTED_PARAMETERS);
      assertThat(in.detail()).contains("ToZip");
      assertThat(webhooks.verify(request)).as("the signature itself matches: only the strict parameters catch it").isTrue();
    }

    @Test
    @DisplayName("the same re-cut with the rest swallowed by any other parameter that sorts last is not authenticated either")
    void everySwallower() {
      String fresh = "SM" + "b".repeat(32);
      for (String swallower : List.of("ToZip", "ToState", "ToCountry", "ToCity", "Zz", "ToZipCode")) {
        String crafted = "YESFrom" + VICTIM + "MessageSid" + fresh + "To" + PROGRAM + swallower;
        Map<String, String> genuine = fullInbound(ATTACKER, crafted);
        TwilioWebhookRequest original = signed(URL, genuine);
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("AccountSid", ACCOUNT);
        forged.put("ApiVersion", "2010-04-01");
        forged.put("Body", "YES");
        forged.put("From", VICTIM);
        forged.put("MessageSid", fresh);
        forged.put("To", PROGRAM);
        String whole = signedString(entries(genuine));
        String head = signedString(entries(forged)) + swallower;
        forged.put(swallower, whole.substring(head.length()));
        var request = new TwilioWebhookRequest(URL, original.signature(), FORM,
            TwilioApi.encode(entries(forged)).getBytes(StandardCharsets.UTF_8));
        WebhookResult r = webhooks.inbound(request);
        assertThat(r).as(swallower).isInstanceOf(WebhookResult.Inbound.class);
        assertThat(((WebhookResult.Inbound) r).message().authenticated()).as(swallower).isFalse();
      }
    }
  }

  @Test
  @DisplayName("a STOP from a valid E.164 number libphonenumber does not know (unassigned NANP area code 222) is read, not refused")
  void unknownNumberStop() {
    String unassigned = "+12225550123";
    assertThat(PhoneNumber.ofE164(unassigned).isValid()).as("precondition: libphonenumber rejects it").isFalse();
    Map<String, String> p = fullInbound(unassigned, "STOP");
    WebhookResult.Inbound in = inbound(webhooks.inbound(signed(URL, p)));
    assertThat(in.verified()).isTrue();
    assertThat(in.message().from().e164()).isEqualTo(unassigned);
    assertThat(in.message().from().isValid()).isFalse();
    assertThat(in.message().body()).isEqualTo("STOP");
  }

  @Test
  @DisplayName("an Inbound value keeps its flag and its reason together")
  void inboundInvariant() {
    InboundMessage verified = InboundMessage.of("twilio", SID, PhoneNumber.parse(VICTIM), PROGRAM, "STOP", clock.instant());
    InboundMessage unverified = new InboundMessage("twilio", SID, PhoneNumber.parse(VICTIM), PROGRAM, "STOP",
        clock.instant(), false, CarrierAction.NONE, null);
    assertThat(new WebhookResult.Inbound(verified).verified()).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new WebhookResult.Inbound(unverified))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> new WebhookResult.Inbound(verified, WebhookResult.Reason.BAD_SIGNATURE, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
