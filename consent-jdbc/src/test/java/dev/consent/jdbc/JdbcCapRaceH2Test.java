package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcConsentStore on H2 holds frequency caps under concurrent sends")
class JdbcCapRaceH2Test extends JdbcCapRaceTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.h2();
  }
}
