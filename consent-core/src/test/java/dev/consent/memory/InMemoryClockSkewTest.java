package dev.consent.memory;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.ClockSkewContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryConsentStore keeps a STOP in force across instances whose clocks disagree")
class InMemoryClockSkewTest extends ClockSkewContract {
  private final InMemoryConsentStore store = new InMemoryConsentStore();

  @Override
  protected ConsentStore store() {
    return store;
  }
}
