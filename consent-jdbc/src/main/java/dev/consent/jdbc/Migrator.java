package dev.consent.jdbc;

import dev.consent.LogText;
import dev.consent.error.ConfigurationException;
import dev.consent.error.ConsentStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The built-in migrator for hosts without Flyway or Liquibase. It runs the same files those tools
 * would, under a database lock (an advisory lock on PostgreSQL, GET_LOCK on MariaDB/MySQL; on H2 the
 * scripts' IF NOT EXISTS and the version table's primary key make a concurrent run harmless), records
 * each version in {@code <prefix>schema_version}, never drops data (V5 drops one index that nothing reads),
 * and refuses a newer schema.
 */
final class Migrator {
  private static final Logger log = StoreLog.LOG;
  /**
   * How long an H2 migration lease lasts without renewal: one older than this was left by a process
   * that died while migrating, and is taken over. Renewed after every script and backfill step.
   */
  static final Duration H2_LEASE = Duration.ofMinutes(2);
  /** How long a start waits for another store's H2 migration: longer than a lease, so a dead one is taken over. */
  private static final Duration H2_WAIT = H2_LEASE.plusSeconds(30);
  /** Every migration this version of the library ships, in order. */
  static final List<String> SCRIPTS = List.of("V1__consent.sql", "V2__privacy.sql", "V3__encryption.sql",
      "V4__retention.sql", "V5__append_indexes.sql", "V6__quarantine.sql", "V7__inbound_digests.sql",
      "V8__review_queue.sql", "V9__data_key_uses.sql", "V10__checkpoints.sql", "V11__change_feed.sql",
      "V12__campaigns.sql", "V13__program_caps.sql", "V14__deferrals.sql");
  /** The newest version this library ships. */
  static final int NEWEST = version(SCRIPTS.get(SCRIPTS.size() - 1));

  private final Db db;
  private final Tables t;
  private final Subjects subjects;
  private final Encryption encryption;
  /** This migrator's mark on the H2 lease it holds. */
  private final String holder = java.util.UUID.randomUUID().toString();

  Migrator(Db db, Tables t, Subjects subjects, Encryption encryption) {
    this.db = db;
    this.t = t;
    this.subjects = subjects;
    this.encryption = encryption;
  }

  /** A migrator that only reads scripts ({@link #statements}): for tests that build old schemas. */
  Migrator(Db db, Tables t) {
    this(db, t, null, null);
  }

  List<String> migrate() {
    try (Connection c = db.dataSource.getConnection()) {
      c.setAutoCommit(true);
      if (t.schema != null) {
        createSchema(c);
      }
      String lock = lockName();
      acquire(c, lock);
      try {
        List<String> ran = migrateLocked(c, lock);
        renew(c, lock);
        int filled = subjects.backfill(c);
        if (filled > 0) {
          log.info("consent schema: gave {} subjects written before version 2 their pseudonymous reference", filled);
        }
        renew(c, lock);
        encryption.backfill(c);
        return ran;
      } finally {
        release(c, lock);
      }
    } catch (SQLException e) {
      throw Db.failure("migrate", e);
    }
  }

  private void createSchema(Connection c) {
    try {
      execute(c, "CREATE SCHEMA IF NOT EXISTS " + t.schema);
    } catch (SQLException e) {
      // the schema may exist without the right to create one; if not, CREATE TABLE says so
      log.debug("consent schema: CREATE SCHEMA failed (SQLState {})", LogText.safe(e.getSQLState()));
    }
  }

  private List<String> migrateLocked(Connection c, String lock) throws SQLException {
    execute(c, "CREATE TABLE IF NOT EXISTS " + t.schemaVersion + " (version INTEGER NOT NULL PRIMARY KEY,"
        + " script VARCHAR(200) NOT NULL, checksum VARCHAR(64) NOT NULL)");
    Map<Integer, String> applied = applied(c);
    int newest = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
    if (newest > NEWEST) {
      throw new ConfigurationException("the consent schema is at version " + newest
          + ", newer than this consent-jdbc knows (" + NEWEST + "); upgrade the library");
    }
    List<String> ran = new ArrayList<>();
    for (String script : SCRIPTS) {
      int version = version(script);
      String text = read(script);
      String checksum = sha256Hex(text);
      if (applied.containsKey(version)) {
        if (!applied.get(version).equals(checksum)) {
          log.warn("consent schema: {} was applied with another checksum; the shipped file changed", script);
        }
        continue;
      }
      if (apply(c, version, script, text, checksum)) {
        ran.add(script);
        log.info("consent schema: applied {} ({})", script, db.dialect);
      }
      renew(c, lock);
    }
    return List.copyOf(ran);
  }

