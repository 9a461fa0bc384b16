package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.CarrierAction;
import dev.consent.Channel;
import dev.consent.ConsentMethod;
import dev.consent.ConsentState;
import dev.consent.GrantRequest;
import dev.consent.InboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import dev.consent.SuppressionReason;
import dev.consent.WithdrawRequest;
import dev.consent.error.ConfigurationException;
import dev.consent.feed.ChangeType;
import dev.consent.feed.ConsentChange;
import dev.consent.feed.Delivery;
import dev.consent.feed.FeedSettings;
import dev.consent.feed.SubscriberStatus;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import dev.consent.spi.ChangeFeedStore;
import dev.consent.spi.FeedCursor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The {@link ChangeFeedStore} contract: a change stored with each write that changed something and
 * only then, positions increasing per number, reads by position, cursors moved by compare-and-set;
 * and through kits: listeners get every change at least once and in order per number, failures are
 * retried after a pause that doubles, one instance at a time holds a subscriber, numbers only when
 * asked for. A store's test extends this class.
 */
@org.junit.jupiter.api.extension.ExtendWith(LogCheck.class)
public abstract class ChangeFeedStoreContract extends KitScenario {
  /** The store under test as a change feed store (usually the same object as {@link #store()}). */
  protected abstract ChangeFeedStore feedStore();

  protected String tenant;
  protected MutableClock clock;

  @BeforeEach
  void newTenant() {
    tenant = "f-" + UUID.randomUUID().toString().substring(0, 12);
    clock = MutableClock.at(MONDAY_11_NY);
  }

