package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import dev.consent.testkit.Requirement;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.LoggerFactory;

/**
 * Shared test plumbing: finds PostgreSQL and MariaDB on this machine (or skips, or fails when
 * {@code -Dconsent.requireServices=true}), gives every test class its own randomly named schema or
 * database, hands out HikariCP pools onto it, and drops it afterwards. The servers are expected at
 * 127.0.0.1:5432 and 127.0.0.1:3306; {@code -Dconsent.postgres.hostPort} and {@code
 * -Dconsent.mariadb.hostPort} point elsewhere.
 */
final class TestDatabases {
  static final boolean REQUIRE_SERVICES = Boolean.getBoolean("consent.requireServices");
  private static final String PG_HOST = System.getProperty("consent.postgres.hostPort", "127.0.0.1:5432");
  private static final String MARIADB_HOST = System.getProperty("consent.mariadb.hostPort", "127.0.0.1:3306");

  private TestDatabases() {}

  /** PostgreSQL at 127.0.0.1:5432 (or consent.postgres.hostPort), for {@code @Needs}. */
  static final class Postgres implements Requirement {
    @Override
    public @Nullable String missing() {
      String url = "jdbc:postgresql://" + PG_HOST + "/test?connectTimeout=3";
      return reachable(url, "postgres") || reachable(url, "root") ? null
          : "PostgreSQL unreachable at " + PG_HOST + " (database test, user postgres or root, trust auth)";
    }
  }

  /** MariaDB at 127.0.0.1:3306 (or consent.mariadb.hostPort), for {@code @Needs}. */
  static final class MariaDb implements Requirement {
    @Override
    public @Nullable String missing() {
      return reachable("jdbc:mariadb://" + MARIADB_HOST + "/test?connectTimeout=3000", "root") ? null
          : "MariaDB unreachable at " + MARIADB_HOST + " (database test, user root, empty password)";
    }
  }

