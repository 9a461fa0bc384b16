package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Batched reads on PostgreSQL")
class BatchReadsPostgresTest extends BatchReadsTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.postgres();
  }
}
