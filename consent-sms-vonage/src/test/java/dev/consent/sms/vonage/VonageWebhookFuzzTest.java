package dev.consent.sms.vonage;

import static org.assertj.core.api.Assertions.assertThat;
import dev.consent.carrier.WebhookResult;

import dev.consent.InboundMessage;
import dev.consent.reliability.Bounded;
import dev.consent.carrier.WebhookResult.Reason;
import dev.consent.reliability.Figures;
import dev.consent.reliability.Hostile;
import dev.consent.reliability.Quiet;
import dev.consent.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Vonage's webhook parsers (SMS API by GET, form and JSON with {@code sig}; Messages API with a
 * JWT) under hostile requests: only typed results, in bounded time and allocation, and no mutation
 * of a signed request or token accepted as verified unless it still means exactly what was signed
 * (an inbound one that fails its check is at most handed on unverified, answered 200).
 */
@DisplayName("Hostile input: Vonage webhooks")
@SuppressWarnings("removal") // the 0.4 request type, HTTP seam and retry settings, deprecated aliases kept for one release
class VonageWebhookFuzzTest {

  final MutableClock clock = MutableClock.at("2026-03-08T15:00:00Z");
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
    p.put("message-timestamp", "2026-03-08 14:59:58");
    p.put("api-key", "abcd1234");
    return p;
  }

  static String messagesBody(String id, String text) {
    return "{\"channel\":\"sms\",\"message_uuid\":\"" + id + "\",\"to\":\"14155550100\",\"from\":\"14155550101\","
        + "\"timestamp\":\"2026-03-08T14:59:59.000Z\",\"text\":" + json(text) + ",\"message_type\":\"text\"}";
  }

  private static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  @Test
  @DisplayName("random requests to all four webhooks get typed results, never an exception, in bounded time and memory")
  void randomRequests() {
    long seed = Hostile.seed();
    Hostile h = new Hostile(seed);
    Figures figures = new Figures("fuzz/vonage-random");
    Bounded bounded = new Bounded(figures);
    long started = System.currentTimeMillis();
    Quiet quiet = Quiet.logs();
    try {
      for (int i = 0; i < Hostile.inputs(3_000); i++) {
        String what = "seed " + seed + " input " + i;
        String method = h.pick(List.of("GET", "POST", "POST", "PUT", h.text(8).isEmpty() ? "X" : "DELETE"));
        byte[] body = switch (h.nextInt(5)) {
          case 0 -> h.bytes(2000);
          case 1 -> h.text(3000).getBytes(StandardCharsets.UTF_8);
          case 2 -> i % 20 == 0 ? new byte[1 << 20] : h.bytes(70_000);
          case 3 -> h.parameters(1 + h.nextInt(5000)).getBytes(StandardCharsets.UTF_8);
          default -> messagesBody(h.text(40), h.text(500)).getBytes(StandardCharsets.UTF_8);
        };
        String query = h.nextBoolean() ? null : h.nextBoolean() ? h.text(500) : h.parameters(1 + h.nextInt(3000));
        Map<String, String> headers = new LinkedHashMap<>();
        if (h.nextBoolean()) {
          headers.put("Content-Type", h.pick(List.of("application/json", "application/x-www-form-urlencoded", h.text(30))));
        }
        if (h.nextBoolean()) {
          headers.put("Authorization", h.pick(List.of("Bearer " + h.text(300), "Bearer a.b.c", "Basic x", h.text(50))));
        }
        WebhookRequest r = WebhookRequest.of(method, query, headers, body);
        for (Function<WebhookRequest, WebhookResult> call : List.<Function<WebhookRequest, WebhookResult>>of(
            hooks::smsInbound, hooks::smsDeliveryReceipt, hooks::messagesInbound, hooks::messagesStatus)) {
          WebhookResult res = bounded.call(() -> call.apply(r), what);
          if (res instanceof WebhookResult.Inbound in) {
            assertThat(in.message().authenticated()).as("%s: a random request taken as verified", what).isFalse();
            assertThat(in.unverifiedReason()).as(what).isNotNull();
            figures.inc("handedOnUnverified");
          } else {
            assertThat(res).as(what).isInstanceOf(WebhookResult.Rejected.class);
          }
        }
      }
    } finally {
      quiet.restore();
    }
    bounded.print(started);
  }

  @Test
  @DisplayName("every mutation of a signed SMS API request or Messages API token is rejected unless it means the same")
  void forgedRequests() {
    long seed = Hostile.seed();
    Hostile h = new Hostile(seed);
    Figures figures = new Figures("fuzz/vonage-forged");
    Bounded bounded = new Bounded(figures);
    long started = System.currentTimeMillis();
    Quiet quiet = Quiet.logs();
    try {
      for (int i = 0; i < Hostile.inputs(3_000); i++) {
        String what = "seed " + seed + " input " + i;
        String text = h.nextBoolean() ? h.pick(List.of("STOP", "START", "YES", "HELP")) : h.text(300);
        WebhookRequest original;
        WebhookRequest forged;
        Function<WebhookRequest, WebhookResult> call;
        if (h.nextBoolean()) {
          Map<String, String> p = Signed.sign(inbound(String.format("0A%015X", i), text), SignatureMethod.HMAC_SHA256, now);
          original = h.nextBoolean() ? Signed.get(p) : Signed.form(p);
          call = hooks::smsInbound;
          forged = switch (h.nextInt(4)) {
            case 0 -> original.method().equals("GET")
                ? new WebhookRequest("GET", h.mutate(original.rawQuery()), original.headers(), original.body())
                : new WebhookRequest("POST", null, original.headers(), h.mutate(original.body()));
            case 1 -> {
              Map<String, String> changed = new LinkedHashMap<>(p);
              changed.put(h.pick(List.of("text", "msisdn", "to", "messageId", "timestamp", "sig")), h.text(20));
              yield Signed.get(changed);
            }
            case 2 -> Signed.get(signedWith("another-signature-secret-0123", inbound("0A1", text)));
            default -> {
              Map<String, String> unsigned = new LinkedHashMap<>(p);
              unsigned.remove("sig");
              yield Signed.get(unsigned);
            }
          };
        } else {
          String body = messagesBody(String.format("aaaaaaaa-bbbb-cccc-dddd-%012x", i), text);
          String token = Signed.token(Signed.SECRET, now, body);
          original = Signed.json(body, Map.of("Authorization", "Bearer " + token));
          call = hooks::messagesInbound;
          forged = switch (h.nextInt(4)) {
            case 0 -> Signed.json(new String(h.mutate(body.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8),
                Map.of("Authorization", "Bearer " + token));
            case 1 -> Signed.json(body, Map.of("Authorization", "Bearer " + h.mutate(token)));
            case 2 -> Signed.json(body, Map.of("Authorization", "Bearer "
                + Signed.token("another-signature-secret-0123", now, body)));
            default -> Signed.json(body, Map.of("Authorization", "Bearer " + unsigned("{\"alg\":\"none\",\"typ\":\"JWT\"}",
                "{\"iat\":" + now + ",\"payload_hash\":\"" + Signed.sha256(body) + "\"}")));
          };
        }
        WebhookResult genuine = call.apply(original);
        assertThat(genuine).as(what).isInstanceOfAny(WebhookResult.Inbound.class, WebhookResult.Rejected.class);
        InboundMessage meant = genuine instanceof WebhookResult.Inbound in ? in.message() : null;
        WebhookRequest sent = forged;
        Function<WebhookRequest, WebhookResult> hook = call;
        WebhookResult r = bounded.call(() -> hook.apply(sent), what);
        figures.inc("forgeries");
        if (r instanceof WebhookResult.Inbound in && in.verified()) {
          assertThat(in.message()).as("%s: an altered request was accepted with another meaning", what).isEqualTo(meant);
          assertThat(in.message().authenticated()).isTrue();
          figures.inc("acceptedEquivalent");
        } else if (r instanceof WebhookResult.Inbound in) {
          assertThat(in.message().authenticated()).as(what).isFalse();
          assertThat(in.unverifiedReason()).as(what).isIn(Reason.BAD_SIGNATURE, Reason.STALE);
          assertThat(r.httpStatus()).isEqualTo(200);
          figures.inc("handedOnUnverified");
        } else {
          assertThat(r).as(what).isNotInstanceOf(WebhookResult.Delivery.class);
        }
      }
    } finally {
      quiet.restore();
    }
    figures.add("forgedAccepted", 0);
    bounded.print(started);
  }

  /** An {@code alg: none} token: header and claims, no signature. */
  private static String unsigned(String header, String claims) {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
  }

  private static Map<String, String> signedWith(String secret, Map<String, String> params) {
    Map<String, String> p = new LinkedHashMap<>(params);
    p.put("timestamp", "1772981999");
    p.put("sig", SmsSignature.sign(p, secret, SignatureMethod.HMAC_SHA256));
    return p;
  }
}
