package dev.consent.sms.vonage;

import static org.assertj.core.api.Assertions.assertThat;
import dev.consent.carrier.WebhookResult;

import dev.consent.reliability.Figures;
import dev.consent.reliability.Hostile;
import dev.consent.reliability.Quiet;
import dev.consent.carrier.WebhookResult.Reason;
import dev.consent.testkit.MutableClock;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Random interleavings of verified and unverified parts, few and many senders, repeated and
 * conflicting parts and clock steps: the buffer stays within its budgets, and every joined message
 * is made of parts of one kind only, each part once, in part order.
 */
@DisplayName("ConcatBuffer under random interleavings keeps its budgets and never mixes kinds")
class ConcatBufferRandomTest {
  static final int MAX_MESSAGES = 50;

  @Test
  @DisplayName("budgets hold and joined messages are of one kind, complete and in order")
  void randomInterleavings() {
    long seed = Hostile.seed();
    Random r = new Random(seed);
    MutableClock clock = MutableClock.at("2026-03-08T15:00:00Z");
    ConcatBuffer buffer = new ConcatBuffer(clock, Duration.ofMinutes(10), MAX_MESSAGES, 10, 1600, 3);
    Figures figures = new Figures("fuzz/vonage-concat-random");
    long started = System.currentTimeMillis();
    Quiet quiet = Quiet.logs();
    try {
      for (int i = 0; i < Hostile.inputs(50_000); i++) {
        String what = "seed " + seed + " step " + i;
        if (r.nextInt(500) == 0) {
          clock.advance(Duration.ofMinutes(r.nextInt(12)));
        }
        boolean verified = r.nextBoolean();
        String sender = "+1415555" + String.format("%04d", r.nextInt(r.nextBoolean() ? 3 : 400));
        int total = 2 + r.nextInt(r.nextInt(10) == 0 ? 9 : 3);
        int n = 1 + r.nextInt(total);
        String ref = Integer.toString(r.nextInt(4));
        String text = (verified ? "V" : "U") + n + "/" + total + ";";
        ConcatBuffer.Part part = new ConcatBuffer.Part(n, "id" + i, text, clock.instant(), verified ? null : Reason.MISSING_SIGNATURE);
        ConcatBuffer.Outcome o = buffer.add(sender, "+14155550100|" + ref, total, part);
        if (o instanceof ConcatBuffer.Complete c) {
          StringBuilder expected = new StringBuilder();
          for (int k = 1; k <= total; k++) {
            expected.append(verified ? "V" : "U").append(k).append('/').append(total).append(';');
          }
          assertThat(c.text()).as(what).isEqualTo(expected.toString());
          assertThat(c.unverified() == null).as(what).isEqualTo(verified);
          figures.inc("joined");
        } else if (o instanceof ConcatBuffer.Refused no) {
          assertThat(no.reason()).as(what).isEqualTo(Reason.MALFORMED);
          figures.inc("conflictingTotals");
        } else {
          assertThat(o).as(what).isInstanceOf(ConcatBuffer.Stored.class);
        }
        assertThat(buffer.size()).as(what).isLessThanOrEqualTo(2 * MAX_MESSAGES);
        assertThat(buffer.bytes()).as(what).isLessThanOrEqualTo(2L * MAX_MESSAGES * ConcatBuffer.BYTES_PER_MESSAGE);
        figures.inc("inputs");
      }
    } finally {
      quiet.restore();
    }
    assertThat(figures.get("joined")).isPositive();
    figures.print(System.currentTimeMillis() - started);
  }
}
