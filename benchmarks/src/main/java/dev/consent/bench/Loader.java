package dev.consent.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.consent.ConsentEvent;
import dev.consent.ConsentStatus;
import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.spi.EventChain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Fills a tenant of the JDBC store with a campaign's worth of history, fast: the history is first
 * written through the in-memory store's {@code append} (same seal, chain and fold as every store),
 * then copied row by row into the JDBC store's tables with batched inserts, and finally a sample is
 * read back through {@link JdbcConsentStore} and compared (statuses, suppressions, intact chains),
 * so a change of the schema fails the load loudly instead of skewing the figures. Appending 100,000
 * numbers one transaction at a time would take minutes per database. A marker row lets later
 * forks of the same run reuse the data.
 */
final class Loader {
  private static final int BATCH = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private Loader() {}

  /** Migrates the schema and loads {@code numbers} into {@code tenant} unless an earlier fork did. */
  static void ensureLoaded(String database, String tenant, PhoneNumber[] numbers) throws Exception {
    try (HikariDataSource ds = BenchDb.pool(database, 1, null)) {
      JdbcConsentStore store = JdbcConsentStore.builder(ds).schema(BenchDb.schema()).keys(BenchKit.KEYS).build();
      store.migrate();
      createMarker(ds);
      if (isLoaded(ds, tenant)) {
        return;
      }
      long start = System.nanoTime();
      InMemoryConsentStore memory = new InMemoryConsentStore(BenchKit.KEYS);
      Random r = new Random(1000);
      BenchKit.Loaded total = new BenchKit.Loaded(0, 0, 0);
      for (int i = 0; i < numbers.length; i++) {
        total = total.plus(BenchKit.populate(memory, tenant, numbers[i], i, r));
      }
      new Copy(ds, database, memory, tenant).run(numbers);
      encrypt(ds);
      analyze(ds, database);
      verify(store, memory, tenant, numbers);
      mark(ds, tenant);
      System.out.printf("loaded %s on %s: %d numbers, %s in %.1f s%n", tenant, database, numbers.length, total,
          (System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * The copy wrote clear values, as consent-jdbc 0.2 did: let the store encrypt them as it upgrades a
   * 0.2 database (forget that it already did, and migrate again), so benchmarks read what the store
   * keeps.
   */
  private static void encrypt(HikariDataSource ds) throws SQLException {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
        "DELETE FROM " + BenchDb.table("key") + " WHERE tenant = '' AND key_use = 'encrypted-v3'")) {
      ps.executeUpdate();
    }
    JdbcConsentStore.builder(ds).schema(BenchDb.schema()).keys(BenchKit.KEYS).build().migrate();
  }

  /**
   * Gathers planner statistics after the bulk load, as a deployed database has them (autovacuum, or
   * InnoDB's persistent statistics). This PostgreSQL runs with autovacuum off: without statistics
   * its planner read each batch of the campaign check through the wrong index (the whole tenant per
   * 5,000 recipients). Both sides of every ratio read the same analysed tables.
   */
  private static void analyze(HikariDataSource ds, String database) throws SQLException {
    String verb = BenchDb.POSTGRESQL.equals(database) ? "ANALYZE " : "ANALYZE TABLE ";
    try (Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement()) {
      for (String t : List.of("subject", "status", "suppression", "event", "message", "data_key")) {
        st.execute(verb + BenchDb.table(t));
      }
    }
  }

  /** Copies the in-memory store's rows of one tenant into the store's tables. */
  private record Copy(HikariDataSource ds, String database, InMemoryConsentStore memory, String tenant) {
    void run(PhoneNumber[] numbers) throws Exception {
      try (Connection c = ds.getConnection()) {
        c.setAutoCommit(false);
        insertSubjects(c, numbers);
        Map<String, Long> ids = subjectIds(c);
        insertRows(c, numbers, ids);
        c.commit();
      }
    }

    private void insertSubjects(Connection c, PhoneNumber[] numbers) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + BenchDb.table("subject")
          + " (tenant, e164, last_seq, last_hash, subject_ref) VALUES (?, ?, ?, ?, ?)")) {
        int n = 0;
        for (PhoneNumber number : numbers) {
          List<ConsentEvent> chain = memory.history(tenant, number);
          if (chain.isEmpty() && memory.suppressions(tenant, number).isEmpty()) {
            continue;
          }
          ConsentEvent last = chain.isEmpty() ? null : chain.get(chain.size() - 1);
          ps.setString(1, tenant);
          ps.setString(2, number.e164());
          ps.setLong(3, last == null ? 0 : last.seq());
          ps.setString(4, last == null ? EventChain.GENESIS : last.hash());
          ps.setString(5, memory.subjectRef(tenant, number));
          ps.addBatch();
          if (++n % BATCH == 0) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
    }

    private Map<String, Long> subjectIds(Connection c) throws SQLException {
      Map<String, Long> ids = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT e164, id FROM " + BenchDb.table("subject") + " WHERE tenant = ?")) {
        ps.setString(1, tenant);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.put(rs.getString(1), rs.getLong(2));
          }
        }
      }
      return ids;
    }

    private void insertRows(Connection c, PhoneNumber[] numbers, Map<String, Long> ids) throws Exception {
      try (PreparedStatement events = c.prepareStatement("INSERT INTO " + BenchDb.table("event") + " (subject_id, seq,"
          + " tenant, event_id, purpose_id, kind, method, channel, evidence, notice_version, occurred_at, recorded_at,"
          + " idempotency_key, imported, prev_hash, hash, evidence_digest, hash_version)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement statuses = c.prepareStatement("INSERT INTO " + BenchDb.table("status")
              + " (subject_id, purpose_id, state, since, granted_at, notice_version, seq) VALUES (?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement suppressions = c.prepareStatement("INSERT INTO " + BenchDb.table("suppression")
              + " (subject_id, scope, reason, created_at, evidence) VALUES (?, ?, ?, ?, ?)")) {
        int n = 0;
        for (PhoneNumber number : numbers) {
          Long id = ids.get(number.e164());
          if (id == null) {
            continue;
          }
          for (ConsentEvent e : memory.history(tenant, number)) {
            event(events, id, e);
          }
          for (String purpose : List.of(BenchKit.MARKETING, BenchKit.ORDERS)) {
            ConsentStatus s = memory.status(tenant, number, purpose);
            if (s.seq() > 0) {
              status(statuses, id, s);
            }
          }
          for (Suppression s : memory.suppressions(tenant, number)) {
            suppression(suppressions, id, s);
          }
          if (++n % BATCH == 0) {
            events.executeBatch();
            statuses.executeBatch();
            suppressions.executeBatch();
          }
        }
        events.executeBatch();
        statuses.executeBatch();
        suppressions.executeBatch();
      }
    }

    private void event(PreparedStatement ps, long id, ConsentEvent e) throws Exception {
      ps.setLong(1, id);
      ps.setLong(2, e.seq());
      ps.setString(3, e.tenant());
      ps.setString(4, e.eventId());
      ps.setString(5, e.purposeId());
      ps.setString(6, e.kind().name());
      ps.setString(7, e.method().name());
      ps.setString(8, e.channel().name());
      ps.setString(9, JSON.writeValueAsString(e.evidence()));
      ps.setString(10, e.noticeVersion());
      time(ps, 11, e.occurredAt());
      time(ps, 12, e.recordedAt());
      ps.setString(13, e.idempotencyKey());
      ps.setBoolean(14, e.imported());
      ps.setString(15, e.prevHash());
      ps.setString(16, e.hash());
      ps.setString(17, e.evidenceDigest());
      ps.setInt(18, e.hashVersion());
      ps.addBatch();
    }

    private void status(PreparedStatement ps, long id, ConsentStatus s) throws SQLException {
      ps.setLong(1, id);
      ps.setString(2, s.purposeId());
      ps.setString(3, s.state().name());
      time(ps, 4, s.since());
      time(ps, 5, s.grantedAt());
      ps.setString(6, s.noticeVersion());
      ps.setLong(7, s.seq());
      ps.addBatch();
    }

    private void suppression(PreparedStatement ps, long id, Suppression s) throws Exception {
      ps.setLong(1, id);
      ps.setString(2, s.scope());
      ps.setString(3, s.reason().name());
      time(ps, 4, s.createdAt());
      ps.setString(5, JSON.writeValueAsString(s.evidence()));
      ps.addBatch();
    }

    private void time(PreparedStatement ps, int index, Instant t) throws SQLException {
      if (BenchDb.POSTGRESQL.equals(database)) {
        ps.setObject(index, t == null ? null : t.atOffset(ZoneOffset.UTC), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
      } else {
        ps.setObject(index, t == null ? null : LocalDateTime.ofInstant(t, ZoneOffset.UTC), java.sql.Types.TIMESTAMP);
      }
    }
  }

  /** Reads a sample back through the real store: it must see exactly what the in-memory store holds. */
  private static void verify(JdbcConsentStore store, InMemoryConsentStore memory, String tenant, PhoneNumber[] numbers) {
    List<PhoneNumber> sample = new ArrayList<>();
    for (int i = 0; i < numbers.length; i += Math.max(1, numbers.length / 300)) {
      sample.add(numbers[i]);
    }
    for (String purpose : List.of(BenchKit.MARKETING, BenchKit.ORDERS)) {
      if (!store.statuses(tenant, sample, purpose).equals(memory.statuses(tenant, sample, purpose))) {
        throw new IllegalStateException("bulk-loaded statuses differ from the store's own: has the schema changed?");
      }
    }
    if (!store.suppressions(tenant, sample).equals(memory.suppressions(tenant, sample))) {
      throw new IllegalStateException("bulk-loaded suppressions differ from the store's own: has the schema changed?");
    }
    for (PhoneNumber n : sample) {
      if (!EventChain.verify(n, store.history(tenant, n)).isIntact()
          || !store.history(tenant, n).equals(memory.history(tenant, n))) {
        throw new IllegalStateException("bulk-loaded chain differs from the store's own: has the schema changed?");
      }
    }
  }

  private static void createMarker(HikariDataSource ds) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + BenchDb.schema() + ".bench_marker (tenant VARCHAR(128) PRIMARY KEY)");
    }
  }

  private static boolean isLoaded(HikariDataSource ds, String tenant) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + BenchDb.schema() + ".bench_marker WHERE tenant = ?")) {
      ps.setString(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void mark(HikariDataSource ds, String tenant) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + BenchDb.schema() + ".bench_marker (tenant) VALUES (?)")) {
      ps.setString(1, tenant);
      ps.executeUpdate();
    }
  }
}
