package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.consent.ConsentEvent;
import dev.consent.EventKind;
import dev.consent.PhoneNumber;
import dev.consent.spi.AppendResult;
import dev.consent.spi.EventChain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The append path's cost and its duplicate handling on one database: how many calls one append makes
 * to the server (counted by a wrapping data source), and that an append whose idempotency key is
 * taken changes nothing, for a known, a new and an erased number, also under races.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LedgerAppendTestBase {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final PhoneNumber ALICE = PhoneNumber.parse("+14155550101");
  private static final PhoneNumber BOB = PhoneNumber.parse("+4915123456789");
  private static final String MARKETING = "marketing.promotions";

  private TestDatabases.TestDb db;
  private HikariDataSource pool;
  private JdbcConsentStore store;
  private ServerCalls calls;
  private String tenant;

  /** This class's database (or a skip when it is not available). */
  protected abstract TestDatabases.TestDb open();

  /** The most calls to the server an append for a number with a subject row may make. */
  protected abstract int callsPerAppend();

  /** The most calls an append for a number seen for the first time may make. */
  protected abstract int callsPerFirstAppend();

  @BeforeAll
  void start() {
    db = open();
    pool = db.pool(1);
    calls = new ServerCalls(pool, db.dialect);
    store = db.builder(calls.dataSource()).dialect(db.dialect).build();
    store.migrate();
  }

  @AfterAll
  void stop() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void freshTenant() {
    tenant = "t-" + java.util.UUID.randomUUID().toString().substring(0, 12);
  }

  /**
   * Every append finds the number's row by (tenant, subject reference). An index that leads with the
   * tenant but not unique on it (V3 once indexed (tenant, data_key_id)) deduplicates to a few entries,
   * looks cheapest to PostgreSQL's planner on young statistics, and turned that look-up into a scan
   * of the tenant's rows: appends ran five times slower. Only the unique keys may lead with tenant.
   */
  @Test
  @DisplayName("the subject table has no index led by tenant but its unique keys, so a look-up by reference cannot scan")
  void subjectIndexes() throws SQLException {
    java.util.Map<String, List<String>> columns = new TreeMap<>();
    java.util.Map<String, Boolean> unique = new TreeMap<>();
    try (Connection c = pool.getConnection()) {
      java.sql.DatabaseMetaData meta = c.getMetaData();
      String table = db.dialect == Dialect.H2 ? "CONSENT_SUBJECT" : "consent_subject";
      String schema = db.dialect == Dialect.POSTGRESQL ? db.schema : null;
      String catalog = db.dialect.isMySqlFamily() ? db.schema : null;
      try (ResultSet rs = meta.getIndexInfo(catalog, schema, table, false, false)) {
        while (rs.next()) {
          String name = rs.getString("INDEX_NAME");
          if (name == null) {
            continue;
          }
          String key = name.toLowerCase(java.util.Locale.ROOT);
          List<String> cols = columns.computeIfAbsent(key, k -> new ArrayList<>());
          int position = rs.getShort("ORDINAL_POSITION");
          while (cols.size() < position) {
            cols.add(null);
          }
          cols.set(position - 1, rs.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
          unique.put(key, !rs.getBoolean("NON_UNIQUE"));
        }
      }
    }
    assertThat(columns).as("indexes of the subject table").isNotEmpty();
    assertThat(columns.values()).as("an index on (tenant, subject_ref)").contains(List.of("tenant", "subject_ref"));
    columns.forEach((name, cols) -> {
      if ("tenant".equals(cols.get(0))) {
        assertThat(unique.get(name)).as("index %s %s leads with tenant", name, cols).isTrue();
      }
    });
  }

  @Test
  @DisplayName("an append for a known number makes at most the dialect's budget of server calls")
  void roundTrips() {
    EventChain.append(store, event(ALICE, EventKind.GRANTED, 0, null));
    for (int i = 1; i <= 3; i++) {
      int before = calls.count();
      calls.clearSeen();
      AppendResult r = EventChain.append(store, event(ALICE, i % 2 == 0 ? EventKind.GRANTED : EventKind.WITHDRAWN, i, "rt-" + i));
      assertThat(r).isInstanceOf(AppendResult.Appended.class);
      assertThat(r.event().seq()).isEqualTo(i + 1);
      assertThat(calls.count() - before).as("server calls of one append: %s", calls.seen()).isLessThanOrEqualTo(callsPerAppend());
    }
    assertThat(EventChain.verify(ALICE, store.history(tenant, ALICE)).isIntact()).isTrue();
  }

  @Test
  @DisplayName("the first append for a number creates its row within a small budget of server calls")
  void firstAppend() {
    EventChain.append(store, event(BOB, EventKind.GRANTED, 0, null));
    int before = calls.count();
    AppendResult r = EventChain.append(store, event(ALICE, EventKind.GRANTED, 1, "first"));
    assertThat(calls.count() - before).isLessThanOrEqualTo(callsPerFirstAppend());
    assertThat(r).isInstanceOf(AppendResult.Appended.class);
    assertThat(r.event().seq()).isEqualTo(1);
    assertThat(store.numbers(tenant, null, 10)).containsExactlyInAnyOrder(ALICE, BOB);
  }

  @Test
  @DisplayName("an append after the number's rows were removed behind the store's back creates its row again")
  void rowRemovedBehindTheStore() throws Exception {
    EventChain.append(store, event(ALICE, EventKind.GRANTED, 0, "gone-1"));
    EventChain.append(store, event(ALICE, EventKind.WITHDRAWN, 1, "gone-2"));
    try (Connection c = db.connect()) {
      for (String table : List.of("consent_event", "consent_status")) {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + db.table(table) + " WHERE subject_id IN"
            + " (SELECT id FROM " + db.table("consent_subject") + " WHERE tenant = ?)")) {
          ps.setString(1, tenant);
          ps.executeUpdate();
        }
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + db.table("consent_subject") + " WHERE tenant = ?")) {
        ps.setString(1, tenant);
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
    }
    AppendResult again = EventChain.append(store, event(ALICE, EventKind.GRANTED, 2, "gone-3"));
    assertThat(again).isInstanceOf(AppendResult.Appended.class);
    assertThat(again.event().seq()).isEqualTo(1);
    assertThat(again.event().prevHash()).isEqualTo(EventChain.GENESIS);
    assertThat(store.status(tenant, ALICE, MARKETING).state()).isEqualTo(dev.consent.ConsentState.GRANTED);
    AppendResult next = EventChain.append(store, event(ALICE, EventKind.WITHDRAWN, 3, "gone-4"));
    assertThat(next.event().seq()).isEqualTo(2);
    assertThat(EventChain.verify(ALICE, store.history(tenant, ALICE)).isIntact()).isTrue();
    assertThat(subjectRows()).isEqualTo(1);
  }

  @Test
  @DisplayName("a duplicate key for a new number returns the stored event and stores nothing of the new number")
  void duplicateForNewNumber() throws Exception {
    ConsentEvent first = EventChain.append(store, event(ALICE, EventKind.GRANTED, 0, "k1")).event();
    AppendResult again = EventChain.append(store, event(BOB, EventKind.WITHDRAWN, 1, "k1"));
    assertThat(again).isInstanceOf(AppendResult.Duplicate.class);
    assertThat(again.event().eventId()).isEqualTo(first.eventId());
    assertThat(store.history(tenant, BOB)).isEmpty();
    assertThat(subjectRows()).isEqualTo(1);
  }

  @Test
  @DisplayName("a duplicate key for an erased number returns the stored event and leaves the number erased")
  void duplicateForErasedNumber() {
    EventChain.append(store, event(ALICE, EventKind.GRANTED, 0, "a1"));
    ConsentEvent bobs = EventChain.append(store, event(BOB, EventKind.GRANTED, 1, "b1")).event();
    store.erase(tenant, ALICE, T0.plusSeconds(5));
    AppendResult again = EventChain.append(store, event(ALICE, EventKind.WITHDRAWN, 10, "b1"));
    assertThat(again).isInstanceOf(AppendResult.Duplicate.class);
    assertThat(again.event().eventId()).isEqualTo(bobs.eventId());
    assertThat(store.numbers(tenant, null, 10)).containsExactly(BOB);
    assertThat(store.history(tenant, ALICE)).hasSize(1).allSatisfy(e -> assertThat(e.isRedacted()).isTrue());
    AppendResult back = EventChain.append(store, event(ALICE, EventKind.WITHDRAWN, 11, "a2"));
    assertThat(back.event().seq()).isEqualTo(2);
    assertThat(store.numbers(tenant, null, 10)).containsExactlyInAnyOrder(ALICE, BOB);
  }

  @Test
  @DisplayName("one key raced by appends for different numbers is stored once; the others get that event")
  void racedKeyAcrossNumbers() throws Exception {
    JdbcConsentStore wide = db.builder(db.pool(8)).build();
    List<PhoneNumber> numbers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      numbers.add(PhoneNumber.parse("+1415555" + String.format("%04d", 200 + i)));
    }
    for (int round = 0; round < 5; round++) {
      String key = "race-" + round;
      Set<String> ids = ConcurrentHashMap.newKeySet();
      AtomicInteger wins = new AtomicInteger();
      int r = round;
      List<Thread> threads = new ArrayList<>();
      List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(numbers.size());
      for (PhoneNumber n : numbers) {
        threads.add(new Thread(() -> {
          try {
            start.await();
            AppendResult res = EventChain.append(wide, event(n, EventKind.GRANTED, r, key));
            ids.add(res.event().eventId());
            if (res instanceof AppendResult.Appended) {
              wins.incrementAndGet();
            }
          } catch (Throwable t) {
            failures.add(t);
          }
        }));
      }
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join();
      }
      assertThat(failures).isEmpty();
      assertThat(wins.get()).as("round %d", round).isEqualTo(1);
      assertThat(ids).as("every caller sees the stored event").hasSize(1);
    }
    int events = 0;
    for (PhoneNumber n : numbers) {
      List<ConsentEvent> history = wide.history(tenant, n);
      assertThat(EventChain.verify(n, history).isIntact()).isTrue();
      events += history.size();
    }
    assertThat(events).isEqualTo(5);
  }

  private int subjectRows() throws Exception {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + db.table("consent_subject") + " WHERE tenant = ?")) {
      ps.setString(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private dev.consent.spi.NewEvent event(PhoneNumber n, EventKind kind, int minute, String key) {
    TreeMap<String, String> evidence = new TreeMap<>();
    evidence.put("form", "https://shop.example/signup");
    Instant at = T0.plusSeconds(60L * minute);
    return new dev.consent.spi.NewEvent(dev.consent.spi.NewEvent.newId(), tenant, n, MARKETING, kind,
        dev.consent.ConsentMethod.WEB_FORM, dev.consent.Channel.WEB, evidence, kind == EventKind.GRANTED ? "v1" : null,
        at, at, key, false);
  }
}
