package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Channel;
import dev.consent.ConsentMethod;
import dev.consent.ConsentState;
import dev.consent.ConsentStatus;
import dev.consent.EventKind;
import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import dev.consent.SuppressionReason;
import dev.consent.spi.EventChain;
import dev.consent.spi.NewEvent;
import dev.consent.spi.RecipientStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The batched reads a campaign check makes (statuses, suppressions, send counts of many numbers) on
 * one database: several chunks, repeated numbers, and the same list object asked again after it
 * changed (the store keeps the last batch's subject references).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BatchReadsTestBase {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final String MARKETING = "marketing.promotions";
  private static final int NUMBERS = 5_003;
  private TestDatabases.TestDb db;
  private JdbcConsentStore store;
  private final String tenant = "batch-" + java.util.UUID.randomUUID().toString().substring(0, 8);
  private final List<PhoneNumber> numbers = new ArrayList<>();

  protected abstract TestDatabases.TestDb open();

  @BeforeAll
  void start() {
    db = open();
    store = db.builder(db.pool(2)).build();
    store.migrate();
    for (int i = 0; i < NUMBERS; i++) {
      numbers.add(PhoneNumber.parse("+491512" + String.format("%07d", i)));
    }
    // every 250th number granted, every 1000th of those withdrawn again; every 700th suppressed
    for (int i = 0; i < NUMBERS; i += 250) {
      append(numbers.get(i), EventKind.GRANTED, 0);
      if (i % 1000 == 0) {
        append(numbers.get(i), EventKind.WITHDRAWN, 1);
      }
    }
    for (int i = 0; i < NUMBERS; i += 700) {
      store.suppress(new Suppression(tenant, numbers.get(i), Suppression.ALL, SuppressionReason.STOP_ALL, T0,
          new TreeMap<>(Map.of("keyword", "STOP"))));
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  @Test
  @DisplayName("statuses and suppressions of thousands of numbers (several chunks, repeats) match the single reads")
  void manyChunks() {
    List<PhoneNumber> asked = new ArrayList<>(numbers);
    asked.addAll(numbers.subList(0, 600));
    Map<PhoneNumber, List<Suppression>> suppressions = store.suppressions(tenant, asked);
    Map<PhoneNumber, ConsentStatus> statuses = store.statuses(tenant, asked, MARKETING);
    assertThat(statuses).hasSize((NUMBERS + 249) / 250);
    assertThat(suppressions).hasSize((NUMBERS + 699) / 700);
    for (int i = 0; i < NUMBERS; i += 250) {
      assertThat(statuses.get(numbers.get(i))).isEqualTo(store.status(tenant, numbers.get(i), MARKETING));
      assertThat(statuses.get(numbers.get(i)).state())
          .isEqualTo(i % 1000 == 0 ? ConsentState.WITHDRAWN : ConsentState.GRANTED);
    }
    for (int i = 0; i < NUMBERS; i += 700) {
      assertThat(suppressions.get(numbers.get(i))).isEqualTo(store.suppressions(tenant, numbers.get(i)));
    }
    assertThat(store.sendCounts(tenant, asked, MARKETING, T0)).isEmpty();
  }

  @Test
  @DisplayName("the joined read of recipients over several chunks equals the two batched reads and the single reads")
  void recipientsManyChunks() {
    List<PhoneNumber> asked = new ArrayList<>(numbers);
    asked.addAll(numbers.subList(4_900, 5_003));
    Map<PhoneNumber, RecipientStatus> recipients = store.recipients(tenant, asked, MARKETING);
    Map<PhoneNumber, ConsentStatus> statuses = store.statuses(tenant, asked, MARKETING);
    Map<PhoneNumber, List<Suppression>> suppressions = store.suppressions(tenant, asked);
    assertThat(recipients).hasSize(NUMBERS);
    for (int i = 0; i < NUMBERS; i++) {
      PhoneNumber n = numbers.get(i);
      RecipientStatus r = recipients.get(n);
      assertThat(r.status()).isEqualTo(statuses.getOrDefault(n, ConsentStatus.none(tenant, n, MARKETING)));
      assertThat(r.suppressions()).isEqualTo(suppressions.getOrDefault(n, List.of()));
      if (i % 250 == 0 || i % 700 == 0) {
        assertThat(r).isEqualTo(store.recipient(tenant, n, MARKETING));
      }
    }
    assertThat(recipients.get(numbers.get(5_000)).status().state()).isEqualTo(ConsentState.WITHDRAWN); // in the second chunk
    assertThat(recipients.get(numbers.get(4_900)).suppressions()).singleElement()
        .satisfies(x -> assertThat(x.evidence()).containsEntry("keyword", "STOP"));
  }

  @Test
  @DisplayName("read in parallel parts (parallelReads), recipients equal the one-part read, and the executor ran parts")
  void recipientsInParallelParts() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
    try {
      JdbcConsentStore parallel = db.builder(db.pool(3)).parallelReads(task -> pool.execute(() -> {
        ran.incrementAndGet();
        task.run();
      }), 3).build();
      List<PhoneNumber> asked = new ArrayList<>(numbers);
      asked.addAll(numbers.subList(0, 1_200));
      for (int i = 0; i < 6_000; i++) { // numbers the store never saw: enough for parts of Recipients.MIN_PART
        asked.add(PhoneNumber.parse("+491513" + String.format("%07d", i)));
      }
      Map<PhoneNumber, RecipientStatus> expected = store.recipients(tenant, asked, MARKETING);
      Map<PhoneNumber, RecipientStatus> actual = parallel.recipients(tenant, asked, MARKETING);
      assertThat(actual).hasSize(NUMBERS + 6_000).isEqualTo(expected);
      assertThat(ran.get()).as("parts run on the executor").isPositive();
      // a campaign smaller than two parts is read in one part, on the caller
      ran.set(0);
      assertThat(parallel.recipients(tenant, numbers.subList(0, 300), MARKETING))
          .isEqualTo(store.recipients(tenant, numbers.subList(0, 300), MARKETING));
      assertThat(ran.get()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("a part that fails fails the whole read with a typed error, after every part has finished")
  void failedPartFailsTheRead() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
    javax.sql.DataSource real = db.pool(3);
    Thread caller = Thread.currentThread();
    // connections are refused to every thread but the caller: the executor's parts fail
    javax.sql.DataSource failing = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (proxy, m, args) -> {
          if (m.getName().equals("getConnection") && Thread.currentThread() != caller) {
            throw new java.sql.SQLException("connection refused (test)");
          }
          try {
            return m.invoke(real, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
    try {
      JdbcConsentStore parallel = db.builder(failing).parallelReads(task -> pool.execute(() -> {
        started.incrementAndGet();
        try {
          task.run();
        } finally {
          finished.incrementAndGet();
        }
      }), 3).build();
      List<PhoneNumber> asked = new ArrayList<>(numbers);
      for (int i = 0; i < 6_000; i++) {
        asked.add(PhoneNumber.parse("+491513" + String.format("%07d", i)));
      }
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> parallel.recipients(tenant, asked, MARKETING))
          .isInstanceOf(dev.consent.error.ConsentStoreException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(numbers.get(0).e164()));
      assertThat(started.get()).isPositive();
      assertThat(finished.get()).isEqualTo(started.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("the same list asked again after it changed answers for its new numbers")
  void changedList() {
    List<PhoneNumber> asked = new ArrayList<>(numbers.subList(1, 1001));
    assertThat(store.statuses(tenant, asked, MARKETING)).containsOnlyKeys(numbers.get(250), numbers.get(500),
        numbers.get(750), numbers.get(1000));
    assertThat(store.suppressions(tenant, asked)).containsOnlyKeys(numbers.get(700));
    asked.set(0, numbers.get(0));
    asked.set(699, numbers.get(1400));
    assertThat(store.suppressions(tenant, asked)).containsOnlyKeys(numbers.get(0), numbers.get(1400));
    assertThat(store.statuses(tenant, asked, MARKETING)).containsOnlyKeys(numbers.get(0), numbers.get(250),
        numbers.get(500), numbers.get(750), numbers.get(1000));
    assertThat(store.statuses(tenant, asked, MARKETING).get(numbers.get(0)).state()).isEqualTo(ConsentState.WITHDRAWN);
    assertThat(store.statuses("another-tenant", asked, MARKETING)).isEmpty();
  }

  private void append(PhoneNumber n, EventKind kind, int minute) {
    Instant at = T0.plusSeconds(60L * minute);
    EventChain.append(store, new NewEvent(NewEvent.newId(), tenant, n, MARKETING, kind, ConsentMethod.WEB_FORM, Channel.WEB,
        new TreeMap<>(Map.of("form", "https://shop.example/signup")), kind == EventKind.GRANTED ? "v1" : null, at, at,
        null, false));
  }
}
