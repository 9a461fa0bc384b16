package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Injection payloads through the JDBC store (Postgres)")
class SqlInjectionPostgresTest extends SqlInjectionTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.postgres();
  }
}
