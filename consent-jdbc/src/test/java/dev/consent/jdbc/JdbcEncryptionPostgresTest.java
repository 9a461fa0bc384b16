package dev.consent.jdbc;

import dev.consent.testkit.Needs;
import org.junit.jupiter.api.DisplayName;

@Needs(TestDatabases.Postgres.class)
@DisplayName("JdbcConsentStore on Postgres encrypts at rest, rotates and rewraps keys, and upgrades 0.2 databases")
class JdbcEncryptionPostgresTest extends JdbcEncryptionTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.postgres();
  }
}
