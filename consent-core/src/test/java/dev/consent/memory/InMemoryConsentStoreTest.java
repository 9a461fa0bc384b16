package dev.consent.memory;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.ConsentStoreContract;

class InMemoryConsentStoreTest extends ConsentStoreContract {
  private final InMemoryConsentStore store = new InMemoryConsentStore();

  @Override
  protected ConsentStore store() {
    return store;
  }
}
