package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("A copy of the database on H2 gives no code, prefix, address or number from a stored digest")
class JdbcDigestsH2Test extends JdbcDigestsTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.h2();
  }
}
