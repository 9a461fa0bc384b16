package dev.consent.memory;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.ReceiptContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryConsentStore issues consent receipts")
class InMemoryReceiptTest extends ReceiptContract {
  private final InMemoryConsentStore store = new InMemoryConsentStore();

  @Override
  protected ConsentStore store() {
    return store;
  }
}
