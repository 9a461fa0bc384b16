package dev.consent.jdbc;

import dev.consent.testkit.Needs;
import org.junit.jupiter.api.DisplayName;

@Needs(TestDatabases.Postgres.class)
@DisplayName("JdbcConsentStore on PostgreSQL keeps a STOP in force across instances whose clocks disagree")
class JdbcClockSkewPostgresTest extends JdbcClockSkewTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.postgres();
  }
}
