package dev.consent.jdbc;

import dev.consent.testkit.Needs;
import org.junit.jupiter.api.DisplayName;

@Needs(TestDatabases.Postgres.class)
@DisplayName("A copy of the database on PostgreSQL gives no code, prefix, address or number from a stored digest")
class JdbcDigestsPostgresTest extends JdbcDigestsTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.postgres();
  }
}