  private boolean apply(Connection c, int version, String script, String text, String checksum) throws SQLException {
    c.setAutoCommit(false);
    try {
      for (String statement : statements(text)) {
        execute(c, statement);
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO " + t.schemaVersion + " (version, script, checksum) VALUES (?, ?, ?)")) {
        ps.setInt(1, version);
        ps.setString(2, script);
        ps.setString(3, checksum);
        ps.executeUpdate();
      }
      c.commit();
      return true;
    } catch (SQLException e) {
      c.rollback();
      if (Db.isUniqueViolation(e)) {
        return false; // another instance recorded it first (it took over a lease this one still used)
      }
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private Map<Integer, String> applied(Connection c) throws SQLException {
    Map<Integer, String> out = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version, checksum FROM " + t.schemaVersion)) {
      while (rs.next()) {
        out.put(rs.getInt(1), rs.getString(2));
      }
    }
    return out;
  }

  /** The script's statements with the default prefix replaced and table names schema-qualified. */
  List<String> statements(String text) {
    String qualified = t.schema == null ? t.prefix : t.schema + "." + t.prefix;
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String sql = current.toString().strip();
        sql = sql.substring(0, sql.length() - 1)
            .replaceAll("(CREATE TABLE IF NOT EXISTS |ALTER TABLE |REFERENCES | ON )" + Tables.DEFAULT_PREFIX, "$1" + qualified)
            .replaceAll("\\b" + Tables.DEFAULT_PREFIX, t.prefix);
        out.add(sql);
        current.setLength(0);
      }
    }
    return out;
  }

  /** The version a script's name starts with: {@code V7__inbound_digests.sql} is 7. */
  static int version(String script) {
    return Integer.parseInt(script.substring(1, script.indexOf("__")));
  }

  private String read(String script) {
    String path = db.dialect.migrationLocation() + "/" + script;
    try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new ConsentStoreException("consent-jdbc jar is missing its migration " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new ConsentStoreException("cannot read migration " + path, e);
    }
  }

  private String lockName() {
    return "consent_migrate_" + sha256Hex((t.schema == null ? "" : t.schema) + "." + t.prefix).substring(0, 16);
  }

  private void acquire(Connection c, String lock) throws SQLException {
    switch (db.dialect) {
      case POSTGRESQL -> query(c, "SELECT pg_advisory_lock(?)", advisoryKey(lock));
      case MARIADB, MYSQL -> {
        if (!"1".equals(query(c, "SELECT GET_LOCK(?, 120)", lock))) {
          throw new SQLException("timed out waiting for the migration lock", "55P03");
        }
      }
      case H2 -> lease(c, lock);
    }
  }

  private void release(Connection c, String lock) throws SQLException {
    switch (db.dialect) {
      case POSTGRESQL -> query(c, "SELECT pg_advisory_unlock(?)", advisoryKey(lock));
      case MARIADB, MYSQL -> query(c, "SELECT RELEASE_LOCK(?)", lock);
      case H2 -> update(c, "DELETE FROM " + t.migrationLease + " WHERE name = ? AND holder = ?", lock, holder);
    }
  }

  /**
   * H2 has no advisory lock, and its DDL commits the transaction a row lock would live in: the lock
   * is a lease row, inserted in autocommit on the migrating connection (no second connection, so a
   * single-connection data source works) and deleted at the end. Stores of any process sharing the
   * database (a file or server-mode H2) take turns; a lease not renewed for {@link #H2_LEASE} was left
   * by a process that died while migrating and is taken over.
   */
  private void lease(Connection c, String lock) throws SQLException {
    for (int attempt = 1; ; attempt++) { // two stores creating the lease table at once: one may see "already exists"
      try {
        execute(c, "CREATE TABLE IF NOT EXISTS " + t.migrationLease + " (name VARCHAR(64) NOT NULL PRIMARY KEY,"
            + " holder VARCHAR(36) NOT NULL, renewed_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        break;
      } catch (SQLException e) {
        if (attempt == 5) {
          throw e;
        }
        pause(attempt);
      }
    }
    long deadline = System.nanoTime() + H2_WAIT.toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        update(c, "INSERT INTO " + t.migrationLease + " (name, holder, renewed_at) VALUES (?, ?, CURRENT_TIMESTAMP)",
            lock, holder);
        return;
      } catch (SQLException e) {
        if (!Db.isUniqueViolation(e)) {
          throw e;
        }
      }
      if (update(c, "DELETE FROM " + t.migrationLease + " WHERE name = ? AND renewed_at < CURRENT_TIMESTAMP - INTERVAL '"
          + H2_LEASE.toSeconds() + "' SECOND", lock) > 0) {
        log.warn("consent schema: took over a migration lease not renewed for {} (a process died while migrating)",
            H2_LEASE);
        continue;
      }
      if (System.nanoTime() > deadline) {
        throw new SQLException("timed out waiting for the migration lease held in " + t.migrationLease, "55P03");
      }
      pause(Math.min(attempt, 10));
    }
  }

  /** Keeps this migrator's H2 lease fresh between long steps; the other databases' locks need nothing. */
  private void renew(Connection c, String lock) throws SQLException {
    if (db.dialect == Dialect.H2) {
      update(c, "UPDATE " + t.migrationLease + " SET renewed_at = CURRENT_TIMESTAMP WHERE name = ? AND holder = ?",
          lock, holder);
    }
  }

  private static void pause(int attempt) throws SQLException {
    try {
      Thread.sleep(20L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for the migration lease", "57014", e);
    }
  }

  private static int update(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      return ps.executeUpdate();
    }
  }

  private static long advisoryKey(String lock) {
    return Long.parseUnsignedLong(lock.substring(lock.length() - 15), 16);
  }

  private static String query(Connection c, String sql, Object arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return String.valueOf(rs.getObject(1));
      }
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static String sha256Hex(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
