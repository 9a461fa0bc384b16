package dev.consent.jdbc;

import dev.consent.testkit.Needs;
import org.junit.jupiter.api.DisplayName;

@Needs(TestDatabases.MariaDb.class)
@DisplayName("JdbcConsentStore on MariaDB keeps the quarantine contract")
class JdbcQuarantineMariaDbTest extends JdbcQuarantineTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.mariadb();
  }
}
