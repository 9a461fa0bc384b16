package dev.consent.feed.kafka;

import dev.consent.error.ConfigurationException;
import dev.consent.feed.ChangeSink;
import dev.consent.feed.ConsentChange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

/**
 * Publishes the consent change feed to a Kafka topic: each change one record in CloudEvents
 * structured mode (header {@code content-type: application/cloudevents+json}, the value {@link
 * ConsentChange#toJson()}), keyed by the change's subject, the person's pseudonymous reference, so
 * that all changes of one number go to one partition and keep their order there.
 *
 * <p>The sink owns an idempotent producer ({@code enable.idempotence=true}, {@code acks=all}), made
 * from the host's producer settings (bootstrap servers, security): settings that would weaken
 * delivery are refused. {@link #accept} sends the batch, flushes, and returns only when the broker
 * acknowledged every record; otherwise it closes the producer at once (so that no record of the
 * failed batch can still arrive behind a later one) and throws: the feed delivers the batch again,
 * from its first change, with a new producer (at least once).
 *
 * <pre>{@code
 * KafkaChangeSink sink = KafkaChangeSink.builder(Map.of("bootstrap.servers", "kafka-1:9092"))
 *     .topic("consent.changes").build();
 * kit.changeFeed().deliver("kafka", sink);                  // from the host's scheduler
 * }</pre>
 *
 * <p>Thread-safe: batches are sent one at a time. Close it when the host stops.
 *
 * @since 0.5
 */
public final class KafkaChangeSink implements ChangeSink, AutoCloseable {
  /** The content type of CloudEvents in structured mode (JSON event format). */
  public static final String CONTENT_TYPE = "application/cloudevents+json";

  /** Producer settings the sink fixes: the host cannot weaken them. */
  private static final Map<String, Object> FIXED = Map.of(
      ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
      ProducerConfig.ACKS_CONFIG, "all",
      ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
      ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());

