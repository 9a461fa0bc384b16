package dev.consent.memory;

import dev.consent.spi.ChangeFeedStore;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.ChangeFeedStoreContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryConsentStore keeps the change feed store contract")
class InMemoryChangeFeedTest extends ChangeFeedStoreContract {
  private final InMemoryConsentStore store = new InMemoryConsentStore();

  @Override
  protected ConsentStore store() {
    return store;
  }

  @Override
  protected ChangeFeedStore feedStore() {
    return store;
  }
}
