package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcConsentStore on MariaDB keeps a STOP in force across instances whose clocks disagree")
class JdbcClockSkewMariaDbTest extends JdbcClockSkewTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.mariadb();
  }
}
