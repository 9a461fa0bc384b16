package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcConsentStore on MariaDB keeps the store contract, migrates, survives many instances and faults")
class JdbcConsentStoreMariaDbTest extends ServerStoreTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.mariadb();
  }
}
