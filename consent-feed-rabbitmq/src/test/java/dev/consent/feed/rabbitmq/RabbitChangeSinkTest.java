package dev.consent.feed.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.consent.CarrierAction;
import dev.consent.ConsentMethod;
import dev.consent.GrantRequest;
import dev.consent.InboundMessage;
import dev.consent.Notice;
import dev.consent.PhoneNumber;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.feed.ConsentChange;
import dev.consent.feed.Delivery;
import dev.consent.feed.FeedSettings;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import dev.consent.testkit.Needs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Needs(RabbitRequirements.Broker.class)
@DisplayName("RabbitChangeSink on the local RabbitMQ")
class RabbitChangeSinkTest {
  static final String SENDER = "+14155550100";
  static final PhoneNumber NY = PhoneNumber.parse("+12125550123");
  static final PhoneNumber MIAMI = PhoneNumber.parse("+13055550123");
  static final Program DEALS = Program.of("deals", "ACME Deals", SENDER, "Up to 4 msgs/month",
      "ACME Deals: help at acme.example/help. Reply STOP to cancel.");
  static final Purpose ORDERS = Purpose.service("service.order-updates", "Order updates", DEALS);
  static final Purpose MARKETING = Purpose.marketing("marketing.promotions", "Offers", DEALS, null);

  private final String exchange = "consent.test." + UUID.randomUUID();
  private final String queue = exchange + ".crm";
  private ConnectionFactory factory;
  private Connection connection;
  private Channel admin;

  @BeforeEach
  void connect() throws Exception {
    factory = new ConnectionFactory();
    factory.setHost(RabbitRequirements.HOST);
    factory.setPort(RabbitRequirements.PORT);
    factory.setUsername("guest");
    factory.setPassword("guest");
    factory.setNetworkRecoveryInterval(500);
    connection = factory.newConnection("consent-feed-test");
    admin = connection.createChannel();
    admin.exchangeDeclare(exchange, "topic", true);
  }

  @AfterEach
  void cleanUp() throws Exception {
    try (Connection c = factory.newConnection("consent-feed-cleanup"); Channel ch = c.createChannel()) {
      ch.queueDelete(queue);
      ch.exchangeDelete(exchange);
    }
    connection.abort();
  }

  private void bindQueue() throws Exception {
    admin.queueDeclare(queue, true, false, false, null);
    admin.queueBind(queue, exchange, "#");
  }

  private ConsentKit kit(FeedSettings settings, Clock clock) {
    return ConsentKit.builder().store(new InMemoryConsentStore()).carrier(new RecordingCarrier()).clock(clock)
        .purposes(MARKETING, ORDERS).notices(new Notice(MARKETING.id(), "v1", "en", "Yes, text me offers."))
        .changeFeed(settings).build();
  }

  private static void grant(ConsentKit kit, PhoneNumber n) {
    kit.registry().grant(GrantRequest.of(n, ORDERS.id(), ConsentMethod.WEB_FORM, dev.consent.Channel.WEB, null,
        Map.of("form", "https://acme.example/checkout")));
  }

  /** Every message in the queue, in queue order. */
  private List<GetResponse> drain() throws Exception {
    List<GetResponse> out = new ArrayList<>();
    try (Connection c = factory.newConnection("consent-feed-reader"); Channel ch = c.createChannel()) {
      GetResponse r;
      while ((r = ch.basicGet(queue, true)) != null) {
        out.add(r);
      }
    }
    return out;
  }

  @Test
  @DisplayName("publishes every change once, in feed order, as a persistent CloudEvent with its headers")
  void publishes() throws Exception {
    bindQueue();
    ConsentKit kit = kit(FeedSettings.defaults(), Clock.systemUTC());
    grant(kit, NY);
    kit.inbound().handle(new InboundMessage("recording", "SM-1", NY, SENDER, "STOP", Instant.now(), true,
        CarrierAction.NONE, null));
    kit.registry().suppress(MIAMI, "complaint");
    try (RabbitChangeSink sink = RabbitChangeSink.builder(connection).exchange(exchange).build()) {
      assertThat(kit.changeFeed().deliver("rabbitmq", sink)).isInstanceOf(Delivery.Done.class);
    }
    List<ConsentChange> feed = kit.changeFeed().read(0, 100);
    List<GetResponse> got = drain();
    assertThat(got).hasSize(feed.size());
    for (int i = 0; i < got.size(); i++) {
      GetResponse r = got.get(i);
      ConsentChange c = feed.get(i);
      assertThat(new String(r.getBody(), StandardCharsets.UTF_8)).isEqualTo(c.toJson());
      assertThat(r.getProps().getContentType()).isEqualTo(RabbitChangeSink.CONTENT_TYPE);
      assertThat(r.getProps().getDeliveryMode()).isEqualTo(2);
      assertThat(r.getProps().getMessageId()).isEqualTo(c.id());
      assertThat(r.getProps().getHeaders().get("cloudEvents:subject").toString()).isEqualTo(c.subject());
      assertThat(r.getEnvelope().getRoutingKey()).isEqualTo(c.type().cloudEventType());
      assertThat(new String(r.getBody(), StandardCharsets.UTF_8)).doesNotContain("2125550123", "3055550123");
    }
    assertThat(kit.changeFeed().status("rabbitmq").lag()).isZero();
  }

