package dev.consent.jdbc;

import dev.consent.testkit.Needs;
import org.junit.jupiter.api.DisplayName;

@Needs(TestDatabases.MariaDb.class)
@DisplayName("JdbcConsentStore on MariaDB holds frequency caps under concurrent sends")
class JdbcCapRaceMariaDbTest extends JdbcCapRaceTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.mariadb();
  }
}
