package dev.consent.jdbc;

import dev.consent.testkit.Needs;
import org.junit.jupiter.api.DisplayName;

@Needs(TestDatabases.MariaDb.class)
@DisplayName("JdbcConsentStore on MariaDB keeps each tenant's opt-in limits")
class JdbcTenantSettingsMariaDbTest extends JdbcTenantSettingsTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.mariadb();
  }
}
