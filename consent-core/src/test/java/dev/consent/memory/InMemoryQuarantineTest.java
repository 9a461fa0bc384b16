package dev.consent.memory;

import dev.consent.spi.ConsentStore;
import dev.consent.spi.QuarantineStore;
import dev.consent.testkit.QuarantineStoreContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryConsentStore keeps the quarantine contract")
class InMemoryQuarantineTest extends QuarantineStoreContract {
  private final InMemoryConsentStore store = new InMemoryConsentStore();

  @Override
  protected ConsentStore store() {
    return store;
  }

  @Override
  protected QuarantineStore quarantineStore() {
    return store;
  }
}
