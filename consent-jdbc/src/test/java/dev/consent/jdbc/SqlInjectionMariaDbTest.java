package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Injection payloads through the JDBC store (MariaDb)")
class SqlInjectionMariaDbTest extends SqlInjectionTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.mariadb();
  }
}