  protected ConsentKit kit(FeedSettings settings, MutableClock at) {
    return ConsentKit.builder().tenant(tenant).store(store()).carrier(new RecordingCarrier()).clock(at)
        .purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE).changeFeedStore(feedStore())
        .changeFeed(settings).build();
  }

  protected ConsentKit kit() {
    return kit(FeedSettings.defaults().withRetries(Duration.ofSeconds(1), Duration.ofSeconds(4)), clock);
  }

  protected static void grant(ConsentKit kit, PhoneNumber n, String key) {
    kit.registry().grant(GrantRequest.of(n, ORDERS, ConsentMethod.WEB_FORM, Channel.WEB, null, Map.of("form", "f"))
        .withIdempotencyKey(key));
  }

  private static final AtomicInteger INBOUND = new AtomicInteger();

  protected static void reply(ConsentKit kit, PhoneNumber from, String body, MutableClock at) {
    kit.inbound().handle(new InboundMessage("recording", "SM-f" + INBOUND.incrementAndGet(), from, SENDER, body,
        at.instant(), true, CarrierAction.NONE, null));
  }

  /** A sink that keeps what it took, in order. */
  protected static final class Taken implements dev.consent.feed.ChangeSink {
    final List<ConsentChange> all = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void accept(List<ConsentChange> changes) {
      all.addAll(changes);
    }

    List<ChangeType> types() {
      return all.stream().map(ConsentChange::type).toList();
    }
  }

  @Nested
  @DisplayName("rows")
  class Rows {
    @Test
    @DisplayName("a change is stored with each write that changed something, and only then")
    void onlyWhenChanged() {
      ConsentKit kit = kit();
      grant(kit, NY, "k-1");
      grant(kit, NY, "k-1");
      assertThat(feedStore().changes(tenant, 0, 10)).singleElement().satisfies(c -> {
        assertThat(c.type()).isEqualTo(ChangeType.GRANTED);
        assertThat(c.purposeId()).isEqualTo(ORDERS);
        assertThat(c.state()).isEqualTo(ConsentState.GRANTED);
        assertThat(c.seq()).isEqualTo(1);
        assertThat(c.subject()).isEqualTo(store().subjectRef(tenant, NY));
        assertThat(c.position()).isPositive();
      });
      Suppression s = new Suppression(tenant, NY, Suppression.ALL, SuppressionReason.HOST, clock.instant(),
          new TreeMap<>());
      ConsentChange suppressed = new ConsentChange(0, "s-1", tenant, ChangeType.SUPPRESSED,
          store().subjectRef(tenant, NY), clock.instant(), null, null, 0, "all", "HOST", null);
      assertThat(feedStore().suppress(s, suppressed)).isTrue();
      assertThat(feedStore().suppress(s, suppressed)).as("already held").isFalse();
      ConsentChange lifted = new ConsentChange(0, "l-1", tenant, ChangeType.UNSUPPRESSED,
          store().subjectRef(tenant, NY), clock.instant(), null, null, 0, "all", null, null);
      assertThat(feedStore().lift(tenant, NY, "all", lifted)).isTrue();
      assertThat(feedStore().lift(tenant, NY, "all", lifted)).as("none to lift").isFalse();
      assertThat(feedStore().changes(tenant, 0, 10)).extracting(ConsentChange::id).containsExactly(
          feedStore().changes(tenant, 0, 1).get(0).id(), "s-1", "l-1");
      assertThat(store().suppressions(tenant, NY)).isEmpty();
    }

    @Test
    @DisplayName("reads page by position; changesAt and changePositions see what is there; newest is the greatest")
    void reads() {
      ConsentKit kit = kit();
      for (int i = 0; i < 5; i++) {
        grant(kit, PhoneNumber.parse("+1212555010" + i), "k-" + i);
      }
      List<ConsentChange> all = feedStore().changes(tenant, 0, 100);
      assertThat(all).hasSize(5);
      assertThat(all).extracting(ConsentChange::position).isSorted().doesNotHaveDuplicates();
      assertThat(feedStore().changes(tenant, all.get(1).position(), 2)).containsExactly(all.get(2), all.get(3));
      assertThat(feedStore().changesAt(tenant, Set.of(all.get(4).position(), all.get(0).position())))
          .containsExactly(all.get(0), all.get(4));
      assertThat(feedStore().changePositions(all.get(0).position() - 1, all.get(4).position()))
          .containsAll(all.stream().map(ConsentChange::position).toList());
      assertThat(feedStore().newestChange(tenant)).isEqualTo(all.get(4).position());
      assertThat(feedStore().newestChange(tenant + "-none")).isZero();
      assertThat(feedStore().changes(tenant + "-none", 0, 10)).isEmpty();
    }

    @Test
    @DisplayName("a cursor is saved by compare-and-set on its version, gaps and all")
    void cursors() {
      FeedCursor first = new FeedCursor(tenant, "crm", 0, 1, "me", clock.instant(), null, 0, null, null,
          new TreeMap<>(Map.of(7L, clock.instant())));
      assertThat(feedStore().saveFeedCursor(null, first)).isTrue();
      assertThat(feedStore().saveFeedCursor(null, first)).as("already stored").isFalse();
      assertThat(feedStore().feedCursor(tenant, "crm")).contains(first);
      FeedCursor second = new FeedCursor(tenant, "crm", 42, 2, null, null, clock.instant(), 3, "Boom: x",
          clock.instant().plusSeconds(8), new TreeMap<>());
      FeedCursor stale = new FeedCursor(tenant, "crm", 40, 2, null, null, null, 0, null, null, new TreeMap<>());
      assertThat(feedStore().saveFeedCursor(first, second)).isTrue();
      assertThat(feedStore().saveFeedCursor(first, stale)).as("moved on").isFalse();
      assertThat(feedStore().feedCursor(tenant, "crm")).contains(second);
      assertThat(feedStore().saveFeedCursor(null, FeedCursor.start(tenant, "other").equals(first) ? first
          : new FeedCursor(tenant, "other", 0, 1, null, null, null, 0, null, null, new TreeMap<>()))).isTrue();
      assertThat(feedStore().feedCursors(tenant)).extracting(FeedCursor::subscriber).containsExactly("crm", "other");
      assertThat(feedStore().feedCursor(tenant + "-none", "crm")).isEmpty();
    }

    @Test
    @DisplayName("two instances x 8 threads writing the same and different numbers: one change per event,"
        + " each number's changes in chain order")
    void concurrentWriters() throws Exception {
      List<ConsentKit> kits = List.of(kit(), kit(FeedSettings.defaults(), MutableClock.at(MONDAY_11_NY.plusSeconds(90))));
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
          ConsentKit kit = kits.get(t % 2);
          int me = t;
          done.add(pool.submit(() -> {
            for (int i = 0; i < 10; i++) {
              PhoneNumber n = PhoneNumber.parse("+1212555011" + ((me + i) % 8));
              if ((me + i) % 3 == 0) {
                kit.registry().withdraw(WithdrawRequest.all(n));
              } else {
                grant(kit, n, "w-" + me + "-" + i);
              }
            }
          }));
        }
        for (Future<?> f : done) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      List<ConsentChange> all = feedStore().changes(tenant, 0, 10_000);
      long events = 0;
      for (int i = 0; i < 8; i++) {
        PhoneNumber n = PhoneNumber.parse("+1212555011" + i);
        String ref = store().subjectRef(tenant, n);
        List<Long> seqs = all.stream().filter(c -> c.subject().equals(ref)).map(ConsentChange::seq).toList();
        int history = kits.get(0).registry().history(n).size();
        assertThat(seqs).as("number %d: one change per event, in chain order", i)
            .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, history).boxed().toList());
        events += history;
      }
      assertThat(all).hasSize((int) events);
    }
  }

  @Nested
  @DisplayName("through kits")
  class Relay {
    @Test
    @DisplayName("a listener gets every change once when nothing fails, in order, as CloudEvents without numbers")
    void listener() {
      ConsentKit kit = kit();
      grant(kit, NY, "g-1");
      reply(kit, NY, "STOP", clock);
      kit.registry().suppress(MIAMI, "complaint");
      Taken taken = new Taken();
      Delivery d = kit.changeFeed().deliver("crm", taken);
      // (moreDue may be true in a shared table: positions rolled back by other tenants' writes are gaps)
      assertThat(d).isInstanceOfSatisfying(Delivery.Done.class,
          done -> assertThat(done.delivered()).isEqualTo(taken.all.size()));
      assertThat(taken.types()).startsWith(ChangeType.GRANTED).contains(ChangeType.WITHDRAWN)
          .endsWith(ChangeType.SUPPRESSED);
      assertThat(taken.all).extracting(ConsentChange::position).isSorted();
      assertThat(kit.changeFeed().deliver("crm", taken).delivered()).isZero();
      SubscriberStatus s = kit.changeFeed().status("crm");
      assertThat(s.lag()).isZero();
      assertThat(s.position()).isEqualTo(taken.all.get(taken.all.size() - 1).position());
      assertThat(s.deliveredAt()).isEqualTo(clock.instant());
      for (ConsentChange c : taken.all) {
        String json = c.toJson();
        assertThat(json).contains("\"specversion\":\"1.0\"", "\"source\":\"urn:dev.consent:" + tenant + "\"",
            "\"type\":\"" + c.type().cloudEventType() + "\"").doesNotContain("2125550123", "3055550123");
        assertThat(ConsentChange.fromJson(json)).isEqualTo(c);
      }
      assertThat(kit.changeFeed().subscribers()).extracting(SubscriberStatus::subscriber).containsExactly("crm");
    }

    @Test
    @DisplayName("a failing sink gets the same batch again after a pause that doubles; what it took stays taken")
    void retries() {
      ConsentKit kit = kit(FeedSettings.defaults().withBatchSize(2).withRetries(Duration.ofSeconds(1),
          Duration.ofSeconds(3)), clock);
      for (int i = 0; i < 5; i++) {
        grant(kit, PhoneNumber.parse("+1212555012" + i), "r-" + i);
      }
      Taken taken = new Taken();
      AtomicInteger calls = new AtomicInteger();
      dev.consent.feed.ChangeSink flaky = changes -> {
        if (calls.incrementAndGet() == 2 || calls.get() == 3) {
          throw new java.io.IOException("broker unreachable");
        }
        taken.accept(changes);
      };
      Delivery first = kit.changeFeed().deliver("crm", flaky);
      assertThat(first).isInstanceOfSatisfying(Delivery.Failed.class, f -> {
        assertThat(f.delivered()).isEqualTo(2);
        assertThat(f.failures()).isEqualTo(1);
        assertThat(f.error()).contains("IOException", "broker unreachable");
        assertThat(f.retryAt()).isEqualTo(clock.instant().plusSeconds(1));
      });
      assertThat(kit.changeFeed().deliver("crm", flaky)).isInstanceOf(Delivery.NotDue.class);
      clock.advance(Duration.ofSeconds(1));
      assertThat(kit.changeFeed().deliver("crm", flaky)).isInstanceOfSatisfying(Delivery.Failed.class,
          f -> assertThat(f.retryAt()).isEqualTo(clock.instant().plusSeconds(2)));
      assertThat(kit.changeFeed().status("crm").failures()).isEqualTo(2);
      clock.advance(Duration.ofSeconds(2));
      assertThat(kit.changeFeed().deliver("crm", flaky).delivered()).isEqualTo(3);
      assertThat(taken.all).hasSize(5).extracting(ConsentChange::position).isSorted().doesNotHaveDuplicates();
      assertThat(kit.changeFeed().status("crm").failures()).isZero();
      assertThat(kit.changeFeed().status("crm").lastError()).isNull();
    }

    @Test
    @DisplayName("a sink's error that holds a number is masked in the log line, the result and the status")
    void errorMasked() {
      ConsentKit kit = kit();
      grant(kit, NY, "e-1");
      Delivery d = kit.changeFeed().deliver("crm", changes -> {
        throw new IllegalStateException("CRM rejected contact +1 (212) 555-0123 and 2125550123");
      });
      assertThat(d).isInstanceOfSatisfying(Delivery.Failed.class, f -> assertThat(f.error())
          .contains("IllegalStateException", "CRM rejected contact").doesNotContain("555", "2125550123"));
      assertThat(kit.changeFeed().status("crm").lastError()).doesNotContain("555");
    }

    @Test
    @DisplayName("while one instance delivers to a subscriber, another skips it; after the lease ran out it takes over")
    void lease() throws Exception {
      ConsentKit a = kit();
      ConsentKit b = kit();
      grant(a, NY, "l-1");
      CountDownLatch inSink = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<Delivery> slow = pool.submit(() -> a.changeFeed().deliver("crm", changes -> {
          inSink.countDown();
          release.await(30, TimeUnit.SECONDS);
        }));
        assertThat(inSink.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(b.changeFeed().deliver("crm", new Taken())).isInstanceOfSatisfying(Delivery.NotDue.class,
            n -> assertThat(n.otherInstance()).isTrue());
        clock.advance(Duration.ofSeconds(31));
        Taken taken = new Taken();
        assertThat(b.changeFeed().deliver("crm", taken).delivered()).isEqualTo(1);
        release.countDown();
        assertThat(slow.get(30, TimeUnit.SECONDS).delivered()).isEqualTo(1);
        assertThat(a.changeFeed().status("crm").position()).isEqualTo(taken.all.get(0).position());
      } finally {
        release.countDown();
        pool.shutdownNow();
      }
    }

    @Test
    @DisplayName("purging deletes only what every subscriber took, and nothing while there is none")
    void purge() {
      ConsentKit kit = kit(FeedSettings.defaults().withBatchSize(2), clock);
      for (int i = 0; i < 6; i++) {
        grant(kit, PhoneNumber.parse("+1212555014" + i), "p-" + i);
      }
      assertThat(kit.changeFeed().purgeDelivered(100)).isZero();
      Taken all = new Taken();
      kit.changeFeed().deliver("crm", all);
      assertThat(all.all).hasSize(6);
      FeedSettings one = FeedSettings.defaults().withBatchSize(1);
      ConsentKit slow = kit(new FeedSettings(1, 3, one.lease(), one.firstRetry(), one.maxRetry(), one.gapWait(), false),
          clock);
      Taken some = new Taken();
      slow.changeFeed().deliver("billing", some);
      assertThat(some.all).hasSize(3);
      // past the gap wait: positions other tenants' rolled-back writes left in a shared table are not waited for
      clock.advance(Duration.ofSeconds(61));
      assertThat(kit.changeFeed().purgeDelivered(2)).isEqualTo(2);
      assertThat(kit.changeFeed().purgeDelivered(100)).isEqualTo(1);
      assertThat(feedStore().changes(tenant, 0, 100)).extracting(ConsentChange::id)
          .containsExactlyElementsOf(all.all.subList(3, 6).stream().map(ConsentChange::id).toList());
      Taken rest = new Taken();
      slow.changeFeed().deliver("billing", rest);
      assertThat(rest.all).containsExactlyElementsOf(all.all.subList(3, 6));
    }

    @Test
    @DisplayName("numbers only when asked for, and never once the person is erased")
    void numbers() {
      ConsentKit kit = kit(FeedSettings.defaults().withNumbers(true), clock);
      grant(kit, NY, "n-1");
      Taken taken = new Taken();
      kit.changeFeed().deliver("crm", taken);
      assertThat(taken.all).singleElement().satisfies(c -> assertThat(c.number()).isEqualTo(NY));
      assertThat(kit().changeFeed().read(0, 10)).singleElement().satisfies(c -> assertThat(c.number()).isNull());
      kit.registry().erase(NY, "art17-request");
      kit.changeFeed().deliver("crm", taken);
      assertThat(taken.types()).contains(ChangeType.ERASED);
      assertThat(taken.all.subList(1, taken.all.size())).allSatisfy(c -> assertThat(c.number()).isNull());
    }

    @Test
    @DisplayName("the feed is off unless the kit turns it on; subscriber names are checked")
    void config() {
      ConsentKit off = ConsentKit.builder().tenant(tenant).store(store()).carrier(new RecordingCarrier()).clock(clock)
          .purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE).build();
      assertThatThrownBy(off::changeFeed).isInstanceOf(ConfigurationException.class);
      grant(off, NY, "o-1");
      assertThat(feedStore().changes(tenant, 0, 10)).as("an instance without the feed writes no change").isEmpty();
      assertThatThrownBy(() -> kit().changeFeed().deliver("bad name!", new Taken()))
          .isInstanceOf(dev.consent.error.InvalidInputException.class);
    }

    @Test
    @DisplayName("model: 3 instances with their own clocks, a sink that crashes after taking part of a batch,"
        + " fails, duplicates or outlasts its lease while another instance takes over: every change arrives, each"
        + " number's in order, and the consumer's view is the ledger's")
    void model() {
      java.util.Random random = new java.util.Random(20261203L);
      List<MutableClock> clocks = List.of(MutableClock.at(MONDAY_11_NY), MutableClock.at(MONDAY_11_NY.plusSeconds(240)),
          MutableClock.at(MONDAY_11_NY.minusSeconds(180)));
      FeedSettings settings = FeedSettings.defaults().withBatchSize(7).withRetries(Duration.ofSeconds(1),
          Duration.ofSeconds(8));
      List<ConsentKit> kits = clocks.stream().map(c -> kit(settings, c)).toList();
      List<PhoneNumber> numbers = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        numbers.add(PhoneNumber.parse("+121255501" + (30 + i)));
      }
      List<ConsentChange> received = new ArrayList<>();
      int failures = 0;
      int[] slow = {0};
      for (int step = 0; step < 400; step++) {
        ConsentKit kit = kits.get(random.nextInt(3));
        MutableClock at = clocks.get(kits.indexOf(kit));
        clocks.forEach(c -> c.advance(Duration.ofSeconds(1 + random.nextInt(5))));
        PhoneNumber n = numbers.get(random.nextInt(numbers.size()));
        switch (random.nextInt(6)) {
          case 0, 1 -> grant(kit, n, "m-" + step);
          case 2 -> reply(kit, n, random.nextBoolean() ? "STOP" : "START", at);
          case 3 -> kit.registry().withdraw(WithdrawRequest.all(n));
          case 4 -> kit.registry().suppress(n, "complaint " + step);
          default -> {
            int mode = random.nextInt(5);
            ConsentKit other = kits.get((kits.indexOf(kit) + 1) % kits.size());
            Delivery d = kit.changeFeed().deliver("crm", changes -> {
              if (mode == 4) {
                // a slow broker: the batch outlasts the lease, another instance takes the subscriber over
                // and delivers (the same batch again, and more) before this one returns
                received.addAll(changes);
                clocks.forEach(c -> c.advance(settings.lease().plusSeconds(1)));
                slow[0] += other.changeFeed().deliver("crm", received::addAll) instanceof Delivery.Done ? 1 : 0;
                return;
              }
              if (mode == 0) {
                received.addAll(changes.subList(0, random.nextInt(changes.size() + 1)));
                throw new IllegalStateException("relay crashed mid-batch");
              }
              if (mode == 1) {
                throw new java.io.IOException("broker down");
              }
              received.addAll(changes);
              if (mode == 2) {
                received.addAll(changes);
              }
            });
            failures += d instanceof Delivery.Failed ? 1 : 0;
          }
        }
      }
      clocks.forEach(c -> c.advance(Duration.ofMinutes(10)));
      for (int i = 0; i < 100 && kits.get(0).changeFeed().deliver("crm", received::addAll) instanceof Delivery.Done d
          && d.delivered() > 0; i++) {
        // drain
      }
      List<ConsentChange> stored = feedStore().changes(tenant, 0, 100_000);
      assertThat(failures).as("the scenario had failures").isPositive();
      assertThat(slow[0]).as("the scenario had take-overs from a slow delivery").isPositive();
      assertThat(received.stream().map(ConsentChange::id).distinct().count()).as("0 lost").isEqualTo(stored.size());
      Map<String, ConsentChange> first = new java.util.LinkedHashMap<>();
      received.forEach(c -> first.putIfAbsent(c.id(), c));
      Map<String, Long> lastSeq = new HashMap<>();
      Map<String, ConsentState> view = new HashMap<>();
      for (ConsentChange c : first.values()) {
        if (c.seq() > 0) {
          assertThat(c.seq()).as("order of %s", c.subject()).isGreaterThan(lastSeq.getOrDefault(c.subject(), 0L));
          lastSeq.put(c.subject(), c.seq());
        }
        if (ORDERS.equals(c.purposeId())) {
          view.put(c.subject(), c.state());
        }
      }
      for (PhoneNumber n : numbers) {
        ConsentState truth = kits.get(0).registry().status(n, ORDERS).state();
        assertThat(view.getOrDefault(store().subjectRef(tenant, n), ConsentState.NONE)).as("view of %s", n).isEqualTo(truth);
      }
    }
  }
}
