package dev.consent.sms.vonage;

import static org.assertj.core.api.Assertions.assertThat;
import dev.consent.carrier.WebhookResult;

import dev.consent.InboundMessage;
import dev.consent.reliability.Bounded;
import dev.consent.reliability.Figures;
import dev.consent.reliability.Quiet;
import dev.consent.carrier.WebhookResult.Reason;
import dev.consent.testkit.MutableClock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The concatenated-SMS buffer under floods (issue 13): it keeps within its budgets whatever arrives,
 * and another sender's genuine multi-part message is joined during and after the flood.
 */
@DisplayName("Hostile input: floods of concatenated SMS parts")
@SuppressWarnings("removal") // the 0.4 request type, a deprecated alias kept for one release
class ConcatFloodTest {
  static final int MAX_MESSAGES = 1000;
  final MutableClock clock = MutableClock.at("2026-03-08T15:00:00Z");
  final long now = clock.instant().getEpochSecond();
  final VonageWebhooks lax = VonageWebhooks.builder().signatureSecret(Signed.SECRET, SignatureMethod.HMAC_SHA256)
      .acceptUnsigned().clock(clock).build();
  final Figures figures = new Figures("fuzz/vonage-concat-flood");
  final Bounded bounded = new Bounded(figures);
  Quiet quiet;
  long started;

  @BeforeEach
  void quiet() {
    quiet = Quiet.logs();
    started = System.currentTimeMillis();
  }

  @AfterEach
  void restore() {
    quiet.restore();
    bounded.print(started);
  }

