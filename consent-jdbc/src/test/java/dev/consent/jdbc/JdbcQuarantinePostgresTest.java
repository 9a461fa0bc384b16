package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcConsentStore on PostgreSQL keeps the quarantine contract")
class JdbcQuarantinePostgresTest extends JdbcQuarantineTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.postgres();
  }
}
