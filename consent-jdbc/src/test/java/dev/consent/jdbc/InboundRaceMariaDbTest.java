package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Inbound races between two instances on the JDBC store (MariaDb)")
class InboundRaceMariaDbTest extends InboundRaceTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.mariadb();
  }
}
