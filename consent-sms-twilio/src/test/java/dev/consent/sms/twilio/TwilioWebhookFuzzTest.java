package dev.consent.sms.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.InboundMessage;
import dev.consent.carrier.WebhookResult;
import dev.consent.error.InvalidInputException;
import dev.consent.reliability.Bounded;
import dev.consent.reliability.Figures;
import dev.consent.reliability.Hostile;
import dev.consent.reliability.Quiet;
import dev.consent.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Twilio's webhook parser under hostile requests: random and mutated bodies, URLs, signatures and
 * content types (invalid UTF-8, NULs, 1 MB bodies, thousands of parameters, homoglyphs, RTL marks,
 * emoji). Only typed results come back, within time and allocation bounds, and no mutation of a
 * signed request is accepted as authenticated unless it still means exactly what Twilio signed (a
 * well-formed one may come back unverified, for the kit to confirm through Twilio's API).
 */
@DisplayName("Hostile input: Twilio webhooks")
@SuppressWarnings("removal") // the 0.4 request type and HTTP seam, deprecated aliases kept for one release
class TwilioWebhookFuzzTest {
  static final String TOKEN = "fuzz-token-0123456789abcdef";
  static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  static final String URL = "https://hooks.example.com/twilio/inbound?tenant=acme";
  static final String FORM = "application/x-www-form-urlencoded";

  final MutableClock clock = MutableClock.at("2026-03-08T15:00:00Z");
  final TwilioWebhooks webhooks = TwilioWebhooks.builder().authToken(TOKEN).accountSid(ACCOUNT).clock(clock).build();

  static Map<String, String> inbound(String sid, String body) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("MessageSid", sid);
    p.put("SmsMessageSid", sid);
    p.put("AccountSid", ACCOUNT);
    p.put("From", "+14155550123");
    p.put("To", "+14155550000");
    p.put("Body", body);
    p.put("NumMedia", "0");
    return p;
  }

  static TwilioWebhookRequest signed(String token, String url, Map<String, String> params) {
    List<Map.Entry<String, String>> entries = new ArrayList<>(params.entrySet());
    String sig = TwilioSignature.compute(token.getBytes(StandardCharsets.UTF_8), url, entries);
    return new TwilioWebhookRequest(url, sig, FORM, TwilioApi.encode(entries).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("random requests get typed rejections or results, never an exception, in bounded time and memory")
  void randomRequests() {
    long seed = Hostile.seed();
    Hostile h = new Hostile(seed);
    Figures figures = new Figures("fuzz/twilio-random");
    Bounded bounded = new Bounded(figures);
    long started = System.currentTimeMillis();
    Quiet quiet = Quiet.logs();
    try {
      for (int i = 0; i < Hostile.inputs(3_000); i++) {
        String what = "seed " + seed + " input " + i;
        byte[] body = switch (h.nextInt(6)) {
          case 0 -> h.bytes(2000);
          case 1 -> h.text(3000).getBytes(StandardCharsets.UTF_8);
          case 2 -> h.parameters(1 + h.nextInt(5000)).getBytes(StandardCharsets.UTF_8);
          case 3 -> i % 20 == 0 ? new byte[1 << 20] : h.bytes(70_000);
          default -> TwilioApi.encode(new ArrayList<>(inbound("SM" + "0".repeat(32), h.text(500)).entrySet()))
              .getBytes(StandardCharsets.UTF_8);
        };
        String url = h.nextInt(4) == 0 ? "https://x/" + h.text(200) : URL;
        String sig = switch (h.nextInt(4)) {
          case 0 -> null;
          case 1 -> h.text(40);
          default -> "AAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        };
        String type = switch (h.nextInt(5)) {
          case 0 -> null;
          case 1 -> h.text(60);
          case 2 -> "application/json";
          default -> FORM + (h.nextBoolean() ? "; charset=" + h.pick(List.of("utf-8", "latin1", "\"UTF-8\"", "")) : "");
        };
        TwilioWebhookRequest r;
        try {
          r = new TwilioWebhookRequest(url, sig, type, body);
        } catch (InvalidInputException blankUrl) {
          figures.inc("rejectedAtConstruction");
          continue;
        }
        WebhookResult in = bounded.call(() -> webhooks.inbound(r), what);
        WebhookResult st = bounded.call(() -> webhooks.status(r), what);
        if (in instanceof WebhookResult.Inbound unverified) {
          assertThat(unverified.message().authenticated()).as(what).isFalse();
          figures.inc("keptUnverified");
        } else {
          assertThat(in).as(what).isInstanceOf(WebhookResult.Rejected.class);
        }
        assertThat(st).as(what).isInstanceOf(WebhookResult.Rejected.class);
        assertThat(webhooks.verify(r)).as(what).isFalse();
      }
    } finally {
      quiet.restore();
    }
    bounded.print(started);
  }

  @Test
  @DisplayName("a signed body re-split at the same signature (Body=START as Body&START or Body=ST&ART=) is refused or unverified")
  void resplitBody() {
    Map<String, String> params = inbound("SM" + "f".repeat(32), "START");
    TwilioWebhookRequest original = signed(TOKEN, URL, params);
    assertThat(webhooks.inbound(original)).isInstanceOf(WebhookResult.Inbound.class);
    String body = new String(original.body(), StandardCharsets.UTF_8);
    for (String resplit : List.of(body.replace("Body=START", "Body&START"), body.replace("Body=START", "Body=ST&ART="),
        body.replace("Body=START", "Body=START=") )) {
      TwilioWebhookRequest forged = new TwilioWebhookRequest(URL, original.signature(), FORM,
          resplit.getBytes(StandardCharsets.UTF_8));
      WebhookResult r = webhooks.inbound(forged);
      if (r instanceof WebhookResult.Inbound in && in.message().authenticated()) {
        assertThat(in.message()).as(resplit).isEqualTo(((WebhookResult.Inbound) webhooks.inbound(original)).message());
      } else if (!(r instanceof WebhookResult.Inbound)) {
        assertThat(r).as(resplit).isInstanceOf(WebhookResult.Rejected.class);
      }
    }
  }

  @Test
  @DisplayName("every mutation of a signed request, and every request signed with another token, is rejected or unverified unless it still means exactly what was signed")
  void forgedRequests() {
    long seed = Hostile.seed();
    Hostile h = new Hostile(seed);
    Figures figures = new Figures("fuzz/twilio-forged");
    Bounded bounded = new Bounded(figures);
    long started = System.currentTimeMillis();
    Quiet quiet = Quiet.logs();
    try {
      for (int i = 0; i < Hostile.inputs(3_000); i++) {
        String what = "seed " + seed + " input " + i;
        String text = h.nextBoolean() ? h.pick(List.of("STOP", "START", "YES", "HELP")) : h.text(300);
        Map<String, String> params = inbound(String.format("SM%032x", i), text);
        TwilioWebhookRequest original = signed(TOKEN, URL, params);
        WebhookResult genuine = webhooks.inbound(original);
        InboundMessage meant = genuine instanceof WebhookResult.Inbound in ? in.message() : null;
        TwilioWebhookRequest forged;
        try {
          forged = forge(h, original, params);
        } catch (InvalidInputException blankUrl) {
          figures.inc("rejectedAtConstruction");
          continue;
        }
        TwilioWebhookRequest sent = forged;
        WebhookResult r = bounded.call(() -> webhooks.inbound(sent), what);
        figures.inc("forgeries");
        if (r instanceof WebhookResult.Inbound in && in.message().authenticated()) {
          // only an encoding-level change (e.g. %20 for +) may pass: it must mean the same message
          assertThat(in.message()).as("%s: an altered request was accepted with another meaning", what)
              .isEqualTo(meant);
          figures.inc("acceptedEquivalent");
        } else if (r instanceof WebhookResult.Inbound in) {
          assertThat(in.verified()).as(what).isFalse();
          figures.inc("keptUnverified");
        } else {
          assertThat(r).as(what).isInstanceOf(WebhookResult.Rejected.class);
        }
      }
    } finally {
      quiet.restore();
    }
    figures.add("forgedAccepted", 0);
    bounded.print(started);
  }

  private static TwilioWebhookRequest forge(Hostile h, TwilioWebhookRequest original, Map<String, String> params) {
    TwilioWebhookRequest forged;
    switch (h.nextInt(6)) {
      case 0 -> forged = new TwilioWebhookRequest(URL, original.signature(), FORM, h.mutate(original.body()));
      case 1 -> forged = new TwilioWebhookRequest(h.mutate(URL), original.signature(), FORM, original.body());
      case 2 -> forged = new TwilioWebhookRequest(URL, h.mutate(original.signature()), FORM, original.body());
      case 3 -> forged = signed("another-token-0123456789abcdef", URL, params);
      case 4 -> {
        Map<String, String> changed = new LinkedHashMap<>(params);
        changed.put(h.pick(List.of("Body", "From", "To", "MessageSid", "OptOutType")), h.text(20));
        forged = new TwilioWebhookRequest(URL, original.signature(), FORM,
            TwilioApi.encode(new ArrayList<>(changed.entrySet())).getBytes(StandardCharsets.UTF_8));
      }
      default -> forged = new TwilioWebhookRequest(URL, original.signature(), FORM,
          (new String(original.body(), StandardCharsets.UTF_8) + "&Extra=" + h.nextInt(100))
              .getBytes(StandardCharsets.UTF_8));
    }
    return forged;
  }
}
