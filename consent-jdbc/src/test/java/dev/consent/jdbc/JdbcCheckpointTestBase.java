package dev.consent.jdbc;

import dev.consent.spi.ConsentStore;
import dev.consent.spi.CheckpointStore;
import dev.consent.testkit.CheckpointStoreContract;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.TestInstance;

/** Runs the {@link CheckpointStoreContract} on one database, each test class in its own schema. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcCheckpointTestBase extends CheckpointStoreContract {
  @AutoClose
  private final MigratedStore.OnDemand migrated = new MigratedStore.OnDemand(this::open);

  protected abstract TestDatabases.TestDb open();

  @Override
  protected ConsentStore store() {
    return migrated.get().store;
  }

  @Override
  protected CheckpointStore checkpointStore() {
    return migrated.get().store;
  }
}
