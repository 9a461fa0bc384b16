package dev.consent.jdbc;

import dev.consent.testkit.Needs;
import org.junit.jupiter.api.DisplayName;

@Needs(TestDatabases.MariaDb.class)
@DisplayName("JdbcConsentStore on MariaDb encrypts at rest, rotates and rewraps keys, and upgrades 0.2 databases")
class JdbcEncryptionMariaDbTest extends JdbcEncryptionTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.mariadb();
  }
}
