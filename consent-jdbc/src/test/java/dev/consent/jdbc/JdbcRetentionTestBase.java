package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

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

  protected abstract TestDatabases.TestDb open();

  @BeforeAll
  void start() {
    db = open();
    pool = db.pool(4);
    store = db.builder(pool).build();
    store.migrate();
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

  /** Neither as stored (every column of the tenant's rows) nor in any encrypted value, decrypted. */
  @Override
  protected void assertHeldNowhere(String value) {
    assertThat(HeldRows.holding(db, pool, kit.tenant(), value)).as("columns holding the value").isEmpty();
    assertThat(store.encryption().clearValues(kit.tenant())).as("decrypted values holding it")
        .noneMatch(v -> v.contains(value));
  }
}
