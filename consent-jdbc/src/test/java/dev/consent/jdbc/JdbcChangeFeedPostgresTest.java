package dev.consent.jdbc;

import dev.consent.testkit.Needs;
import org.junit.jupiter.api.DisplayName;

@Needs(TestDatabases.Postgres.class)
@DisplayName("JdbcConsentStore on PostgreSQL keeps the change feed store contract")
class JdbcChangeFeedPostgresTest extends JdbcChangeFeedTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.postgres();
  }
}
