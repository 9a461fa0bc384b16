package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Campaign;
import dev.consent.Channel;
import dev.consent.ConsentKit;
import dev.consent.ConsentMethod;
import dev.consent.DenyReason;
import dev.consent.EventKind;
import dev.consent.OutboundMessage;
import dev.consent.SendOutcome;
import dev.consent.memory.RecordingCarrier;
import dev.consent.spi.EventChain;
import dev.consent.spi.NewEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Frequency caps under concurrency, through kits: two instances with their own clocks and carriers,
 * 8 threads each, sending marketing to one Florida number (3 per 24 hours) at once: exactly 3 reach
 * a carrier, the others are blocked by the cap. A store's test extends this class.
 */
public abstract class FrequencyCapRaceContract extends KitScenario {

  @Test
  @DisplayName("two instances x 8 threads sending to one capped number: exactly the cap reaches the carriers")
  void twoInstancesEightThreads() throws Exception {
    String tenant = "cap-" + UUID.randomUUID().toString().substring(0, 12);
    MutableClock a = MutableClock.at(MONDAY_11_NY);
    MutableClock b = MutableClock.at(MONDAY_11_NY.plus(Duration.ofSeconds(40)));
    List<RecordingCarrier> carriers = List.of(new RecordingCarrier(), new RecordingCarrier());
    List<ConsentKit> kits = List.of(kit(tenant, a, carriers.get(0)), kit(tenant, b, carriers.get(1)));
    EventChain.append(store(), new NewEvent(UUID.randomUUID().toString(), tenant, MIAMI, MARKETING, EventKind.GRANTED,
        ConsentMethod.SMS_DOUBLE_OPT_IN, Channel.SMS, new TreeMap<>(Map.of("requestId", "r-1")), "v1",
        a.instant().minusSeconds(60), a.instant().minusSeconds(60), null, false));
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<SendOutcome>> all = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        ConsentKit kit = kits.get(t % 2);
        int me = t;
        all.add(pool.submit(() -> {
          go.await();
          return kit.gate().send(OutboundMessage.of(MIAMI, MARKETING, "Weekend offer " + me));
        }));
      }
      go.countDown();
      int sent = 0;
      int capped = 0;
      for (Future<SendOutcome> f : all) {
        SendOutcome o = f.get(60, TimeUnit.SECONDS);
        sent += o instanceof SendOutcome.Sent ? 1 : 0;
        capped += o instanceof SendOutcome.Blocked bl && bl.decision().reason() == DenyReason.FREQUENCY_CAP ? 1 : 0;
      }
      assertThat(sent).as("sent").isEqualTo(3);
      assertThat(capped).as("blocked by the cap").isEqualTo(13);
      assertThat(carriers.get(0).sent().size() + carriers.get(1).sent().size()).as("reached a carrier").isEqualTo(3);
      assertThat(store().sendTimes(tenant, MIAMI, MARKETING, a.instant().minus(Duration.ofDays(1)))).hasSize(3);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("two instances x 8 threads sending campaigns that name one capped number (twice in each batch):"
      + " exactly the cap reaches the carriers")
  void campaignsRace() throws Exception {
    String tenant = "capc-" + UUID.randomUUID().toString().substring(0, 12);
    MutableClock a = MutableClock.at(MONDAY_11_NY);
    MutableClock b = MutableClock.at(MONDAY_11_NY.plus(Duration.ofSeconds(40)));
    List<RecordingCarrier> carriers = List.of(new RecordingCarrier(), new RecordingCarrier());
    List<ConsentKit> kits = List.of(kit(tenant, a, carriers.get(0)), kit(tenant, b, carriers.get(1)));
    EventChain.append(store(), new NewEvent(UUID.randomUUID().toString(), tenant, MIAMI, MARKETING, EventKind.GRANTED,
        ConsentMethod.SMS_DOUBLE_OPT_IN, Channel.SMS, new TreeMap<>(Map.of("requestId", "r-1")), "v1",
        a.instant().minusSeconds(60), a.instant().minusSeconds(60), null, false));
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Long>> all = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        ConsentKit kit = kits.get(t % 2);
        Campaign campaign = Campaign.of("weekend-" + t);
        List<OutboundMessage> batch = List.of(OutboundMessage.of(MIAMI, MARKETING, "Weekend offer"),
            OutboundMessage.of(MIAMI, MARKETING, "Weekend offer"));
        all.add(pool.submit(() -> {
          go.await();
          return kit.gate().sendAll(campaign, batch, r -> {}).sent();
        }));
      }
      go.countDown();
      long sent = 0;
      for (Future<Long> f : all) {
        sent += f.get(60, TimeUnit.SECONDS);
      }
      assertThat(sent).as("sent").isEqualTo(3);
      assertThat(carriers.get(0).sent().size() + carriers.get(1).sent().size()).as("reached a carrier").isEqualTo(3);
      assertThat(store().sendTimes(tenant, MIAMI, MARKETING, a.instant().minus(Duration.ofDays(1)))).hasSize(3);
    } finally {
      pool.shutdownNow();
    }
  }

  private ConsentKit kit(String tenant, MutableClock clock, RecordingCarrier carrier) {
    return ConsentKit.builder().tenant(tenant).store(store()).carrier(carrier).clock(clock)
        .purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE).build();
  }
}
