package dev.consent.spring;

import dev.consent.testkit.Needs;
import dev.consent.testkit.Requirement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@Needs(TwilioWebhookPostgresTest.Postgres.class)
@DisplayName("Spring Boot host on PostgreSQL: verified Twilio webhooks over HTTP")
class TwilioWebhookPostgresTest extends TwilioWebhookHttpTestBase {
  private static final String HOST = System.getProperty("consent.postgres.hostPort", "127.0.0.1:5432");
  private static final String URL = "jdbc:postgresql://" + HOST + "/test?connectTimeout=3";
  /** This class's own schema: other people run tests against the same server. */
  private static final String SCHEMA = "ct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  /** PostgreSQL at 127.0.0.1:5432, database test, user postgres with trust auth. */
  static final class Postgres implements Requirement {
    @Override
    public @Nullable String missing() {
      try (Connection c = DriverManager.getConnection(URL, "postgres", "")) {
        return c.isValid(3) ? null : "PostgreSQL unreachable at " + HOST;
      } catch (SQLException e) {
        return "PostgreSQL unreachable at " + HOST + " (database test, user postgres, trust auth)";
      }
    }
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> URL);
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "");
    registry.add("consent.jdbc.schema", () -> SCHEMA);
  }

  @AfterAll
  static void dropSchema() throws SQLException {
    try (Connection c = DriverManager.getConnection(URL, "postgres", ""); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
  }
}
