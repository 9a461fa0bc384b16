package dev.consent.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.ReceiptContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** Runs the {@link ReceiptContract} on one database (each test uses its own tenant). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcReceiptTestBase extends ReceiptContract {
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
}
