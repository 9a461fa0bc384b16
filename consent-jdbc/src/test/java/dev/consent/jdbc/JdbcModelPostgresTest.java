package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Model-based reliability on the JDBC store (Postgres)")
class JdbcModelPostgresTest extends JdbcModelTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.postgres();
  }
}
