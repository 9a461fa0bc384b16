package dev.consent.memory;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.TenantSettingsContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryConsentStore keeps each tenant's opt-in limits")
class InMemoryTenantSettingsTest extends TenantSettingsContract {
  private final InMemoryConsentStore store = new InMemoryConsentStore();

  @Override
  protected ConsentStore store() {
    return store;
  }
}
