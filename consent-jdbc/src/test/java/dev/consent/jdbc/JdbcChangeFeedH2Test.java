package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcConsentStore on H2 keeps the change feed store contract")
class JdbcChangeFeedH2Test extends JdbcChangeFeedTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.h2();
  }
}
