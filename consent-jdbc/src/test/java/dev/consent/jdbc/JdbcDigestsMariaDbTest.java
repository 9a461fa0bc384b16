package dev.consent.jdbc;

import dev.consent.testkit.Needs;
import org.junit.jupiter.api.DisplayName;

@Needs(TestDatabases.MariaDb.class)
@DisplayName("A copy of the database on MariaDB gives no code, prefix, address or number from a stored digest")
class JdbcDigestsMariaDbTest extends JdbcDigestsTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.mariadb();
  }
}
