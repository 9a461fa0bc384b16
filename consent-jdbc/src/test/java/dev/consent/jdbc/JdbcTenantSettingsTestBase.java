package dev.consent.jdbc;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.TenantSettingsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** Runs the {@link TenantSettingsContract} on one database, each test class in its own schema. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcTenantSettingsTestBase extends TenantSettingsContract {
  private MigratedStore migrated;

  protected abstract TestDatabases.TestDb open();

  @BeforeAll
  void start() {
    migrated = new MigratedStore(open());
  }

  @AfterAll
  void stop() throws Exception {
    if (migrated != null) {
      migrated.close();
    }
  }

  @Override
  protected ConsentStore store() {
    return migrated.store;
  }
}
