package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcConsentStore on MariaDB keeps the proof and privacy contract and finds rows edited in SQL")
class JdbcPrivacyMariaDbTest extends JdbcPrivacyTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.mariadb();
  }
}
