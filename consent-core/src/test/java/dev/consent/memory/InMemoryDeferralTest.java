package dev.consent.memory;

import dev.consent.spi.ConsentStore;
import dev.consent.spi.DeferralStore;
import dev.consent.testkit.DeferralStoreContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryConsentStore keeps the deferral store contract")
class InMemoryDeferralTest extends DeferralStoreContract {
  private final InMemoryConsentStore store = new InMemoryConsentStore();

  @Override
  protected ConsentStore store() {
    return store;
  }

  @Override
  protected DeferralStore deferralStore() {
    return store;
  }
}
