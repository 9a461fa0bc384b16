package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.consent.ConsentEvent;
import dev.consent.ConsentState;
import dev.consent.EventKind;
import dev.consent.PhoneNumber;
import dev.consent.error.ConfigurationException;
import dev.consent.error.ConsentStoreException;
import dev.consent.spi.AppendResult;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.EventChain;
import dev.consent.testkit.ConsentStoreContract;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs the {@link ConsentStoreContract} and the JDBC-specific suites (migrations, many instances,
 * a failed commit) against one database; a subclass per database says which.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcStoreTestBase extends ConsentStoreContract {
  protected static final PhoneNumber CARA = PhoneNumber.parse("+33612345678");
  protected static final PhoneNumber DAN = PhoneNumber.parse("+447911123456");

  protected TestDatabases.TestDb db;
  protected HikariDataSource pool;
  protected JdbcConsentStore store;

  /** Opens this class's database (or skips the class when it is not available). */
  protected abstract TestDatabases.TestDb open();

  @BeforeAll
  void start() {
    db = open();
    pool = db.pool(10);
    store = db.builder(pool).build();
    assertThat(store.migrate()).containsExactly("V1__consent.sql", "V2__privacy.sql", "V3__encryption.sql",
        "V4__retention.sql", "V5__append_indexes.sql", "V6__quarantine.sql", "V7__inbound_digests.sql", "V8__review_queue.sql", "V9__data_key_uses.sql", "V10__checkpoints.sql", "V11__change_feed.sql", "V12__campaigns.sql", "V13__program_caps.sql", "V14__deferrals.sql");
    assertThat(store.dialect()).isEqualTo(db.dialect);
  }

  @AfterAll
  void stop() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  @Override
  protected ConsentStore store() {
    return store;
  }

  /** Asserts that every number's chain verifies and its statuses equal the replay of its events. */
  protected void assertLedgerConsistent(ConsentStore s, List<PhoneNumber> numbers, String... purposes) {
    for (PhoneNumber n : numbers) {
      List<ConsentEvent> history = s.history(tenant, n);
      assertThat(EventChain.verify(n, history).isIntact()).as("chain of %s", n).isTrue();
      for (String purpose : purposes) {
        assertThat(s.status(tenant, n, purpose)).isEqualTo(EventChain.replay(tenant, n, purpose, history));
      }
    }
  }

  private static String randomPrefix() {
    return "r" + UUID.randomUUID().toString().substring(0, 8) + "_";
  }

  @Nested
  @DisplayName("migrations")
  class Migrations {
    @Test
    @DisplayName("are idempotent: migrating again applies nothing and keeps every record")
    void idempotent() {
      append(ALICE, MARKETING, EventKind.GRANTED, T0);
      assertThat(store.migrate()).isEmpty();
      assertThat(store.history(tenant, ALICE)).hasSize(1);
    }

    @Test
    @DisplayName("apply each script exactly once when two instances start at the same moment")
    void concurrentStart() throws Exception {
      String prefix = randomPrefix();
      JdbcConsentStore a = db.builder(pool).tablePrefix(prefix).build();
      JdbcConsentStore b = db.builder(db.pool(2)).tablePrefix(prefix).build();
      CyclicBarrier barrier = new CyclicBarrier(2);
      List<String> applied = java.util.Collections.synchronizedList(new ArrayList<>());
      runConcurrently(2, 1, (thread, i) -> {
        barrier.await();
        applied.addAll((thread == 0 ? a : b).migrate());
      });
      assertThat(applied).containsExactly("V1__consent.sql", "V2__privacy.sql", "V3__encryption.sql",
          "V4__retention.sql", "V5__append_indexes.sql", "V6__quarantine.sql", "V7__inbound_digests.sql", "V8__review_queue.sql", "V9__data_key_uses.sql", "V10__checkpoints.sql", "V11__change_feed.sql", "V12__campaigns.sql", "V13__program_caps.sql", "V14__deferrals.sql");
      EventChain.append(a, event(ALICE, MARKETING, EventKind.GRANTED, T0, null));
      assertThat(b.history(tenant, ALICE)).hasSize(1);
      assertThat(store.history(tenant, ALICE)).as("another prefix is another set of tables").isEmpty();
    }

    @Test
    @DisplayName("V1..V5 on a fresh database leave the subject table without the (tenant, e164) index, keyed by reference")
    void freshSchemaSubjectIndexes() throws Exception {
      Map<String, List<String>> indexes = subjectIndexes(Tables.DEFAULT_PREFIX);
      assertThat(indexes.values()).as("subject indexes").contains(List.of("tenant", "subject_ref"), List.of("id"))
          .doesNotContain(List.of("tenant", "e164"));
    }

    @Test
    @DisplayName("V5 applies to a database at V4 with data: records kept, the number index gone, appends still one row per number")
    void v5OnV4WithData() throws Exception {
      String prefix = randomPrefix();
      Tables t = new Tables(db.schema, prefix);
      Migrator scripts = new Migrator(new Db(pool, db.dialect), t);
      try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
        st.execute("CREATE TABLE " + t.schemaVersion + " (version INTEGER NOT NULL PRIMARY KEY,"
            + " script VARCHAR(200) NOT NULL, checksum VARCHAR(64) NOT NULL)");
        for (int v = 1; v <= 4; v++) {
          String name = Migrator.SCRIPTS.get(v - 1);
          String text;
          try (java.io.InputStream in = getClass().getClassLoader()
              .getResourceAsStream(db.dialect.migrationLocation() + "/" + name)) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
          }
          for (String sql : scripts.statements(text)) {
            st.execute(sql);
          }
          st.execute("INSERT INTO " + t.schemaVersion + " VALUES (" + v + ", '" + name + "', 'flyway')");
        }
      }
      assertThat(subjectIndexes(prefix).values()).as("V4 has the index").contains(List.of("tenant", "e164"));
      JdbcConsentStore atV4 = db.builder(pool).tablePrefix(prefix).build();
      EventChain.append(atV4, event(ALICE, MARKETING, EventKind.GRANTED, T0, null));
      EventChain.append(atV4, event(BOB, MARKETING, EventKind.GRANTED, T0, null));
      EventChain.append(atV4, event(BOB, MARKETING, EventKind.WITHDRAWN, T0.plusSeconds(60), null));

      JdbcConsentStore upgraded = db.builder(pool).tablePrefix(prefix).build();
      assertThat(upgraded.migrate()).containsExactly("V5__append_indexes.sql", "V6__quarantine.sql", "V7__inbound_digests.sql", "V8__review_queue.sql", "V9__data_key_uses.sql", "V10__checkpoints.sql", "V11__change_feed.sql", "V12__campaigns.sql", "V13__program_caps.sql", "V14__deferrals.sql");
      assertThat(upgraded.migrate()).isEmpty();
      assertThat(subjectIndexes(prefix).values()).as("subject indexes after V5")
          .contains(List.of("tenant", "subject_ref")).doesNotContain(List.of("tenant", "e164"));
      assertThat(upgraded.history(tenant, ALICE)).hasSize(1);
      assertThat(upgraded.history(tenant, BOB)).hasSize(2);
      assertThat(upgraded.status(tenant, BOB, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
      // the same new number from two stores at once, and known numbers again: one subject row each
      JdbcConsentStore other = db.builder(pool).tablePrefix(prefix).build();
      CyclicBarrier barrier = new CyclicBarrier(2);
      runConcurrently(2, 1, (thread, i) -> {
        barrier.await();
        EventChain.append((thread == 0 ? upgraded : other), event(CARA, MARKETING, EventKind.GRANTED, T0.plusSeconds(thread), null));
      });
      EventChain.append(upgraded, event(ALICE, MARKETING, EventKind.WITHDRAWN, T0.plusSeconds(120), null));
      assertThat(upgraded.history(tenant, CARA)).hasSize(2);
      assertThat(upgraded.history(tenant, ALICE)).hasSize(2);
      assertLedgerConsistent(upgraded, List.of(ALICE, BOB, CARA), MARKETING);
      try (Connection c = pool.getConnection(); Statement st = c.createStatement();
          java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(e164) FROM " + t.subject
              + " WHERE tenant = '" + tenant + "'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).as("one subject row per number").isEqualTo(3);
        assertThat(rs.getInt(2)).as("no clear number").isZero();
      }
    }

    @Test
    @DisplayName("V7 applies to a database at V5 with receipts: a receipt handled before V7 keeps de-duplicating"
        + " after retention deletes it")
    void v7OnV5WithReceipts() throws Exception {
      String prefix = randomPrefix();
      Tables t = new Tables(db.schema, prefix);
      Migrator scripts = new Migrator(new Db(pool, db.dialect), t);
      try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
        st.execute("CREATE TABLE " + t.schemaVersion + " (version INTEGER NOT NULL PRIMARY KEY,"
            + " script VARCHAR(200) NOT NULL, checksum VARCHAR(64) NOT NULL)");
        for (String name : Migrator.SCRIPTS.subList(0, 5)) {
          String text;
          try (java.io.InputStream in = getClass().getClassLoader()
              .getResourceAsStream(db.dialect.migrationLocation() + "/" + name)) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
          }
          for (String sql : scripts.statements(text)) {
            st.execute(sql);
          }
          st.execute("INSERT INTO " + t.schemaVersion + " VALUES (" + Migrator.version(name) + ", '" + name
              + "', 'flyway')");
        }
      }
      // a receipt as a version that knew no digest table wrote it (this version's mark reads that table)
      try (java.sql.Connection c = pool.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(
          "INSERT INTO " + t.inbound + " (tenant, carrier, message_id, handled_at) VALUES (?, 'twilio', 'SM-v5', ?)")) {
        ps.setString(1, tenant);
        ps.setObject(2, java.sql.Timestamp.from(T0));
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }

      JdbcConsentStore upgraded = db.builder(pool).tablePrefix(prefix).build();
      assertThat(upgraded.migrate()).containsExactly("V6__quarantine.sql", "V7__inbound_digests.sql", "V8__review_queue.sql", "V9__data_key_uses.sql", "V10__checkpoints.sql", "V11__change_feed.sql", "V12__campaigns.sql", "V13__program_caps.sql", "V14__deferrals.sql");
      assertThat(upgraded.migrate()).isEmpty();
      assertThat(upgraded.inboundHandled(tenant, "twilio", "SM-v5")).isTrue();
      assertThat(upgraded.purge(tenant, dev.consent.RecordType.INBOUND_RECEIPTS, T0.plusSeconds(1), 10).count())
          .isEqualTo(1);
      assertThat(upgraded.inboundHandled(tenant, "twilio", "SM-v5")).isTrue();
      assertThat(upgraded.inboundHandled(tenant, "twilio", "SM-v6")).isFalse();
      try (Connection c = pool.getConnection(); Statement st = c.createStatement();
          java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t.inbound + " WHERE tenant = '" + tenant
              + "'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).as("no receipt, no id in clear").isZero();
      }
    }

    /** The subject table's indexes of the tables with {@code prefix}: name to its columns in order. */
    private Map<String, List<String>> subjectIndexes(String prefix) throws Exception {
      Map<String, List<String>> columns = new java.util.TreeMap<>();
      try (Connection c = pool.getConnection()) {
        java.sql.DatabaseMetaData meta = c.getMetaData();
        String table = db.dialect == Dialect.H2 ? (prefix + "subject").toUpperCase(java.util.Locale.ROOT)
            : prefix + "subject";
        String schema = db.dialect == Dialect.POSTGRESQL ? db.schema : null;
        String catalog = db.dialect.isMySqlFamily() ? db.schema : null;
        try (java.sql.ResultSet rs = meta.getIndexInfo(catalog, schema, table, false, false)) {
          while (rs.next()) {
            String name = rs.getString("INDEX_NAME");
            if (name == null) {
              continue;
            }
            List<String> cols = columns.computeIfAbsent(name.toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>());
            int position = rs.getShort("ORDINAL_POSITION");
            while (cols.size() < position) {
              cols.add(null);
            }
            cols.set(position - 1, rs.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
          }
        }
      }
      assertThat(columns).as("indexes of %ssubject", prefix).isNotEmpty();
      return columns;
    }

    @Test
    @DisplayName("refuse a schema newer than this library knows and change nothing")
    void newerSchema() throws Exception {
      String prefix = randomPrefix();
      JdbcConsentStore s = db.builder(pool).tablePrefix(prefix).build();
      s.migrate();
      EventChain.append(s, event(ALICE, MARKETING, EventKind.GRANTED, T0, null));
      int future = Migrator.NEWEST + 1;
      try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
        st.executeUpdate("INSERT INTO " + db.table(prefix + "schema_version")
            + " (version, script, checksum) VALUES (" + future + ", 'V" + future + "__future.sql', 'unknown')");
      }
      assertThatThrownBy(s::migrate).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("version " + future).hasMessageContaining("upgrade");
      assertThat(s.history(tenant, ALICE)).hasSize(1);
    }
  }

  @Nested
  @DisplayName("with many application instances")
  class ManyInstances {
    @Test
    @DisplayName("two instances with their own pools and 8 threads each store every event once, in order, with intact chains")
    void twoInstancesRace() throws Exception {
      List<ConsentStore> stores = List.of(db.builder(db.pool(8)).build(), db.builder(db.pool(8)).build());
      List<PhoneNumber> numbers = List.of(ALICE, BOB, CARA, DAN);
      Map<String, AtomicInteger> winsPerKey = new ConcurrentHashMap<>();
      Map<String, ConsentEvent> stored = new ConcurrentHashMap<>();
      AtomicInteger appended = new AtomicInteger();
      runConcurrently(16, 24, (thread, i) -> {
        ConsentStore s = stores.get(thread % 2);
        boolean webhook = i % 3 == 0;
        // a webhook delivered to every thread of both instances: same key, same number, same STOP
        PhoneNumber n = webhook ? numbers.get(i % 4) : numbers.get((thread / 2 + i) % 4);
        String purpose = webhook || i % 2 == 0 ? MARKETING : ORDERS;
        EventKind kind = webhook || thread % 2 == 0 ? EventKind.WITHDRAWN : EventKind.GRANTED;
        @Nullable String key = webhook ? "SM-" + i : null;
        AppendResult r = EventChain.append(s, event(n, purpose, kind, T0.plusMillis(thread * 1000L + i), key));
        if (r instanceof AppendResult.Appended) {
          appended.incrementAndGet();
          if (key != null) {
            winsPerKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            stored.put(key, r.event());
          }
        }
      });
      assertThat(winsPerKey).hasSize(8).allSatisfy((key, wins) -> assertThat(wins).as(key).hasValue(1));
      int total = numbers.stream().mapToInt(n -> store.history(tenant, n).size()).sum();
      assertThat(total).isEqualTo(appended.get()).isEqualTo(16 * 16 + 8);
      stored.forEach((key, e) -> assertThat(stores.get(1).eventByIdempotencyKey(tenant, key)).contains(e));
      assertLedgerConsistent(stores.get(0), numbers, MARKETING, ORDERS);
      assertLedgerConsistent(stores.get(1), numbers, MARKETING, ORDERS);
    }
  }

  @Nested
  @DisplayName("when the database fails")
  class Faults {
    @Test
    @DisplayName("a failed commit raises ConsentStoreException, writes nothing, and the same store works afterwards")
    void failedCommit() {
      append(ALICE, MARKETING, EventKind.GRANTED, T0);
      AtomicBoolean failing = new AtomicBoolean(true);
      JdbcConsentStore s = db.builder(FailingCommits.wrap(pool, failing)).dialect(db.dialect).build();
      assertThatThrownBy(() -> EventChain.append(s, event(ALICE, MARKETING, EventKind.WITHDRAWN, T0.plusSeconds(60), "SM-stop")))
          .isInstanceOf(ConsentStoreException.class)
          .hasMessageContaining("append")
          .hasMessageNotContaining(ALICE.e164());
      assertThat(store.history(tenant, ALICE)).hasSize(1);
      assertThat(store.eventByIdempotencyKey(tenant, "SM-stop")).isEmpty();
      assertThat(store.status(tenant, ALICE, MARKETING).state()).isEqualTo(ConsentState.GRANTED);

      failing.set(false);
      AppendResult retried = EventChain.append(s, event(ALICE, MARKETING, EventKind.WITHDRAWN, T0.plusSeconds(60), "SM-stop"));
      assertThat(retried).isInstanceOf(AppendResult.Appended.class);
      assertThat(retried.event().seq()).isEqualTo(2);
      assertThat(store.status(tenant, ALICE, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
      assertLedgerConsistent(store, List.of(ALICE), MARKETING);
    }
  }
}
