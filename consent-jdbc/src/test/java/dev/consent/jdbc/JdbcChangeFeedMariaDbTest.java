package dev.consent.jdbc;

import dev.consent.testkit.Needs;
import org.junit.jupiter.api.DisplayName;

@Needs(TestDatabases.MariaDb.class)
@DisplayName("JdbcConsentStore on MariaDB keeps the change feed store contract")
class JdbcChangeFeedMariaDbTest extends JdbcChangeFeedTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.mariadb();
  }
}
