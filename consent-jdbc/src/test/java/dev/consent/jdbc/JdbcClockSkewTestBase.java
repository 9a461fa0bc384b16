package dev.consent.jdbc;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.ClockSkewContract;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.TestInstance;

/** Runs the {@link ClockSkewContract} on one database (each test uses its own tenant). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcClockSkewTestBase extends ClockSkewContract {
  @AutoClose
  private final MigratedStore.OnDemand migrated = new MigratedStore.OnDemand(this::open);

  protected abstract TestDatabases.TestDb open();

  @Override
  protected ConsentStore store() {
    return migrated.get().store;
  }
}
