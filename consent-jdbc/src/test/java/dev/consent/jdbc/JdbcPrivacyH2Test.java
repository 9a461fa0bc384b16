package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcConsentStore on H2 keeps the proof and privacy contract and finds rows edited in SQL")
class JdbcPrivacyH2Test extends JdbcPrivacyTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.h2();
  }
}
