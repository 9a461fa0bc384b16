package dev.consent.jdbc;

import dev.consent.reliability.ConsentModelSuite;
import dev.consent.spi.ConsentStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The model-based reliability suite on one database; every run works in its own tenant of one schema. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcModelTestBase extends ConsentModelSuite {
  private TestDatabases.TestDb db;
  private JdbcConsentStore store;

  protected abstract TestDatabases.TestDb open();

  @BeforeAll
  void start() {
    db = open();
    store = db.builder(db.pool(4)).build();
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

  @Override
  protected String storeName() {
    return "jdbc-" + db.dialect.name().toLowerCase(java.util.Locale.ROOT);
  }
}
