package dev.consent.jdbc;

import dev.consent.testkit.Needs;
import org.junit.jupiter.api.DisplayName;

@Needs(TestDatabases.Postgres.class)
@DisplayName("JdbcConsentStore on PostgreSQL keeps each tenant's opt-in limits")
class JdbcTenantSettingsPostgresTest extends JdbcTenantSettingsTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.postgres();
  }
}