  @Test
  @DisplayName("an unroutable change fails the delivery: the cursor does not move, and it goes once a queue is bound")
  void unroutable() throws Exception {
    ConsentKit kit = kit(FeedSettings.defaults().withRetries(Duration.ofMillis(1), Duration.ofMillis(1)),
        Clock.systemUTC());
    grant(kit, NY);
    try (RabbitChangeSink sink = RabbitChangeSink.builder(connection).exchange(exchange).build()) {
      assertThat(kit.changeFeed().deliver("rabbitmq", sink)).isInstanceOfSatisfying(Delivery.Failed.class,
          f -> assertThat(f.error()).contains("unroutable"));
      assertThat(kit.changeFeed().status("rabbitmq").position()).isZero();
      bindQueue();
      Thread.sleep(5);
      assertThat(kit.changeFeed().deliver("rabbitmq", sink).delivered()).isEqualTo(1);
    }
    assertThat(drain()).hasSize(1);
  }

  @Test
  @Needs(RabbitRequirements.Control.class)
  @DisplayName("outage: the broker stopped and restarted while consents are written and the relay runs loses"
      + " nothing and keeps each number's order")
  void brokerRestart() throws Exception {
    bindQueue();
    ConsentKit kit = kit(FeedSettings.defaults().withBatchSize(50).withRetries(Duration.ofMillis(200),
        Duration.ofSeconds(1)), Clock.systemUTC());
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger written = new AtomicInteger();
    Thread writer = new Thread(() -> {
      int i = 0;
      while (writing.get()) {
        PhoneNumber n = PhoneNumber.parse("+1212555" + String.format("%04d", 100 + i % 40));
        if (i % 3 == 2) {
          kit.registry().withdraw(dev.consent.WithdrawRequest.all(n));
        } else {
          grant(kit, n);
        }
        written.incrementAndGet();
        i++;
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    int failed = 0;
    try (RabbitChangeSink sink = RabbitChangeSink.builder(connection).exchange(exchange)
        .confirmTimeout(Duration.ofSeconds(3)).build()) {
      writer.start();
      long start = System.nanoTime();
      boolean stopped = false;
      boolean restarted = false;
      while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(12)) {
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (!stopped && elapsed > 2000) {
          rabbitmqctl("stop_app");
          stopped = true;
        }
        if (stopped && !restarted && elapsed > 6000) {
          rabbitmqctl("start_app");
          rabbitmqctl("await_startup");
          restarted = true;
        }
        failed += kit.changeFeed().deliver("rabbitmq", sink) instanceof Delivery.Failed ? 1 : 0;
        Thread.sleep(50);
      }
      writing.set(false);
      writer.join(10_000);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (kit.changeFeed().status("rabbitmq").lag() > 0 && System.nanoTime() < deadline) {
        kit.changeFeed().deliver("rabbitmq", sink);
        Thread.sleep(100);
      }
    } finally {
      writing.set(false);
      rabbitmqctl("start_app");
    }
    assertThat(failed).as("deliveries failed while the broker was down").isPositive();
    assertThat(kit.changeFeed().status("rabbitmq").lag()).isZero();
    List<ConsentChange> stored = kit.changeFeed().read(0, 10_000);
    assertThat(stored.size()).as("changes written under load").isGreaterThan(100);
    Map<String, ConsentChange> first = new LinkedHashMap<>();
    List<GetResponse> got = drain();
    for (GetResponse r : got) {
      ConsentChange c = ConsentChange.fromJson(new String(r.getBody(), StandardCharsets.UTF_8));
      first.putIfAbsent(c.id(), c);
    }
    assertThat(first.keySet()).as("0 lost").containsAll(stored.stream().map(ConsentChange::id).toList());
    System.out.printf("[outage] rabbitmq: %d changes written under load, %d deliveries failed while the broker was"
        + " down, %d messages received (%d repeats), 0 lost%n", stored.size(), failed, got.size(), got.size() - first.size());
    Map<String, Long> lastSeq = new HashMap<>();
    for (ConsentChange c : first.values()) {
      assertThat(c.seq()).as("order of %s", c.subject()).isGreaterThan(lastSeq.getOrDefault(c.subject(), 0L));
      lastSeq.put(c.subject(), c.seq());
    }
  }

  private static void rabbitmqctl(String command) throws Exception {
    Process p = new ProcessBuilder("rabbitmqctl", "-q", command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("rabbitmqctl " + command).isTrue();
    assertThat(p.exitValue()).as("rabbitmqctl " + command + ": " + out).isZero();
  }
}
