package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StoreLogTest {
  @Test
  @DisplayName("the store's parts log under JdbcConsentStore's name, the one hosts configure")
  void name() {
    assertThat(StoreLog.LOG.getName()).isEqualTo(JdbcConsentStore.class.getName());
  }
}
