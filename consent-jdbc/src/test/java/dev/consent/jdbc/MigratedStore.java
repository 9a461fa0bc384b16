package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;

/**
 * A migrated store on one test database, with a pool of 4 unless told otherwise: what the contract suites run on JDBC
 * (privacy, retention, receipts) share. Closing it closes the database (and drops its schema).
 */
final class MigratedStore implements AutoCloseable {
  final TestDatabases.TestDb db;
  final HikariDataSource pool;
  final JdbcConsentStore store;

  MigratedStore(TestDatabases.TestDb db) {
    this(db, 4);
  }

  /** With a pool of {@code poolSize}: a suite whose threads all write at once needs one each. */
  MigratedStore(TestDatabases.TestDb db, int poolSize) {
    this.db = db;
    try {
      pool = db.pool(poolSize);
      store = db.builder(pool).build();
      store.migrate();
    } catch (RuntimeException e) {
      try {
        db.close();
      } catch (SQLException | RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** Not in any column of the tenant's rows as stored. */
  void assertHeldNowhereInClear(String tenant, String value) {
    assertThat(HeldRows.holding(db, pool, tenant, value)).as("columns holding the value").isEmpty();
  }

  /** Neither as stored (every column of the tenant's rows) nor in any encrypted value, decrypted. */
  void assertHeldNowhere(String tenant, String value) {
    assertHeldNowhereInClear(tenant, value);
    assertThat(store.encryption().clearValues(tenant)).as("decrypted values holding it")
        .noneMatch(v -> v.contains(value));
  }

  @Override
  public void close() throws SQLException {
    db.close();
  }

  /**
   * The migrated store of one contract runner: opened on first use (a runner skipped for a missing
   * database never opens it) and closed with the test class, as an {@code @AutoClose} field of a
   * {@code PER_CLASS} runner. Thread-safe: the contracts' races reach it from many threads.
   */
  static final class OnDemand implements AutoCloseable {
    private final java.util.function.Supplier<TestDatabases.TestDb> open;
    private final int poolSize;
    private MigratedStore migrated;

    OnDemand(java.util.function.Supplier<TestDatabases.TestDb> open) {
      this(open, 4);
    }

    OnDemand(java.util.function.Supplier<TestDatabases.TestDb> open, int poolSize) {
      this.open = open;
      this.poolSize = poolSize;
    }

    synchronized MigratedStore get() {
      if (migrated == null) {
        migrated = new MigratedStore(open.get(), poolSize);
      }
      return migrated;
    }

    @Override
    public synchronized void close() throws SQLException {
      if (migrated != null) {
        migrated.close();
      }
    }
  }
}
