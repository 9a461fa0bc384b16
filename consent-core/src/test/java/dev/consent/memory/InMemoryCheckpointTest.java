package dev.consent.memory;

import dev.consent.spi.CheckpointStore;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.CheckpointStoreContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryConsentStore keeps the checkpoint store contract")
class InMemoryCheckpointTest extends CheckpointStoreContract {
  private final InMemoryConsentStore store = new InMemoryConsentStore();

  @Override
  protected ConsentStore store() {
    return store;
  }

  @Override
  protected CheckpointStore checkpointStore() {
    return store;
  }
}
