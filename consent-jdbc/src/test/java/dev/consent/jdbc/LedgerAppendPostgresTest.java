package dev.consent.jdbc;

import dev.consent.testkit.Needs;
import org.junit.jupiter.api.DisplayName;

@Needs(TestDatabases.Postgres.class)
@DisplayName("The append path on PostgreSQL")
class LedgerAppendPostgresTest extends LedgerAppendTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.postgres();
  }

  @Override
  protected int callsPerAppend() {
    return 2;
  }

  @Override
  protected int callsPerFirstAppend() {
    return 2;
  }
}
