package dev.consent.jdbc;

import dev.consent.testkit.Needs;
import org.junit.jupiter.api.DisplayName;

@Needs(TestDatabases.Postgres.class)
@DisplayName("JdbcConsentStore on PostgreSQL sends campaigns once per recipient, across instances and crashes")
class JdbcCampaignPostgresTest extends JdbcCampaignTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.postgres();
  }
}
