package dev.consent.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.ConsentStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs the {@link ConsentStoreContract} and the JDBC-specific suites (migrations, many instances,
 * faults) against one database; a subclass per database says which.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcStoreTestBase extends ConsentStoreContract {
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
}
