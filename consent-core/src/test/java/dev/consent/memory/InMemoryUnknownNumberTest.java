package dev.consent.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.HeldValues;
import dev.consent.testkit.UnknownNumberContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryConsentStore keeps the contract for numbers libphonenumber does not know")
class InMemoryUnknownNumberTest extends UnknownNumberContract {
  private final InMemoryConsentStore store = new InMemoryConsentStore();

  @Override
  protected ConsentStore store() {
    return store;
  }

  @Override
  protected void assertHeldNowhere(String value) {
    assertThat(HeldValues.of(store)).isNotEmpty().noneMatch(s -> s.contains(value));
  }
}
