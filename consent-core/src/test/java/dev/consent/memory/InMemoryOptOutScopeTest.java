package dev.consent.memory;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.OptOutScopeContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryConsentStore scopes STOPs by date across instances")
class InMemoryOptOutScopeTest extends OptOutScopeContract {
  private final InMemoryConsentStore store = new InMemoryConsentStore();

  @Override
  protected ConsentStore store() {
    return store;
  }
}