  static Map<String, String> part(String from, String id, String ref, int n, int total, String text) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("msisdn", from);
    p.put("to", "14155550100");
    p.put("messageId", id);
    p.put("text", text);
    p.put("type", "text");
    p.put("message-timestamp", "2026-03-08 14:59:58");
    p.put("concat", "true");
    p.put("concat-ref", ref);
    p.put("concat-total", Integer.toString(total));
    p.put("concat-part", Integer.toString(n));
    return p;
  }

  Map<String, String> signed(Map<String, String> p) {
    return Signed.sign(p, SignatureMethod.HMAC_SHA256, now);
  }

  WebhookResult send(Map<String, String> p, String what) {
    return bounded.call(() -> lax.smsInbound(Signed.form(p)), what);
  }

  /** A genuine three-part message; {@code signed}: as Vonage signs it, else unsigned. */
  final class Genuine {
    final String from;
    final boolean isSigned;
    int next = 1;
    WebhookResult last;

    Genuine(String from, boolean isSigned) {
      this.from = from;
      this.isSigned = isSigned;
    }

    void sendNext() {
      String[] texts = {"please ", "stop ", "texting me"};
      Map<String, String> p = part(from, "G" + from.substring(from.length() - 4) + next, "77", next, 3, texts[next - 1]);
      last = send(isSigned ? signed(p) : p, "genuine part " + next);
      if (next < 3) {
        assertThat(last).isEqualTo(new WebhookResult.PartStored(next, 3));
      }
      next++;
    }

    void assertJoined() {
      assertThat(last).isInstanceOf(WebhookResult.Inbound.class);
      InboundMessage m = ((WebhookResult.Inbound) last).message();
      assertThat(m.body()).isEqualTo("please stop texting me");
      assertThat(m.from().e164()).isEqualTo("+" + from);
      assertThat(m.authenticated()).isEqualTo(isSigned);
      figures.inc("genuineJoined");
    }

    void sendAll() {
      while (next <= 3) {
        sendNext();
      }
      assertJoined();
    }
  }

  static long retainedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  @Test
  @DisplayName("9,000 unsigned parts with 60 KB ids are refused before buffering: nothing held, heap flat, genuine messages joined during and after")
  void hugeIds() {
    long heap0 = retainedHeap();
    Genuine signedDuring = new Genuine("14155550199", true);
    Genuine unsignedDuring = new Genuine("14155550198", false);
    String big = "A".repeat(60 * 1024);
    for (int i = 0; i < 9000; i++) {
      Map<String, String> p = part(Long.toString(14155560000L + i % 3000), big + i, Integer.toString(i % 256), 1, 10, "x");
      WebhookResult r = send(p, "flood part " + i);
      assertThat(r).isInstanceOf(WebhookResult.Rejected.class);
      assertThat(((WebhookResult.Rejected) r).reason()).isEqualTo(Reason.MALFORMED);
      if (i % 100 == 0 && i >= 3000 && signedDuring.next <= 3) {
        signedDuring.sendNext();
        unsignedDuring.sendNext();
      }
    }
    signedDuring.assertJoined();
    unsignedDuring.assertJoined();
    assertThat(lax.concat().bytes()).as("bytes held after the flood, genuine messages included").isLessThan(4096);
    long retained = retainedHeap() - heap0;
    figures.add("retainedKiB", Math.max(0, retained) / 1024);
    figures.add("heldBytes", lax.concat().bytes());
    assertThat(retained).as("heap retained by the flood (main: +529 MB)").isLessThan(32L << 20);
    new Genuine("14155550197", true).sendAll();
    new Genuine("14155550196", false).sendAll();
  }

  @Test
  @DisplayName("9,000 unsigned 'part 1 of 10' from many senders and from one sender stay within the budget and block no genuine message")
  void unsignedFlood() {
    Genuine signedDuring = new Genuine("14155550199", true);
    Genuine unsignedDuring = new Genuine("14155550198", false);
    long maxBytes = 0;
    int maxHeld = 0;
    for (int i = 0; i < 9000; i++) {
      String from = i % 2 == 0 ? "14155550111" : Long.toString(14155560000L + i);
      Map<String, String> p = part(from, String.format("0F%014X", i), Integer.toString(i % 65536), 1, 10, "y".repeat(153));
      assertThat(send(p, "flood part " + i)).isEqualTo(new WebhookResult.PartStored(1, 10));
      if (i >= 4000 && i % 300 == 0 && signedDuring.next <= 3) {
        signedDuring.sendNext();
        unsignedDuring.sendNext();
      }
      maxBytes = Math.max(maxBytes, lax.concat().bytes());
      maxHeld = Math.max(maxHeld, lax.concat().size());
    }
    signedDuring.assertJoined();
    unsignedDuring.assertJoined();
    figures.add("maxHeldMessages", maxHeld);
    figures.add("maxHeldBytes", maxBytes);
    assertThat(maxHeld).isLessThanOrEqualTo(2 * MAX_MESSAGES);
    assertThat(maxBytes).isLessThanOrEqualTo(2L * MAX_MESSAGES * ConcatBuffer.BYTES_PER_MESSAGE);
    new Genuine("14155550197", true).sendAll();
    new Genuine("14155550196", false).sendAll();
    clock.advance(Duration.ofMinutes(11));
    Map<String, String> p = part("14155550195", "H1", "5", 1, 2, "x");
    send(p, "after the window");
    assertThat(lax.concat().size()).as("everything older than the window is gone").isLessThanOrEqualTo(1 + 4);
  }

  @Test
  @DisplayName("2,000 signed 'part 1 of 10' from 2,000 senders never answer BUSY and do not block a genuine multi-part message")
  void signedFlood() {
    VonageWebhooks strict = VonageWebhooks.builder().signatureSecret(Signed.SECRET, SignatureMethod.HMAC_SHA256).clock(clock).build();
    Genuine during = new Genuine("14155550199", true);
    for (int i = 0; i < 2000; i++) {
      Map<String, String> p = signed(part(Long.toString(14155560000L + i), String.format("0E%014X", i), "1", 1, 10, "z"));
      WebhookResult r = bounded.call(() -> strict.smsInbound(Signed.form(p)), "signed flood part " + i);
      assertThat(r).as("part %s", i).isEqualTo(new WebhookResult.PartStored(1, 10));
      if (i >= 1000 && i % 300 == 0 && during.next <= 3) {
        String[] texts = {"please ", "stop ", "texting me"};
        Map<String, String> g = signed(part(during.from, "G" + during.next, "77", during.next, 3, texts[during.next - 1]));
        during.last = strict.smsInbound(Signed.form(g));
        during.next++;
      }
    }
    during.assertJoined();
    assertThat(strict.concat().size()).isLessThanOrEqualTo(MAX_MESSAGES);
    Genuine after = new Genuine("14155550197", true);
    for (int n = 1; n <= 3; n++) {
      String[] texts = {"please ", "stop ", "texting me"};
      after.last = strict.smsInbound(Signed.form(signed(part(after.from, "A" + n, "78", n, 3, texts[n - 1]))));
    }
    after.assertJoined();
  }
}
