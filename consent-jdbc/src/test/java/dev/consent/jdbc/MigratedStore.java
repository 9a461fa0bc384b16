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
}
