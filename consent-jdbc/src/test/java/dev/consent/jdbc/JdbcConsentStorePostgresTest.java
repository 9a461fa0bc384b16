package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcConsentStore on PostgreSQL keeps the store contract, migrates, survives many instances and faults")
class JdbcConsentStorePostgresTest extends ServerStoreTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.postgres();
  }
}