  private static final byte[] CONTENT_TYPE_BYTES = CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);

  private final Supplier<Producer<String, byte[]>> producers;
  private final String topic;
  private final Duration sendTimeout;
  private @Nullable Producer<String, byte[]> producer;

  private KafkaChangeSink(Supplier<Producer<String, byte[]>> producers, String topic, Duration sendTimeout) {
    this.producers = producers;
    this.topic = topic;
    this.sendTimeout = sendTimeout;
  }

  /**
   * A builder on the host's producer settings ({@code bootstrap.servers} at least; security, client
   * id, compression, batching as the host likes). Idempotence, {@code acks=all} and the serializers
   * are fixed by the sink.
   *
   * @throws ConfigurationException if a setting contradicts idempotent, acknowledged delivery
   */
  public static Builder builder(Map<String, ?> producerSettings) {
    return new Builder(producerSettings);
  }

  @Override
  public synchronized void accept(List<ConsentChange> changes) throws ExecutionException, TimeoutException,
      InterruptedException {
    if (changes.isEmpty()) {
      return;
    }
    Producer<String, byte[]> p = producer();
    List<Future<RecordMetadata>> acks = new ArrayList<>(changes.size());
    long deadline = System.nanoTime() + sendTimeout.toNanos();
    try {
      for (ConsentChange c : changes) {
        Future<RecordMetadata> ack = p.send(record(c));
        acks.add(ack);
        if (ack.isDone()) {
          // a refused record (no metadata within max.block.ms, too large) fails the batch at once: sending
          // the rest would only block as long again for each of them
          ack.get();
        }
        checkDeadline(deadline, changes.size());
      }
      p.flush();
      for (Future<RecordMetadata> ack : acks) {
        ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      abort();
      throw e;
    } catch (InterruptedException e) {
      abort();
      Thread.currentThread().interrupt();
      throw e;
    }
  }

  private void checkDeadline(long deadline, int size) throws TimeoutException {
    if (System.nanoTime() - deadline > 0) {
      throw new TimeoutException("a batch of " + size + " changes was not sent within " + sendTimeout);
    }
  }

  private ProducerRecord<String, byte[]> record(ConsentChange c) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(new RecordHeader("content-type", CONTENT_TYPE_BYTES));
    return new ProducerRecord<>(topic, null, c.subject(), c.toJson().getBytes(StandardCharsets.UTF_8), headers);
  }

  private Producer<String, byte[]> producer() {
    Producer<String, byte[]> p = producer;
    if (p == null) {
      p = producers.get();
      producer = p;
    }
    return p;
  }

  /** Drops the producer and what it still holds: the next batch starts with a new one. */
  private void abort() {
    Producer<String, byte[]> p = producer;
    producer = null;
    if (p != null) {
      try {
        p.close(Duration.ZERO);
      } catch (RuntimeException ignored) {
        // the producer is gone either way: the next batch makes a new one
      }
    }
  }

  /** Closes the producer, waiting up to the send timeout for records it still holds. */
  @Override
  public synchronized void close() {
    Producer<String, byte[]> p = producer;
    producer = null;
    if (p != null) {
      p.close(sendTimeout);
    }
  }

  @Override
  public String toString() {
    return "KafkaChangeSink[topic=" + topic + "]";
  }

  /** Options of a {@link KafkaChangeSink}. */
  public static final class Builder {
    private final Map<String, Object> settings;
    private String topic = "";
    private Duration sendTimeout = Duration.ofSeconds(30);

    private Builder(Map<String, ?> producerSettings) {
      if (producerSettings == null || producerSettings.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
        throw new ConfigurationException("producer settings with bootstrap.servers are required");
      }
      Map<String, Object> copy = new HashMap<>();
      producerSettings.forEach((k, v) -> {
        Object fixed = FIXED.get(k);
        if (fixed != null && v != null && !fixed.equals(String.valueOf(v)) && !(v instanceof Class<?> c
            && c.getName().equals(fixed))) {
          throw new ConfigurationException("producer setting " + k + " is fixed by the sink to " + fixed
              + " (idempotent, acknowledged delivery)");
        }
        copy.put(k, v);
      });
      Object inFlight = copy.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
      if (inFlight != null && parsePositive(inFlight) > 5) {
        throw new ConfigurationException(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION
            + " must be at most 5 for an idempotent producer to keep each number's order");
      }
      copy.putAll(FIXED);
      this.settings = copy;
    }

    private static long parsePositive(Object value) {
      try {
        return Long.parseLong(String.valueOf(value).trim());
      } catch (NumberFormatException e) {
        throw new ConfigurationException(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION + " must be a number");
      }
    }

    /** The topic to publish to (created by the host, with as many partitions as it likes). */
    public Builder topic(String value) {
      if (value == null || !value.matches("[A-Za-z0-9._-]{1,249}") || value.equals(".") || value.equals("..")) {
        throw new ConfigurationException("topic must be 1-249 letters, digits, '.', '_' or '-'");
      }
      this.topic = value;
      return this;
    }

    /**
     * How long a batch waits for the broker's acknowledgements before it counts as failed (default
     * 30 s). Keep the producer's {@code delivery.timeout.ms} at most this long, or a record may still
     * be retried inside a producer the sink already dropped (it is then discarded, never reordered).
     */
    public Builder sendTimeout(Duration value) {
      if (value == null || value.isNegative() || value.isZero() || value.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new ConfigurationException("send timeout must be positive and at most 10 minutes");
      }
      this.sendTimeout = value;
      return this;
    }

    public KafkaChangeSink build() {
      if (topic.isEmpty()) {
        throw new ConfigurationException("a topic is required");
      }
      Map<String, Object> producerSettings = Map.copyOf(settings);
      return new KafkaChangeSink(() -> new KafkaProducer<>(producerSettings), topic, sendTimeout);
    }

    /** A sink over producers the test makes (for the unit tests: a mock producer). */
    KafkaChangeSink build(Supplier<Producer<String, byte[]>> producers) {
      if (topic.isEmpty()) {
        throw new ConfigurationException("a topic is required");
      }
      return new KafkaChangeSink(producers, topic, sendTimeout);
    }
  }
}
