package dev.consent.feed.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.ConfigurationException;
import dev.consent.feed.ChangeType;
import dev.consent.feed.ConsentChange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("KafkaChangeSink without a broker")
class KafkaChangeSinkUnitTest {
  static final Map<String, Object> BOOTSTRAP = Map.of("bootstrap.servers", "127.0.0.1:9");

  static ConsentChange change(long position, String subject) {
    return new ConsentChange(position, "ev-" + position, "acme", ChangeType.WITHDRAWN, subject,
        Instant.parse("2026-12-03T10:00:00Z"), "marketing.promotions", dev.consent.ConsentState.WITHDRAWN, position,
        null, "SMS_KEYWORD", null);
  }

  /** A producer whose records the test acknowledges or fails itself (a flush does not complete them). */
  static MockProducer<String, byte[]> manual() {
    return new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer()) {
      @Override
      public synchronized void flush() {
        // the broker has not answered yet: acknowledgements stay pending until the test completes them
      }
    };
  }

  @Nested
  @DisplayName("settings")
  class Settings {
    @Test
    @DisplayName("settings that would weaken delivery are refused with the reason; the sink's own are accepted")
    void weakening() {
      assertThatThrownBy(() -> KafkaChangeSink.builder(Map.of())).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("bootstrap.servers");
      for (Map<String, Object> bad : List.<Map<String, Object>>of(
          Map.of("bootstrap.servers", "k:9092", "acks", "1"),
          Map.of("bootstrap.servers", "k:9092", "acks", 0),
          Map.of("bootstrap.servers", "k:9092", "enable.idempotence", false),
          Map.of("bootstrap.servers", "k:9092", "value.serializer", StringSerializer.class))) {
        assertThatThrownBy(() -> KafkaChangeSink.builder(bad)).as("%s", bad).isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("fixed by the sink");
      }
      assertThatThrownBy(() -> KafkaChangeSink.builder(Map.of("bootstrap.servers", "k:9092",
          "max.in.flight.requests.per.connection", "6"))).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("at most 5");
      assertThat(KafkaChangeSink.builder(Map.of("bootstrap.servers", "k:9092", "acks", "all", "enable.idempotence",
          true, "value.serializer", ByteArraySerializer.class, "max.in.flight.requests.per.connection", 5))
          .topic("t").build()).hasToString("KafkaChangeSink[topic=t]");
    }

    @Test
    @DisplayName("a topic is required and must be a legal Kafka topic name; the send timeout is bounded")
    void topicAndTimeout() {
      assertThatThrownBy(() -> KafkaChangeSink.builder(BOOTSTRAP).build()).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("topic");
      for (String bad : new String[] {"", "..", "a b", "x".repeat(250), "ümlaut"}) {
        assertThatThrownBy(() -> KafkaChangeSink.builder(BOOTSTRAP).topic(bad)).as(bad)
            .isInstanceOf(ConfigurationException.class);
      }
      assertThatThrownBy(() -> KafkaChangeSink.builder(BOOTSTRAP).sendTimeout(Duration.ZERO))
          .isInstanceOf(ConfigurationException.class);
      assertThatThrownBy(() -> KafkaChangeSink.builder(BOOTSTRAP).sendTimeout(Duration.ofMinutes(11)))
          .isInstanceOf(ConfigurationException.class);
    }
  }

  @Nested
  @DisplayName("sending")
  class Sending {
    @Test
    @DisplayName("each change a record keyed by its subject, the CloudEvent as value, with the content-type header")
    void records() throws Exception {
      MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
          new ByteArraySerializer());
      try (KafkaChangeSink sink = KafkaChangeSink.builder(BOOTSTRAP).topic("consent.changes").build(() -> producer)) {
        sink.accept(List.of(change(1, "s-a"), change(2, "s-b"), change(3, "s-a")));
      }
      List<ProducerRecord<String, byte[]>> sent = producer.history();
      assertThat(sent).extracting(ProducerRecord::key).containsExactly("s-a", "s-b", "s-a");
      assertThat(sent).allSatisfy(r -> {
        assertThat(r.topic()).isEqualTo("consent.changes");
        assertThat(new String(r.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
            .isEqualTo(KafkaChangeSink.CONTENT_TYPE);
      });
      assertThat(new String(sent.get(1).value(), StandardCharsets.UTF_8)).isEqualTo(change(2, "s-b").toJson());
      assertThat(producer.closed()).as("closed with the sink").isTrue();
    }

    @Test
    @DisplayName("a record the broker refuses fails the whole batch and drops the producer; the next batch has a new one")
    void failure() throws Exception {
      List<MockProducer<String, byte[]>> made = new java.util.concurrent.CopyOnWriteArrayList<>();
      KafkaChangeSink sink = KafkaChangeSink.builder(BOOTSTRAP).topic("t").build(() -> {
        MockProducer<String, byte[]> p = manual();
        made.add(p);
        return p;
      });
      Thread broker = new Thread(() -> {
        while (made.isEmpty() || made.get(0).history().size() < 2) {
          Thread.onSpinWait();
        }
        made.get(0).completeNext();
        made.get(0).errorNext(new NotEnoughReplicasException("not enough replicas"));
      });
      broker.start();
      assertThatThrownBy(() -> sink.accept(List.of(change(1, "s-a"), change(2, "s-a"))))
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(NotEnoughReplicasException.class);
      broker.join();
      assertThat(made.get(0).closed()).as("the failed producer is dropped").isTrue();
      Thread ack = new Thread(() -> {
        while (made.size() < 2 || made.get(1).history().size() < 2) {
          Thread.onSpinWait();
        }
        made.get(1).completeNext();
        made.get(1).completeNext();
      });
      ack.start();
      sink.accept(List.of(change(1, "s-a"), change(2, "s-a")));
      ack.join();
      assertThat(made).hasSize(2);
      assertThat(made.get(1).history()).hasSize(2);
      sink.close();
    }

    @Test
    @DisplayName("a batch the broker does not acknowledge in time fails (a timeout, not a hang)")
    void timeout() {
      MockProducer<String, byte[]> producer = manual();
      KafkaChangeSink sink = KafkaChangeSink.builder(BOOTSTRAP).topic("t").sendTimeout(Duration.ofMillis(50))
          .build(() -> producer);
      assertThatThrownBy(() -> sink.accept(List.of(change(1, "s-a"))))
          .isInstanceOf(java.util.concurrent.TimeoutException.class);
      assertThat(producer.closed()).isTrue();
    }

    @Test
    @DisplayName("an empty batch makes no producer")
    void empty() throws Exception {
      KafkaChangeSink sink = KafkaChangeSink.builder(BOOTSTRAP).topic("t").build(() -> {
        throw new AssertionError("no producer for an empty batch");
      });
      sink.accept(List.of());
      sink.close();
    }
  }
}
