package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Model-based reliability on the JDBC store (MariaDb)")
class JdbcModelMariaDbTest extends JdbcModelTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.mariadb();
  }
}
