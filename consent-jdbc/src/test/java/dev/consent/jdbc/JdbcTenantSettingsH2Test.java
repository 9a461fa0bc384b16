package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcConsentStore on H2 keeps each tenant's opt-in limits")
class JdbcTenantSettingsH2Test extends JdbcTenantSettingsTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.h2();
  }
}
