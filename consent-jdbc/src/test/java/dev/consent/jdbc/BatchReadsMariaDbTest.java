package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Batched reads on MariaDB")
class BatchReadsMariaDbTest extends BatchReadsTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.mariadb();
  }
}
