package dev.consent.reliability;

import dev.consent.memory.InMemoryConsentStore;
import dev.consent.spi.ConsentStore;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Model-based reliability on the in-memory store")
class InMemoryModelTest extends ConsentModelSuite {
  /** A fresh store per run: the in-memory store scans all tenants in some reads. */
  @Override
  protected ConsentStore store() {
    return new InMemoryConsentStore();
  }

  @Override
  protected String storeName() {
    return "in-memory";
  }
}
