package dev.consent.feed.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.CarrierAction;
import dev.consent.ConsentMethod;
import dev.consent.GrantRequest;
import dev.consent.InboundMessage;
import dev.consent.Notice;
import dev.consent.PhoneNumber;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.WithdrawRequest;
import dev.consent.feed.ConsentChange;
import dev.consent.feed.Delivery;
import dev.consent.feed.FeedSettings;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("KafkaChangeSink on a real Kafka broker (KRaft, its own JVM)")
class KafkaChangeSinkTest {
  static final String SENDER = "+14155550100";
  static final Program DEALS = Program.of("deals", "ACME Deals", SENDER, "Up to 4 msgs/month",
      "ACME Deals: help at acme.example/help. Reply STOP to cancel.");
  static final Purpose ORDERS = Purpose.service("service.order-updates", "Order updates", DEALS);
  static final Purpose MARKETING = Purpose.marketing("marketing.promotions", "Offers", DEALS, null);

  private LocalKafka kafka;

  @BeforeAll
  void startBroker() throws Exception {
    kafka = LocalKafka.start();
  }

  @AfterAll
  void stopBroker() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static ConsentKit kit(FeedSettings settings) {
    return ConsentKit.builder().store(new InMemoryConsentStore()).carrier(new RecordingCarrier())
        .clock(Clock.systemUTC()).purposes(MARKETING, ORDERS)
        .notices(new Notice(MARKETING.id(), "v1", "en", "Yes, text me offers.")).changeFeed(settings).build();
  }

  private static void grant(ConsentKit kit, PhoneNumber n) {
    kit.registry().grant(GrantRequest.of(n, ORDERS.id(), ConsentMethod.WEB_FORM, dev.consent.Channel.WEB, null,
        Map.of("form", "https://acme.example/checkout")));
  }

  private static PhoneNumber number(int i) {
    return PhoneNumber.parse("+1212555" + String.format("%04d", 100 + i));
  }

