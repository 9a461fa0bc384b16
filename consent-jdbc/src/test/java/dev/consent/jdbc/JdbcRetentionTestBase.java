package dev.consent.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.RetentionContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** Runs the {@link RetentionContract} on one database, each test class in its own schema. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcRetentionTestBase extends RetentionContract {
  protected TestDatabases.TestDb db;
  protected HikariDataSource pool;
  protected JdbcConsentStore store;
  private MigratedStore migrated;

  protected abstract TestDatabases.TestDb open();

  @BeforeAll
  void start() {
    migrated = new MigratedStore(open());
    db = migrated.db;
    pool = migrated.pool;
    store = migrated.store;
  }

  @AfterAll
  void stop() throws Exception {
    if (migrated != null) {
      migrated.close();
    }
  }

  @Override
  protected ConsentStore store() {
    return store;
  }

  /** Neither as stored (every column of the tenant's rows) nor in any encrypted value, decrypted. */
  @Override
  protected void assertHeldNowhere(String value) {
    migrated.assertHeldNowhere(kit.tenant(), value);
  }
}
