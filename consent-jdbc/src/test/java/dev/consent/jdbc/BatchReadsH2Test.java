package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Batched reads on H2")
class BatchReadsH2Test extends BatchReadsTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.h2();
  }
}
