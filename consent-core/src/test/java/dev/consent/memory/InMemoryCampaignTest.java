package dev.consent.memory;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.CampaignContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryConsentStore sends campaigns once per recipient, across instances and crashes")
class InMemoryCampaignTest extends CampaignContract {
  private final InMemoryConsentStore store = new InMemoryConsentStore();

  @Override
  protected ConsentStore store() {
    return store;
  }
}
