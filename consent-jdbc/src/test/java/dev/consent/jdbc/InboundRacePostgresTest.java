package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Inbound races between two instances on the JDBC store (Postgres)")
class InboundRacePostgresTest extends InboundRaceTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.postgres();
  }
}
