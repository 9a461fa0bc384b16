package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Inbound races between two instances on the JDBC store (H2)")
class InboundRaceH2Test extends InboundRaceTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.h2();
  }
}