  /** Every record of the topic, per partition in offset order. */
  private Map<Integer, List<ConsumerRecord<String, byte[]>>> readAll(String topic, int expected) {
    Map<String, Object> settings = Map.of("bootstrap.servers", kafka.bootstrap(), "enable.auto.commit", "false",
        "isolation.level", "read_committed");
    Map<Integer, List<ConsumerRecord<String, byte[]>>> out = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo p : consumer.partitionsFor(topic)) {
        partitions.add(new TopicPartition(topic, p.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      int count = 0;
      int idle = 0;
      while (idle < 5 && count < expected || idle < 2) {
        int got = 0;
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          out.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r);
          got++;
        }
        count += got;
        idle = got == 0 ? idle + 1 : 0;
      }
    }
    return out;
  }

  @Test
  @DisplayName("publishes every change keyed by its subject: one partition per number, in feed order, as a CloudEvent"
      + " without the number")
  void publishes() throws Exception {
    String topic = "consent.changes." + UUID.randomUUID();
    kafka.createTopic(topic, 3);
    ConsentKit kit = kit(FeedSettings.defaults().withBatchSize(10));
    for (int i = 0; i < 30; i++) {
      PhoneNumber n = number(i % 7);
      switch (i % 3) {
        case 0 -> grant(kit, n);
        case 1 -> kit.inbound().handle(new InboundMessage("recording", "SM-" + i, n, SENDER, "STOP", Instant.now(),
            true, CarrierAction.NONE, null));
        default -> kit.registry().suppress(n, "complaint");
      }
    }
    try (KafkaChangeSink sink = KafkaChangeSink.builder(kafka.producerSettings()).topic(topic).build()) {
      assertThat(kit.changeFeed().deliver("kafka", sink)).isInstanceOf(Delivery.Done.class);
    }
    List<ConsentChange> feed = kit.changeFeed().read(0, 1000);
    assertThat(kit.changeFeed().status("kafka").lag()).isZero();
    Map<Integer, List<ConsumerRecord<String, byte[]>>> got = readAll(topic, feed.size());
    Map<String, ConsentChange> byId = feed.stream().collect(Collectors.toMap(ConsentChange::id, c -> c));
    int total = 0;
    for (List<ConsumerRecord<String, byte[]>> partition : got.values()) {
      Map<String, Long> lastPosition = new HashMap<>();
      for (ConsumerRecord<String, byte[]> r : partition) {
        String json = new String(r.value(), StandardCharsets.UTF_8);
        ConsentChange c = ConsentChange.fromJson(json);
        assertThat(byId.get(c.id())).as("a change of the feed").isNotNull();
        assertThat(json).isEqualTo(byId.get(c.id()).toJson()).doesNotContain("2125550");
        assertThat(r.key()).isEqualTo(c.subject());
        assertThat(new String(r.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
            .isEqualTo(KafkaChangeSink.CONTENT_TYPE);
        long position = byId.get(c.id()).position();
        assertThat(position).as("order of %s", c.subject()).isGreaterThan(lastPosition.getOrDefault(c.subject(), 0L));
        lastPosition.put(c.subject(), position);
        total++;
      }
    }
    assertThat(total).as("each change once when nothing fails").isEqualTo(feed.size());
    assertThat(got.keySet()).as("numbers spread over partitions").hasSizeGreaterThan(1);
  }

  @Test
  @DisplayName("outage: the broker stopped, then killed, and restarted while consents are written and the relay runs"
      + " loses nothing and keeps each number's order")
  void brokerOutage() throws Exception {
    String topic = "consent.outage." + UUID.randomUUID();
    kafka.createTopic(topic, 2);
    ConsentKit kit = kit(FeedSettings.defaults().withBatchSize(50).withRetries(Duration.ofMillis(200),
        Duration.ofSeconds(1)));
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer = new Thread(() -> {
      int i = 0;
      while (writing.get()) {
        PhoneNumber n = number(i % 40);
        if (i % 3 == 2) {
          kit.registry().withdraw(WithdrawRequest.all(n));
        } else {
          grant(kit, n);
        }
        i++;
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    int failed = 0;
    Map<String, Object> settings = new HashMap<>(kafka.producerSettings());
    settings.put("delivery.timeout.ms", "4000");
    settings.put("request.timeout.ms", "2000");
    settings.put("max.block.ms", "2000");
    try (KafkaChangeSink sink = KafkaChangeSink.builder(settings).topic(topic).sendTimeout(Duration.ofSeconds(5))
        .build()) {
      writer.start();
      long start = System.nanoTime();
      int phase = 0;
      while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(24) || phase < 4) {
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (phase == 0 && elapsed > 2000) {
          kafka.stop();
          phase = 1;
        } else if (phase == 1 && elapsed > 7000) {
          kafka.startBroker();
          phase = 2;
        } else if (phase == 2 && elapsed > 11_000) {
          kafka.kill();
          phase = 3;
        } else if (phase == 3 && elapsed > 16_000) {
          kafka.startBroker();
          phase = 4;
        }
        failed += kit.changeFeed().deliver("kafka", sink) instanceof Delivery.Failed ? 1 : 0;
        Thread.sleep(50);
      }
      writing.set(false);
      writer.join(10_000);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (kit.changeFeed().status("kafka").lag() > 0 && System.nanoTime() < deadline) {
        kit.changeFeed().deliver("kafka", sink);
        Thread.sleep(100);
      }
    } finally {
      writing.set(false);
    }
    assertThat(failed).as("deliveries failed while the broker was down").isPositive();
    assertThat(kit.changeFeed().status("kafka").lag()).isZero();
    List<ConsentChange> stored = new ArrayList<>();
    for (List<ConsentChange> page = kit.changeFeed().read(0, 10_000); !page.isEmpty();
        page = kit.changeFeed().read(page.get(page.size() - 1).position(), 10_000)) {
      stored.addAll(page);
    }
    assertThat(stored.size()).as("changes written under load").isGreaterThan(100);
    Map<Integer, List<ConsumerRecord<String, byte[]>>> got = readAll(topic, stored.size());
    Map<String, ConsentChange> first = new LinkedHashMap<>();
    int records = 0;
    for (List<ConsumerRecord<String, byte[]>> partition : got.values()) {
      Map<String, Long> lastSeq = new HashMap<>();
      for (ConsumerRecord<String, byte[]> r : partition) {
        records++;
        ConsentChange c = ConsentChange.fromJson(new String(r.value(), StandardCharsets.UTF_8));
        if (first.putIfAbsent(c.id(), c) == null) {
          assertThat(c.seq()).as("order of %s", c.subject()).isGreaterThan(lastSeq.getOrDefault(c.subject(), 0L));
          lastSeq.put(c.subject(), c.seq());
        }
      }
    }
    Set<String> storedIds = stored.stream().map(ConsentChange::id).collect(Collectors.toSet());
    assertThat(first.keySet()).as("0 lost").containsAll(storedIds);
    System.out.printf("[outage] kafka: %d changes written under load, %d deliveries failed while the broker was stopped"
        + " or killed, %d records received (%d repeats), 0 lost%n", stored.size(), failed, records,
        records - first.size());
  }
}
