package dev.consent.jdbc;

import dev.consent.testkit.Needs;
import org.junit.jupiter.api.DisplayName;

@Needs(TestDatabases.Postgres.class)
@DisplayName("JdbcConsentStore on PostgreSQL holds frequency caps under concurrent sends")
class JdbcCapRacePostgresTest extends JdbcCapRaceTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.postgres();
  }
}
