package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Campaign;
import dev.consent.CampaignReport;
import dev.consent.CampaignResult;
import dev.consent.Channel;
import dev.consent.ConsentMethod;
import dev.consent.DenyReason;
import dev.consent.EventKind;
import dev.consent.InboundMessage;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.SendOutcome;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.EventChain;
import dev.consent.spi.NewEvent;
import dev.consent.spi.OutgoingSms;
import dev.consent.spi.SendResult;
import dev.consent.spi.SmsCarrier;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Campaigns ({@code MessageGate.sendAll}) through kits on a store: idempotent per (campaign,
 * recipient) across instances and retries, a crash halfway (the carrier call throwing, or the
 * process dying with nothing written after it), a STOP handled by another instance in the middle
 * of a batch. Every test uses a fresh tenant and two instances with their own clocks and carriers.
 * A store's test extends this class.
 */
public abstract class CampaignContract extends KitScenario {
  /** A New York number with no consent. */
  private static final PhoneNumber STRANGER = PhoneNumber.parse("+12125550199");

  private String tenant;
  private MutableClock clockA;
  private MutableClock clockB;
  private List<PhoneNumber> numbers;

  @BeforeEach
  void freshTenant() {
    tenant = "cmp-" + UUID.randomUUID().toString().substring(0, 12);
    clockA = MutableClock.at(MONDAY_11_NY);
    clockB = MutableClock.at(MONDAY_11_NY.plus(Duration.ofSeconds(40)));
    numbers = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      PhoneNumber n = PhoneNumber.parse("+1212555" + String.format("%04d", 100 + i));
      numbers.add(n);
      grant(n);
    }
  }

  private void grant(PhoneNumber n) {
    EventChain.append(store(), new NewEvent(UUID.randomUUID().toString(), tenant, n, MARKETING, EventKind.GRANTED,
        ConsentMethod.SMS_DOUBLE_OPT_IN, Channel.SMS, new TreeMap<>(Map.of("requestId", "r-" + n.e164())), "v1",
        clockA.instant().minusSeconds(600), clockA.instant().minusSeconds(600), null, false));
  }

  private ConsentKit kit(ConsentStore store, MutableClock clock, SmsCarrier carrier) {
    return ConsentKit.builder().tenant(tenant).store(store).carrier(carrier).clock(clock)
        .purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE).build();
  }

  private List<OutboundMessage> messages(List<PhoneNumber> to) {
    return to.stream().map(n -> OutboundMessage.of(n, MARKETING, "Spring sale: 20% off. Reply STOP to opt out")).toList();
  }

  private static List<CampaignResult> run(ConsentKit kit, Campaign campaign, List<OutboundMessage> messages) {
    List<CampaignResult> out = new ArrayList<>();
    CampaignReport report = kit.gate().sendAll(campaign, messages, out::add);
    assertThat(report.processed()).isEqualTo(out.size());
    assertThat(report.complete()).isTrue();
    return out;
  }

  private static Map<String, Integer> deliveries(List<RecordingCarrier> carriers) {
    Map<String, Integer> out = new HashMap<>();
    carriers.forEach(c -> c.sent().forEach(s -> out.merge(s.sms().to().e164(), 1, Integer::sum)));
    return out;
  }

  /** {@code carrier}, then {@code hook} with the number of this send (from 1); the hook may throw. */
  private static SmsCarrier afterEachSend(RecordingCarrier carrier, java.util.function.IntConsumer hook) {
    AtomicInteger calls = new AtomicInteger();
    return new SmsCarrier() {
      @Override
      public String name() {
        return carrier.name();
      }

      @Override
      public SendResult send(OutgoingSms sms) {
        SendResult r = carrier.send(sms);
        hook.accept(calls.incrementAndGet());
        return r;
      }
    };
  }

  @Test
  @DisplayName("a campaign retried on another instance sends nothing twice; duplicates in the input are sent once")
  void retriedOnAnotherInstance() {
    RecordingCarrier carrierA = new RecordingCarrier();
    RecordingCarrier carrierB = new RecordingCarrier();
    List<PhoneNumber> input = new ArrayList<>(numbers);
    input.add(numbers.get(3));
    input.add(STRANGER);
    input.add(numbers.get(17));
    Campaign spring = Campaign.of("spring-" + tenant).withBatchSize(8);
    List<CampaignResult> first = run(kit(store(), clockA, carrierA), spring, messages(input));
    assertThat(first).extracting(CampaignResult::index).containsExactlyInAnyOrderElementsOf(
        java.util.stream.LongStream.range(0, input.size()).boxed().toList());
    assertThat(first).filteredOn(r -> r instanceof CampaignResult.Done d && d.outcome() instanceof SendOutcome.Sent)
        .hasSize(30);
    assertThat(first).filteredOn(r -> r instanceof CampaignResult.AlreadySent a && !a.inDoubt()).hasSize(2)
        .extracting(CampaignResult::to).containsExactlyInAnyOrder(numbers.get(3), numbers.get(17));
    assertThat(first).filteredOn(r -> r.to().equals(STRANGER)).singleElement()
        .satisfies(r -> assertThat(((SendOutcome.Blocked) ((CampaignResult.Done) r).outcome()).decision().reason())
            .isEqualTo(DenyReason.NO_CONSENT));

    clockB.advance(Duration.ofMinutes(10));
    List<CampaignResult> again = run(kit(store(), clockB, carrierB), spring, messages(input));
    assertThat(carrierB.sent()).as("the retry sent nothing").isEmpty();
    assertThat(again).filteredOn(r -> r instanceof CampaignResult.AlreadySent a && !a.inDoubt()).hasSize(32);
    assertThat(deliveries(List.of(carrierA, carrierB))).hasSize(30).allSatisfy((n, count) -> assertThat(count).isOne());
    for (PhoneNumber n : numbers) {
      assertThat(store().messages(tenant, n)).singleElement()
          .satisfies(m -> assertThat(m.carrierMessageId()).as("confirmed").isNotNull());
    }
  }

  @Test
  @DisplayName("the carrier call throws halfway: the message in flight is held, the rest of the batch is released,"
      + " and the retry on another instance sends everyone else once")
  void carrierThrowsHalfway() {
    RecordingCarrier carrierA = new RecordingCarrier();
    SmsCarrier crashing = afterEachSend(carrierA, call -> {
      if (call == 12) {
        throw new IllegalStateException("connection reset after the carrier took the message");
      }
    });
    Campaign spring = Campaign.of("spring-" + tenant).withBatchSize(8);
    Assertions.assertThatThrownBy(() -> kit(store(), clockA, crashing).gate().sendAll(spring, messages(numbers), r -> {}))
        .hasMessageContaining("connection reset");
    RecordingCarrier carrierB = new RecordingCarrier();
    List<CampaignResult> again = run(kit(store(), clockB, carrierB), spring, messages(numbers));
    assertThat(deliveries(List.of(carrierA, carrierB))).as("everyone once").hasSize(30)
        .allSatisfy((n, count) -> assertThat(count).isOne());
    assertThat(again).filteredOn(r -> r instanceof CampaignResult.AlreadySent a && a.inDoubt())
        .as("the one in flight: taken by the carrier, never confirmed").singleElement()
        .extracting(CampaignResult::to).isEqualTo(numbers.get(11));
    assertThat(carrierB.sent()).hasSize(30 - 12);
  }

  @Test
  @DisplayName("the process dies halfway (nothing written after): the retry sends no one twice and reports the"
      + " unconfirmed batch in doubt")
  void processDiesHalfway() {
    AtomicBoolean dead = new AtomicBoolean();
    ConsentStore dying = dyingStore(dead);
    RecordingCarrier carrierA = new RecordingCarrier();
    SmsCarrier killed = afterEachSend(carrierA, call -> {
      if (call == 12) {
        dead.set(true);
        throw new Killed();
      }
    });
    Campaign spring = Campaign.of("spring-" + tenant).withBatchSize(8);
    Assertions.assertThatThrownBy(() -> kit(dying, clockA, killed).gate().sendAll(spring, messages(numbers), r -> {}))
        .isInstanceOf(Killed.class);
    RecordingCarrier carrierB = new RecordingCarrier();
    List<CampaignResult> again = run(kit(store(), clockB, carrierB), spring, messages(numbers));
    Map<String, Integer> got = deliveries(List.of(carrierA, carrierB));
    assertThat(got.values()).as("no one twice").allSatisfy(c -> assertThat(c).isOne());
    List<PhoneNumber> inDoubt = again.stream().filter(r -> r instanceof CampaignResult.AlreadySent a && a.inDoubt())
        .map(CampaignResult::to).toList();
    assertThat(inDoubt).as("the second batch, reserved and never confirmed").containsExactlyElementsOf(numbers.subList(8, 16));
    assertThat(got).as("sent: the first batch, 4 of the second before the crash, and all after it").hasSize(8 + 4 + 14);
    numbers.subList(12, 16).forEach(n -> assertThat(got).doesNotContainKey(n.e164()));
  }

  /** The process is killed: an Error nothing catches, and nothing after it reaches the store. */
  private static final class Killed extends Error {
    private static final long serialVersionUID = 1L;

    Killed() {
      super("killed");
    }
  }

  /** The store, until {@code dead} is set; then every call fails (the process is gone). */
  private ConsentStore dyingStore(AtomicBoolean dead) {
    ConsentStore real = store();
    return (ConsentStore) Proxy.newProxyInstance(ConsentStore.class.getClassLoader(), new Class<?>[] {ConsentStore.class},
        (p, method, args) -> {
          if (method.getDeclaringClass() != Object.class && dead.get()) {
            throw new IllegalStateException("process is dead");
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  @DisplayName("a STOP handled by another instance in the middle of a batch wins for the messages not sent yet")
  void stopMidBatch() {
    RecordingCarrier carrierB = new RecordingCarrier();
    ConsentKit b = kit(store(), clockB, carrierB);
    RecordingCarrier carrierA = new RecordingCarrier();
    PhoneNumber stopper = numbers.get(7);
    SmsCarrier carrier = afterEachSend(carrierA, call -> {
      if (call == 3) {
        b.inbound().handle(InboundMessage.of("recording", "SM-stop-" + tenant, stopper, SENDER, "STOP",
            clockB.instant()));
        clockA.advance(Duration.ofMillis(1500)); // the carrier answers slowly: the batch's read grows old
      }
    });
    List<CampaignResult> results = run(kit(store(), clockA, carrier), Campaign.of("spring-" + tenant).withBatchSize(10),
        messages(numbers.subList(0, 10)));
    assertThat(carrierA.sentTo(stopper)).isEmpty();
    assertThat(results).filteredOn(r -> r.to().equals(stopper)).singleElement()
        .satisfies(r -> assertThat(((SendOutcome.Blocked) ((CampaignResult.Done) r).outcome()).decision().reason())
            .isEqualTo(DenyReason.WITHDRAWN));
    assertThat(carrierA.sent()).hasSize(9);
    assertThat(store().messages(tenant, stopper)).as("its released reservation is gone; only the STOP reply")
        .allSatisfy(m -> assertThat(m.purposeId()).isNull());
  }

  @Test
  @DisplayName("a STOP recorded between two batches wins for the later batch")
  void stopBetweenBatches() {
    RecordingCarrier carrierB = new RecordingCarrier();
    ConsentKit b = kit(store(), clockB, carrierB);
    RecordingCarrier carrierA = new RecordingCarrier();
    PhoneNumber stopper = numbers.get(15);
    Consumer<CampaignReport> onBatch = p -> {
      if (p.processed() == 10) {
        b.inbound().handle(InboundMessage.of("recording", "SM-stop2-" + tenant, stopper, SENDER, "STOP", clockB.instant()));
      }
    };
    List<CampaignResult> results = new ArrayList<>();
    kit(store(), clockA, carrierA).gate().sendAll(Campaign.of("spring-" + tenant).withBatchSize(10), messages(numbers),
        new dev.consent.CampaignListener() {
          @Override
          public void onResult(CampaignResult result) {
            results.add(result);
          }

          @Override
          public void onProgress(CampaignReport progress) {
            onBatch.accept(progress);
          }
        });
    assertThat(carrierA.sentTo(stopper)).isEmpty();
    assertThat(carrierA.sent()).hasSize(29);
    assertThat(results).hasSize(30);
  }
}
