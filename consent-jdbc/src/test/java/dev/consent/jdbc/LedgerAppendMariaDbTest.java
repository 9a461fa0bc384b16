package dev.consent.jdbc;

import dev.consent.testkit.Needs;
import org.junit.jupiter.api.DisplayName;

@Needs(TestDatabases.MariaDb.class)
@DisplayName("The append path on MariaDB")
class LedgerAppendMariaDbTest extends LedgerAppendTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.mariadb();
  }

  @Override
  protected int callsPerAppend() {
    return 8;
  }

  @Override
  protected int callsPerFirstAppend() {
    return 17;
  }
}
