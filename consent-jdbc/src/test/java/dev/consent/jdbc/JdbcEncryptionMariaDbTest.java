package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcConsentStore on MariaDb encrypts at rest, rotates and rewraps keys, and upgrades 0.2 databases")
class JdbcEncryptionMariaDbTest extends JdbcEncryptionTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.mariadb();
  }
}
