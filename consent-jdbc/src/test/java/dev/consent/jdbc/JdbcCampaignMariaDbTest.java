package dev.consent.jdbc;

import dev.consent.testkit.Needs;
import org.junit.jupiter.api.DisplayName;

@Needs(TestDatabases.MariaDb.class)
@DisplayName("JdbcConsentStore on MariaDB sends campaigns once per recipient, across instances and crashes")
class JdbcCampaignMariaDbTest extends JdbcCampaignTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.mariadb();
  }
}
