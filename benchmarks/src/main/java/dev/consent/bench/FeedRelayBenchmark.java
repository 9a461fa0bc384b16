package dev.consent.bench;

import dev.consent.Channel;
import dev.consent.ConsentMethod;
import dev.consent.GrantRequest;
import dev.consent.PhoneNumber;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.feed.ChangeFeed;
import dev.consent.feed.ChangeSink;
import dev.consent.feed.Delivery;
import dev.consent.feed.FeedSettings;
import dev.consent.feed.kafka.KafkaChangeSink;
import dev.consent.feed.kafka.LocalKafka;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Target 6: the change feed's relay delivers at least 10,000 events/s to Kafka on this machine. A
 * real single-node broker in KRaft mode runs in its own JVM on the same 2 cores (started from the
 * kafka_2.13 artifact); a topic of 6 partitions; an in-memory kit whose feed holds {@code changes}
 * changes of as many numbers, written before each iteration. Each invocation is one {@code
 * deliver(..)} of up to 20 batches of 1,000 changes through {@link KafkaChangeSink}: read from the
 * feed, sent by the idempotent producer, acknowledged by the broker ({@code acks=all}), cursor moved.
 * The score that counts is the auxiliary counter {@code events} (changes delivered per second); the
 * baseline, in the same run, is the same relay into a sink that only encodes each change (the
 * relay's own cost, without a broker).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class FeedRelayBenchmark {
  static final Program DEALS = Program.of("deals", "ACME Deals", "+14155550100", "Up to 4 msgs/month",
      "ACME Deals: help at acme.example/help. Reply STOP to cancel.");
  static final Purpose ORDERS = Purpose.service("service.order-updates", "Order updates", DEALS);

  /** Changes written before each iteration: more than an iteration can deliver at the target. */
  @Param("300000")
  public int changes;

  private LocalKafka kafka;
  private KafkaChangeSink kafkaSink;
  private ChangeFeed feed;
  private PhoneNumber[] numbers;

  /** Changes delivered: the figure that counts, per second. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Delivered {
    public long events;

    @Setup(Level.Iteration)
    public void reset() {
      events = 0;
    }
  }

  @Setup(Level.Trial)
  public void startBroker() throws Exception {
    numbers = Numbers.generate(changes, 6);
    kafka = LocalKafka.start();
    String topic = "consent.changes." + UUID.randomUUID();
    kafka.createTopic(topic, 6);
    kafkaSink = KafkaChangeSink.builder(Map.of("bootstrap.servers", kafka.bootstrap(), "linger.ms", "5",
        "compression.type", "lz4")).topic(topic).build();
  }

  @Setup(Level.Iteration)
  public void writeChanges() {
    ConsentKit kit = ConsentKit.builder().store(new InMemoryConsentStore()).carrier(new RecordingCarrier())
        .clock(java.time.Clock.systemUTC()).purposes(ORDERS).changeFeed(FeedSettings.defaults().withBatchSize(1000)).build();
    for (int i = 0; i < changes; i++) {
      kit.registry().grant(GrantRequest.of(numbers[i], ORDERS.id(), ConsentMethod.WEB_FORM,
          Channel.WEB, null, Map.of("form", "https://acme.example/checkout")));
    }
    feed = kit.changeFeed();
  }

  @TearDown(Level.Trial)
  public void stopBroker() throws Exception {
    kafkaSink.close();
    kafka.close();
  }

  @Benchmark
  public long relayToKafka(Delivered d) {
    return deliver("kafka", kafkaSink, d);
  }

  @Benchmark
  public long relayToEncoder(Delivered d, Blackhole bh) {
    return deliver("encoder", batch -> batch.forEach(c -> bh.consume(c.toJson().getBytes(StandardCharsets.UTF_8))), d);
  }

  private long deliver(String subscriber, ChangeSink sink, Delivered d) {
    Delivery result = feed.deliver(subscriber, sink);
    if (!(result instanceof Delivery.Done done)) {
      throw new IllegalStateException("the relay failed: " + result);
    }
    d.events += done.delivered();
    return done.delivered();
  }
}
