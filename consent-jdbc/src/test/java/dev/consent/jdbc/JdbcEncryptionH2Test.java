package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcConsentStore on H2 encrypts at rest, rotates and rewraps keys, and upgrades 0.2 databases")
class JdbcEncryptionH2Test extends JdbcEncryptionTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.h2();
  }
}
