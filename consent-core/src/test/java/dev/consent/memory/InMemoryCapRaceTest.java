package dev.consent.memory;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.FrequencyCapRaceContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryConsentStore holds frequency caps under concurrent sends")
class InMemoryCapRaceTest extends FrequencyCapRaceContract {
  private final InMemoryConsentStore store = new InMemoryConsentStore();

  @Override
  protected ConsentStore store() {
    return store;
  }
}
