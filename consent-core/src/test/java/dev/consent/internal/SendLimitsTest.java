package dev.consent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.DenyReason;
import dev.consent.FrequencyCap;
import dev.consent.GateDecision;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.policy.Jurisdiction;
import dev.consent.spi.CampaignReservation;
import dev.consent.spi.SendCap;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SendLimitsTest {
  private static final Instant NOW = Instant.parse("2026-03-02T16:00:00Z");
  private static final Duration DAY = Duration.ofHours(24);
  private static final Duration MONTH = Duration.ofDays(31).plusHours(1);
  private static final Program FOUR_A_MONTH = Program.of("deals", "ACME Deals", "+14155550100", "Up to 4 msgs/month", "h");
  private static final Program VARIES = Program.of("news", "ACME News", "+14155550200", "Msg frequency varies", "h");
  private static final Jurisdiction FLORIDA = new Jurisdiction("US-FL", "Florida", null, new FrequencyCap(3, DAY), null, "s");
  private static final Jurisdiction NEW_YORK = new Jurisdiction("US-NY", "New York", null, null, null, "s");

  private static Purpose marketing(Program p) {
    return Purpose.marketing("marketing.promotions", "Offers", p, null);
  }

  @Test
  @DisplayName("the state's cap applies to marketing only and comes first; the program's caps to every purpose")
  void which() {
    SendLimits both = SendLimits.of(marketing(FOUR_A_MONTH), FLORIDA);
    assertThat(both.sendCaps(NOW)).containsExactly(SendCap.purpose(NOW.minus(DAY).plusNanos(1000), 3),
        SendCap.program(NOW.minus(MONTH).plusNanos(1000), 4));
    assertThat(both.purposeWindow()).isEqualTo(DAY);
    assertThat(both.programWindow()).isEqualTo(MONTH);
    SendLimits service = SendLimits.of(Purpose.service("service.orders", "Orders", FOUR_A_MONTH), FLORIDA);
    assertThat(service.sendCaps(NOW)).containsExactly(SendCap.program(NOW.minus(MONTH).plusNanos(1000), 4));
    assertThat(service.purposeWindow()).isNull();
    assertThat(SendLimits.of(marketing(VARIES), NEW_YORK)).isSameAs(SendLimits.NONE);
    assertThat(SendLimits.NONE.isEmpty()).isTrue();
    assertThat(both.isEmpty()).isFalse();
    assertThat(both.describe()).contains("US-FL", "; ", "program 'deals'", "Up to 4 msgs/month");
    Program two = Program.of("two", "Two", "+14155550300", "Up to 2 msgs/day, 10 msgs/month", "h");
    SendLimits twoCaps = SendLimits.of(marketing(two), NEW_YORK);
    assertThat(twoCaps.programWindow()).as("the wider of the program's two").isEqualTo(MONTH);
  }

  @Test
  @DisplayName("counts sends from the window's start (one exactly a window old is out), refuses at the max with the"
      + " retry instant, and when both are full the later retry speaks")
  void decide() {
    SendLimits caps = SendLimits.of(marketing(FOUR_A_MONTH), FLORIDA);
    Instant dayOld = NOW.minus(DAY);
    assertThat(caps.decide(List.of(dayOld, NOW.minusSeconds(2), NOW.minusSeconds(1)), List.of(), NOW))
        .as("the send exactly a day old is out of the window").isNull();
    GateDecision.Denied florida = caps.decide(
        List.of(dayOld.plusNanos(1000), NOW.minusSeconds(2), NOW.minusSeconds(1)), List.of(), NOW);
    assertThat(florida.reason()).isEqualTo(DenyReason.FREQUENCY_CAP);
    assertThat(florida.retryAt()).isEqualTo(dayOld.plusNanos(1000).plus(DAY));
    assertThat(florida.detail()).contains("US-FL");
    List<Instant> program = List.of(NOW.minus(Duration.ofDays(20)), NOW.minus(Duration.ofDays(10)),
        NOW.minus(Duration.ofDays(5)), NOW.minusSeconds(1));
    GateDecision.Denied both = caps.decide(List.of(NOW.minusSeconds(3), NOW.minusSeconds(2), NOW.minusSeconds(1)),
        program, NOW);
    assertThat(both.detail()).contains("program 'deals'");
    assertThat(both.retryAt()).isEqualTo(program.get(0).plus(MONTH));
    assertThat(caps.decide(List.of(NOW.minusSeconds(3)), program.subList(1, 4), NOW)).isNull();
    GateDecision.Denied five = caps.decide(List.of(), List.of(NOW.minus(Duration.ofDays(21)), program.get(0),
        program.get(1), program.get(2), program.get(3)), NOW);
    assertThat(five.retryAt()).as("of five, the second oldest must leave").isEqualTo(program.get(0).plus(MONTH));
  }

  @Test
  @DisplayName("room by counts: below every max of its scope")
  void roomFor() {
    SendLimits caps = SendLimits.of(marketing(FOUR_A_MONTH), FLORIDA);
    assertThat(caps.roomFor(2, 3)).isTrue();
    assertThat(caps.roomFor(3, 0)).isFalse();
    assertThat(caps.roomFor(0, 4)).isFalse();
    assertThat(SendLimits.NONE.roomFor(100, 100)).isTrue();
  }

  @Test
  @DisplayName("a store's CapReached names one of the caps it was given: the retry is that cap's; an unknown cap has none")
  void reached() {
    SendLimits caps = SendLimits.of(marketing(FOUR_A_MONTH), FLORIDA);
    List<SendCap> given = caps.sendCaps(NOW);
    Instant blocking = NOW.minus(Duration.ofDays(3));
    GateDecision.Denied program = caps.reached(given, new CampaignReservation.CapReached(given.get(1), blocking));
    assertThat(program.retryAt()).isEqualTo(blocking.plus(MONTH));
    assertThat(program.detail()).contains("program 'deals'");
    GateDecision.Denied florida = caps.reached(given, new CampaignReservation.CapReached(given.get(0), blocking));
    assertThat(florida.retryAt()).isEqualTo(blocking.plus(DAY));
    GateDecision.Denied unknown = caps.reached(given, new CampaignReservation.CapReached(SendCap.program(NOW, 9), blocking));
    assertThat(unknown.reason()).isEqualTo(DenyReason.FREQUENCY_CAP);
    assertThat(unknown.retryAt()).isNull();
  }
}
