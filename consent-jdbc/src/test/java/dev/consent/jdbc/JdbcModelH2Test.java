package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Model-based reliability on the JDBC store (H2)")
class JdbcModelH2Test extends JdbcModelTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.h2();
  }
}
