package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Campaign;
import dev.consent.Channel;
import dev.consent.ConsentMethod;
import dev.consent.DenyReason;
import dev.consent.EventKind;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.SendOutcome;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import dev.consent.spi.EventChain;
import dev.consent.spi.NewEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Frequency caps under concurrency, through kits: two instances with their own clocks and carriers,
 * 8 threads each, sending marketing to one Florida number (3 per 24 hours) at once: exactly 3 reach
 * a carrier, the others are blocked by the cap. The same for the program's declared frequency ("Up
 * to 4 msgs/month") on a New York number, which no state caps, with the sends split between the
 * program's two purposes: exactly 4. A store's test extends this class.
 */
public abstract class FrequencyCapRaceContract extends KitScenario {

  /** Two instances of one fresh tenant, their clocks 40 s apart, with one number granted marketing. */
  private final class Race {
    final PhoneNumber to;
    final String tenant = "cap-" + UUID.randomUUID().toString().substring(0, 12);
    final MutableClock a = MutableClock.at(MONDAY_11_NY);
    final List<RecordingCarrier> carriers = List.of(new RecordingCarrier(), new RecordingCarrier());
    final List<ConsentKit> kits = List.of(kit(tenant, a, carriers.get(0)),
        kit(tenant, MutableClock.at(MONDAY_11_NY.plus(Duration.ofSeconds(40))), carriers.get(1)));

    Race(PhoneNumber to) {
      this.to = to;
      EventChain.append(store(), new NewEvent(UUID.randomUUID().toString(), tenant, to, MARKETING, EventKind.GRANTED,
          ConsentMethod.SMS_DOUBLE_OPT_IN, Channel.SMS, new TreeMap<>(Map.of("requestId", "r-1")), "v1",
          a.instant().minusSeconds(60), a.instant().minusSeconds(60), null, false));
    }

    /** Runs 16 tasks at once, 8 on each instance; their results in task order. */
    <T> List<T> sixteenAtOnce(BiFunction<ConsentKit, Integer, Callable<T>> task) throws Exception {
      return AtOnce.run(16, t -> task.apply(kits.get(t % 2), t));
    }

    void assertCapHeld() {
      assertThat(carriers.get(0).sent().size() + carriers.get(1).sent().size()).as("reached a carrier").isEqualTo(3);
      assertThat(store().sendTimes(tenant, to, MARKETING, a.instant().minus(Duration.ofDays(1)))).hasSize(3);
    }

    void assertProgramCapHeld() {
      assertThat(carriers.get(0).sent().size() + carriers.get(1).sent().size()).as("reached a carrier").isEqualTo(4);
      assertThat(store().programSendTimes(tenant, to, DEALS.id(), a.instant().minus(Duration.ofDays(32)))).hasSize(4);
    }
  }

  @Test
  @DisplayName("two instances x 8 threads sending to one capped number: exactly the cap reaches the carriers")
  void twoInstancesEightThreads() throws Exception {
    Race race = new Race(MIAMI);
    List<SendOutcome> outcomes = race.sixteenAtOnce(
        (kit, t) -> () -> kit.gate().send(OutboundMessage.of(MIAMI, MARKETING, "Weekend offer " + t)));
    assertThat(outcomes).as("sent").filteredOn(o -> o instanceof SendOutcome.Sent).hasSize(3);
    assertThat(outcomes).as("blocked by the cap")
        .filteredOn(o -> o instanceof SendOutcome.Blocked bl && bl.decision().reason() == DenyReason.FREQUENCY_CAP)
        .hasSize(13);
    race.assertCapHeld();
  }

  @Test
  @DisplayName("two instances x 8 threads sending campaigns that name one capped number (twice in each batch):"
      + " exactly the cap reaches the carriers")
  void campaignsRace() throws Exception {
    Race race = new Race(MIAMI);
    OutboundMessage offer = OutboundMessage.of(MIAMI, MARKETING, "Weekend offer");
    List<Long> sent = race.sixteenAtOnce(
        (kit, t) -> () -> kit.gate().sendAll(Campaign.of("weekend-" + t), List.of(offer, offer), r -> {}).sent());
    assertThat(sent.stream().mapToLong(Long::longValue).sum()).as("sent").isEqualTo(3);
    race.assertCapHeld();
  }

  @Test
  @DisplayName("two instances x 8 threads sending both purposes of one program to a number no state caps: exactly"
      + " the program's declared 4 a month reach the carriers")
  void programCapRace() throws Exception {
    Race race = new Race(NY);
    List<SendOutcome> outcomes = race.sixteenAtOnce((kit, t) -> () -> kit.gate().send(
        OutboundMessage.of(NY, t % 4 < 2 ? MARKETING : ORDERS, "Message " + t)));
    assertThat(outcomes).as("sent").filteredOn(o -> o instanceof SendOutcome.Sent).hasSize(4);
    assertThat(outcomes).as("blocked by the program's cap")
        .filteredOn(o -> o instanceof SendOutcome.Blocked bl && bl.decision().reason() == DenyReason.FREQUENCY_CAP)
        .hasSize(12);
    race.assertProgramCapHeld();
  }

  @Test
  @DisplayName("two instances x 8 threads sending campaigns of both purposes that name one number no state caps:"
      + " exactly the program's declared 4 a month reach the carriers")
  void programCapCampaignsRace() throws Exception {
    Race race = new Race(NY);
    List<Long> sent = race.sixteenAtOnce((kit, t) -> () -> kit.gate().sendAll(Campaign.of("program-" + t),
        List.of(OutboundMessage.of(NY, t % 4 < 2 ? MARKETING : ORDERS, "Message " + t)), r -> {}).sent());
    assertThat(sent.stream().mapToLong(Long::longValue).sum()).as("sent").isEqualTo(4);
    race.assertProgramCapHeld();
  }

  private ConsentKit kit(String tenant, MutableClock clock, RecordingCarrier carrier) {
    return ConsentKit.builder().tenant(tenant).store(store()).carrier(carrier).clock(clock)
        .purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE).build();
  }
}
