package dev.consent.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.HeldValues;
import dev.consent.testkit.RetentionContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryConsentStore keeps the retention contract")
class InMemoryRetentionTest extends RetentionContract {
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
