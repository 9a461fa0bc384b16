package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.ConfigurationException;
import dev.consent.error.ConsentStoreException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("JdbcConsentStore.builder")
class JdbcConsentStoreBuilderTest {

  /** A data source whose connections report the given product and version, and nothing else. */
  /** A store that keeps its keys in the database (these tests are about dialects and names). */
  private static JdbcConsentStore store(DataSource ds) {
    return JdbcConsentStore.builder(ds).keysInDatabase().build();
  }

  private static DataSource reporting(String product, int major, int minor) {
    Map<String, Object> answers = Map.of("getDatabaseProductName", product, "getDatabaseProductVersion",
        major + "." + minor, "getDatabaseMajorVersion", major, "getDatabaseMinorVersion", minor);
    DatabaseMetaData meta = stub(DatabaseMetaData.class, answers);
    Connection c = stub(Connection.class, Map.of("getMetaData", meta));
    return stub(DataSource.class, Map.of("getConnection", c));
  }

  private static <T> T stub(Class<T> type, Map<String, Object> answers) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (p, m, args) -> m.getName().equals("close") ? null : answers.get(m.getName())));
  }

  @Test
  @DisplayName("detects each supported database from the connection metadata")
  void detects() {
    assertThat(store(reporting("PostgreSQL", 15, 2)).dialect()).isEqualTo(Dialect.POSTGRESQL);
    assertThat(store(reporting("MariaDB", 10, 11)).dialect()).isEqualTo(Dialect.MARIADB);
    assertThat(store(reporting("MySQL", 8, 0)).dialect()).isEqualTo(Dialect.MYSQL);
    assertThat(store(reporting("H2", 2, 3)).dialect()).isEqualTo(Dialect.H2);
  }

  @Test
  @DisplayName("refuses an unsupported database with a clear error naming what is supported")
  void unsupported() {
    assertThatThrownBy(() -> store(reporting("SQLite", 3, 45)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SQLite").hasMessageContaining("PostgreSQL 15+");
  }

  @Test
  @DisplayName("refuses a supported database older than the minimum version")
  void tooOld() {
    assertThatThrownBy(() -> store(reporting("PostgreSQL", 12, 4)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("15.0").hasMessageContaining("12.4");
    assertThatThrownBy(() -> store(reporting("MariaDB", 10, 6)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("10.11");
  }

  @Test
  @DisplayName("rejects a table prefix or schema that is not a plain identifier")
  void badNames() {
    DataSource ds = reporting("H2", 2, 3);
    assertThatThrownBy(() -> JdbcConsentStore.builder(ds).keysInDatabase().tablePrefix("x; DROP TABLE y").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("prefix");
    assertThatThrownBy(() -> JdbcConsentStore.builder(ds).keysInDatabase().schema("app.other").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("schema");
  }

  @Test
  @DisplayName("builds without touching the database when the dialect is given, and fails typed when it is unreachable")
  void explicitDialect() {
    DataSource down = stub(DataSource.class, Map.of());
    DataSource refusing = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (p, m, args) -> {
          throw new SQLException("connection refused", "08001");
        });
    assertThat(JdbcConsentStore.builder(down).keysInDatabase().dialect(Dialect.POSTGRESQL).build().dialect()).isEqualTo(Dialect.POSTGRESQL);
    assertThatThrownBy(() -> store(refusing)).isInstanceOf(ConsentStoreException.class)
        .hasMessageContaining("08001");
    JdbcConsentStore store = JdbcConsentStore.builder(refusing).keysInDatabase().dialect(Dialect.H2).build();
    assertThatThrownBy(store::migrate).isInstanceOf(ConsentStoreException.class);
  }

  @Test
  @DisplayName("points Flyway and Liquibase users at the shipped migrations of each dialect")
  void migrationLocations() {
    for (Dialect d : Dialect.values()) {
      String script = d.migrationLocation() + "/V1__consent.sql";
      assertThat(getClass().getClassLoader().getResource(script)).as(script).isNotNull();
    }
  }

  @Test
  @DisplayName("a builder that does not say where the keys live fails at build() and says what to choose")
  void keysAreAChoice() {
    assertThatThrownBy(() -> JdbcConsentStore.builder(reporting("H2", 2, 3)).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("keys(KeyProvider)")
        .hasMessageContaining("keysInDatabase()");
  }

  @Test
  @DisplayName("keys held in the database are a choice the store warns about once when built; create() is that"
      + " choice; a store with a KeyProvider does not warn")
  @SuppressWarnings("deprecation")
  void keysInDatabaseWarns() {
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(JdbcConsentStore.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
        new ch.qos.logback.core.read.ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      JdbcConsentStore.builder(reporting("H2", 2, 3)).keysInDatabase().build();
      assertThat(appender.list).hasSize(1).allSatisfy(e -> {
        assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
        assertThat(e.getFormattedMessage()).contains("keysInDatabase()").contains("keys(KeyProvider)");
      });
      JdbcConsentStore.create(reporting("H2", 2, 3));
      assertThat(appender.list).hasSize(2);
      JdbcConsentStore.builder(reporting("H2", 2, 3)).keysInDatabase()
          .keys(new dev.consent.memory.InMemoryKeyProvider()).build();
      assertThat(appender.list).hasSize(2);
    } finally {
      logger.detachAppender(appender);
    }
  }
}
