package dev.consent.memory;

import dev.consent.spi.ConsentStore;
import dev.consent.spi.ReviewStore;
import dev.consent.testkit.ReviewStoreContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryConsentStore keeps the review store contract")
class InMemoryReviewTest extends ReviewStoreContract {
  private final InMemoryConsentStore store = new InMemoryConsentStore();

  @Override
  protected ConsentStore store() {
    return store;
  }

  @Override
  protected ReviewStore reviewStore() {
    return store;
  }
}
