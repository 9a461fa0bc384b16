package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Injection payloads through the JDBC store (H2)")
class SqlInjectionH2Test extends SqlInjectionTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.h2();
  }
}
