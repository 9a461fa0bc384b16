package dev.consent.jdbc;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.UnknownNumberContract;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.TestInstance;

/** Runs the {@link UnknownNumberContract} on one database (each test uses its own tenant). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcUnknownNumberTestBase extends UnknownNumberContract {
  @AutoClose
  private final MigratedStore.OnDemand migrated = new MigratedStore.OnDemand(this::open);

  protected abstract TestDatabases.TestDb open();

  @Override
  protected ConsentStore store() {
    return migrated.get().store;
  }

  /** Neither as stored (every column of the tenant's rows) nor in any encrypted value, decrypted. */
  @Override
  protected void assertHeldNowhere(String value) {
    migrated.get().assertHeldNowhere(kit.tenant(), value);
  }
}
