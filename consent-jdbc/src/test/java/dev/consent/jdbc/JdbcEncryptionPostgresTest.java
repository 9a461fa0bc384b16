package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcConsentStore on Postgres encrypts at rest, rotates and rewraps keys, and upgrades 0.2 databases")
class JdbcEncryptionPostgresTest extends JdbcEncryptionTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.postgres();
  }
}
