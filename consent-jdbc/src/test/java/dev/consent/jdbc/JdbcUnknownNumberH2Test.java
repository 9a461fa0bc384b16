package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcConsentStore on H2 keeps the contract for numbers libphonenumber does not know")
class JdbcUnknownNumberH2Test extends JdbcUnknownNumberTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.h2();
  }
}
