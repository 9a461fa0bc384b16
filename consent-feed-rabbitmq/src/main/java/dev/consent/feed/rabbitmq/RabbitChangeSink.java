package dev.consent.feed.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.consent.error.ConfigurationException;
import dev.consent.feed.ChangeSink;
import dev.consent.feed.ConsentChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Publishes the consent change feed to a RabbitMQ exchange: each change a persistent message in
 * CloudEvents structured mode (content type {@code application/cloudevents+json}, the body {@link
 * ConsentChange#toJson()}), with its id as the message id and {@code cloudEvents:}-prefixed headers
 * (id, type, source, subject, time) for routing and filtering.
 *
 * <p>{@link #accept} publishes the batch with the mandatory flag, waits for the broker's publisher
 * confirms of every message, and throws when any was nacked, returned as unroutable, or not
 * confirmed in time: the feed then delivers the batch again (at least once). A channel that failed
 * is closed and a new one opened on the next batch; the host's {@link Connection} (with automatic
 * recovery, the client's default) comes back by itself after a broker restart.
 *
 * <pre>{@code
 * ConnectionFactory f = new ConnectionFactory();           // the host's broker settings
 * RabbitChangeSink sink = RabbitChangeSink.builder(f.newConnection("consent-feed"))
 *     .exchange("consent.changes").build();
 * kit.changeFeed().deliver("rabbitmq", sink);              // from the host's scheduler
 * }</pre>
 *
 * <p>Order: RabbitMQ keeps the order of one publisher's messages within each queue, so a consumer
 * that reads one queue sees a number's changes in order. Spreading a subscriber over several queues
 * (competing consumers, or a consistent-hash exchange) keeps it only when it routes by the change's
 * subject. A consumer skips a position it has applied: delivery is at least once.
 *
 * <p>Thread-safe: batches are published one at a time.
 *
 * @since 0.5
 */
public final class RabbitChangeSink implements ChangeSink, AutoCloseable {
  /** The content type of CloudEvents in structured mode (JSON event format). */
  public static final String CONTENT_TYPE = "application/cloudevents+json";

  private final Connection connection;
  private final String exchange;
  private final Function<ConsentChange, String> routingKey;
  private final Duration confirmTimeout;
  private final AtomicInteger returned = new AtomicInteger();
  private @Nullable Channel channel;

  private RabbitChangeSink(Builder b) {
    this.connection = b.connection;
    this.exchange = b.exchange;
    this.routingKey = b.routingKey;
    this.confirmTimeout = b.confirmTimeout;
  }

  /** A builder on the host's connection. */
  public static Builder builder(Connection connection) {
    return new Builder(connection);
  }

  @Override
  public synchronized void accept(List<ConsentChange> changes) throws IOException, TimeoutException,
      InterruptedException {
    if (changes.isEmpty()) {
      return;
    }
    Channel ch = channel();
    returned.set(0);
    try {
      for (ConsentChange c : changes) {
        ch.basicPublish(exchange, routingKey.apply(c), true, properties(c), c.toJson().getBytes(StandardCharsets.UTF_8));
      }
      // throws IOException on a nack; the broker sends basic.return before the ack of a returned message
      ch.waitForConfirmsOrDie(confirmTimeout.toMillis());
    } catch (IOException | TimeoutException | RuntimeException e) {
      abort();
      throw e;
    } catch (InterruptedException e) {
      abort();
      Thread.currentThread().interrupt();
      throw e;
    }
    int unroutable = returned.get();
    if (unroutable > 0) {
      throw new IOException(unroutable + " of " + changes.size() + " changes were returned as unroutable by exchange '"
          + exchange + "': bind a queue for them");
    }
  }

  private static AMQP.BasicProperties properties(ConsentChange c) {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("cloudEvents:specversion", ConsentChange.SPEC_VERSION);
    headers.put("cloudEvents:id", c.id());
    headers.put("cloudEvents:type", c.type().cloudEventType());
    headers.put("cloudEvents:source", c.source());
    headers.put("cloudEvents:subject", c.subject());
    headers.put("cloudEvents:time", c.time().toString());
    return new AMQP.BasicProperties.Builder().contentType(CONTENT_TYPE).contentEncoding("utf-8").deliveryMode(2)
        .messageId(c.id()).timestamp(Date.from(c.time())).type(c.type().cloudEventType()).headers(headers).build();
  }

  private Channel channel() throws IOException {
    Channel ch = channel;
    if (ch == null || !ch.isOpen()) {
      ch = connection.createChannel();
      ch.confirmSelect();
      ch.addReturnListener(r -> returned.incrementAndGet());
      channel = ch;
    }
    return ch;
  }

  private void abort() {
    Channel ch = channel;
    channel = null;
    if (ch != null) {
      try {
        ch.abort();
      } catch (IOException | RuntimeException ignored) {
        // the channel is gone either way: the next batch opens a new one
      }
    }
  }

  /** Closes the sink's channel (not the host's connection). */
  @Override
  public synchronized void close() {
    abort();
  }

  @Override
  public String toString() {
    return "RabbitChangeSink[exchange=" + exchange + "]";
  }

  /** Options of a {@link RabbitChangeSink}. */
  public static final class Builder {
    private final Connection connection;
    private String exchange = "";
    private Function<ConsentChange, String> routingKey = c -> c.type().cloudEventType();
    private Duration confirmTimeout = Duration.ofSeconds(10);

    private Builder(Connection connection) {
      if (connection == null) {
        throw new ConfigurationException("a RabbitMQ connection is required");
      }
      this.connection = connection;
    }

    /** The exchange to publish to (declared by the host, with the queues bound to it). */
    public Builder exchange(String value) {
      if (value == null || value.isBlank() || value.length() > 255) {
        throw new ConfigurationException("exchange must be 1-255 characters");
      }
      this.exchange = value;
      return this;
    }

    /** The routing key of a change; default its CloudEvents type, e.g. {@code dev.consent.consent.withdrawn}. */
    public Builder routingKey(Function<ConsentChange, String> value) {
      if (value == null) {
        throw new ConfigurationException("routing key function is required");
      }
      this.routingKey = value;
      return this;
    }

    /** How long a batch waits for the broker's confirms before it counts as failed (default 10 s). */
    public Builder confirmTimeout(Duration value) {
      if (value == null || value.isNegative() || value.isZero() || value.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new ConfigurationException("confirm timeout must be positive and at most 10 minutes");
      }
      this.confirmTimeout = value;
      return this;
    }

    public RabbitChangeSink build() {
      if (exchange.isEmpty()) {
        throw new ConfigurationException("an exchange is required");
      }
      return new RabbitChangeSink(this);
    }
  }
}
