package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("The append path on H2")
class LedgerAppendH2Test extends LedgerAppendTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.h2();
  }

  @Override
  protected int callsPerAppend() {
    return 6;
  }

  @Override
  protected int callsPerFirstAppend() {
    return 12;
  }
}