  static TestDb h2() {
    String name = randomName();
    return new TestDb(Dialect.H2, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000", "sa", null, null);
  }

  static TestDb postgres() {
    String url = "jdbc:postgresql://" + PG_HOST + "/test?connectTimeout=3";
    for (String user : List.of("postgres", "root")) {
      if (reachable(url, user)) {
        return new TestDb(Dialect.POSTGRESQL, url, user, PG_HOST, randomName());
      }
    }
    return unavailable("PostgreSQL", PG_HOST + ", database 'test', user postgres or root with trust auth");
  }

  static TestDb mariadb() {
    String url = "jdbc:mariadb://" + MARIADB_HOST + "/test?connectTimeout=3000";
    if (reachable(url, "root")) {
      return new TestDb(Dialect.MARIADB, url, "root", MARIADB_HOST, randomName());
    }
    return unavailable("MariaDB", MARIADB_HOST + ", database 'test', user root with an empty password");
  }

  private static boolean reachable(String url, String user) {
    try (Connection c = DriverManager.getConnection(url, user, "")) {
      return c.isValid(3);
    } catch (SQLException e) {
      return false;
    }
  }

  private static TestDb unavailable(String what, String where) {
    String message = what + " is not reachable at " + where + "; its suites are skipped"
        + " (run with -Dconsent.requireServices=true to make this a failure)";
    if (REQUIRE_SERVICES) {
      fail(what + " is required (consent.requireServices=true) but not reachable at " + where);
    }
    LoggerFactory.getLogger(TestDatabases.class).warn("SKIPPED: {}", message);
    dev.consent.testkit.Skips.record(what + " unreachable at " + where);
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  private static String randomName() {
    return "ct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** One test class's database: a random schema (PostgreSQL), database (MariaDB) or in-memory H2. */
  static final class TestDb implements AutoCloseable {
    final Dialect dialect;
    final String url;
    final String user;
    final @Nullable String hostPort;
    final @Nullable String schema;
    private final List<HikariDataSource> pools = new ArrayList<>();

    TestDb(Dialect dialect, String url, String user, @Nullable String hostPort, @Nullable String schema) {
      this.dialect = dialect;
      this.url = url;
      this.user = user;
      this.hostPort = hostPort;
      this.schema = schema;
    }

    /** A new HikariCP pool of {@code size} connections. */
    HikariDataSource pool(int size) {
      return pool(size, url, Duration.ofSeconds(5));
    }

    /** A pool that connects through {@code port} on 127.0.0.1 instead (a test proxy), failing fast. */
    HikariDataSource poolVia(int size, int port) {
      return pool(size, url.replace(hostPort, "127.0.0.1:" + port), Duration.ofSeconds(1));
    }

    private synchronized HikariDataSource pool(int size, String jdbcUrl, Duration connectionTimeout) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(jdbcUrl);
      config.setUsername(user);
      config.setPassword("");
      config.setMaximumPoolSize(size);
      config.setMinimumIdle(1);
      config.setConnectionTimeout(connectionTimeout.toMillis());
      config.setInitializationFailTimeout(-1);
      config.setPoolName("test-" + dialect.name().toLowerCase(Locale.ROOT) + "-" + pools.size());
      HikariDataSource ds = new HikariDataSource(config);
      pools.add(ds);
      return ds;
    }

    /** A store builder on {@code ds} for this database's schema, keys in the database unless a test sets its own. */
    JdbcConsentStore.Builder builder(DataSource ds) {
      JdbcConsentStore.Builder b = JdbcConsentStore.builder(ds).keysInDatabase();
      return schema == null ? b : b.schema(schema);
    }

    /** A plain connection outside any pool. */
    Connection connect() throws SQLException {
      return DriverManager.getConnection(url, user, "");
    }

    /** The qualified name of a table with the default prefix. */
    String table(String name) {
      return (schema == null ? "" : schema + ".") + name;
    }

    /** Waits until a statement on this schema waits for a row lock held by another (at most 10 s). */
    void awaitLockWaiter(java.util.concurrent.Future<?> waiter) throws Exception {
      String sql = switch (dialect) {
        case POSTGRESQL -> "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE ?";
        // innodb_trx lags behind; a statement of the store still listed as running is one waiting for the lock
        case MARIADB, MYSQL -> "SELECT COUNT(*) FROM information_schema.processlist WHERE id <> CONNECTION_ID()"
            + " AND command = 'Query' AND info LIKE ? AND info NOT LIKE '%information_schema%'";
        case H2 -> throw new UnsupportedOperationException("H2 runs in process");
      };
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
        // any statement of the store on the schema (the append's compare-and-set waits in its UPDATE)
        ps.setString(1, "%" + schema + ".%");
        while (System.nanoTime() < deadline) {
          if (waiter.isDone()) {
            waiter.get();
            throw new AssertionError("the call finished instead of waiting for the lock");
          }
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getInt(1) > 0) {
              return;
            }
          }
          Thread.sleep(20);
        }
      }
      StringBuilder seen = new StringBuilder();
      try (Connection c = connect(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(dialect == Dialect.POSTGRESQL
              ? "SELECT state, wait_event_type, query FROM pg_stat_activity WHERE datname = 'test'"
              : "SELECT command, state, info FROM information_schema.processlist")) {
        while (rs.next()) {
          seen.append("\n").append(rs.getString(1)).append(" | ").append(rs.getString(2)).append(" | ").append(rs.getString(3));
        }
      }
      throw new AssertionError("no transaction started waiting for the lock; sessions:" + seen);
    }

    @Override
    public void close() throws SQLException {
      pools.forEach(HikariDataSource::close);
      try (Connection c = connect(); Statement s = c.createStatement()) {
        switch (dialect) {
          case POSTGRESQL -> s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
          case MARIADB, MYSQL -> s.execute("DROP DATABASE IF EXISTS " + schema);
          case H2 -> s.execute("SHUTDOWN");
        }
      }
    }
  }
}
