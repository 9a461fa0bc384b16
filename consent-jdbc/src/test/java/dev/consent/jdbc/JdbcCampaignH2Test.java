package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcConsentStore on H2 sends campaigns once per recipient, across instances and crashes")
class JdbcCampaignH2Test extends JdbcCampaignTestBase {
  @Override
  protected TestDatabases.TestDb open() {
    return TestDatabases.h2();
  }
}
