package dev.consent.jdbc;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.FrequencyCapRaceContract;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.TestInstance;

/** Runs the {@link FrequencyCapRaceContract} on one database, each test class in its own schema. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcCapRaceTestBase extends FrequencyCapRaceContract {
  @AutoClose
  private final MigratedStore.OnDemand migrated = new MigratedStore.OnDemand(this::open);

  protected abstract TestDatabases.TestDb open();

  @Override
  protected ConsentStore store() {
    return migrated.get().store;
  }
}
