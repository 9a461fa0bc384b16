package dev.consent.jdbc;

import dev.consent.error.ConfigurationException;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The databases {@link JdbcConsentStore} supports, detected from the connection's metadata.
 *
 * @since 0.1
 */
public enum Dialect {
  /** PostgreSQL 15 or later. */
  POSTGRESQL("postgresql", 15, 0),
  /** MariaDB 10.11 or later. */
  MARIADB("mariadb", 10, 11),
  /** MySQL 8.0 or later; uses the MariaDB migrations. */
  MYSQL("mariadb", 8, 0),
  /** H2 2.x (embedded or server). */
  H2("h2", 2, 0);

  private final String migrationFolder;
  private final int minMajor;
  private final int minMinor;

  Dialect(String migrationFolder, int minMajor, int minMinor) {
    this.migrationFolder = migrationFolder;
    this.minMajor = minMajor;
    this.minMinor = minMinor;
  }

  /**
   * The classpath folder of this dialect's versioned migrations, e.g. {@code
   * db/migration/consent/postgresql}: point Flyway's {@code locations} (with {@code classpath:}) or a
   * Liquibase {@code sqlFile} at it.
   */
  public String migrationLocation() {
    return "db/migration/consent/" + migrationFolder;
  }

  /** Detects the dialect of a connection; anything unsupported is a {@link ConfigurationException}. */
  static Dialect detect(DatabaseMetaData meta) throws SQLException {
    String product = meta.getDatabaseProductName();
    String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
    Dialect d;
    if (name.contains("postgresql")) {
      d = POSTGRESQL;
    } else if (name.contains("mariadb")) {
      d = MARIADB;
    } else if (name.contains("mysql")) {
      d = meta.getDatabaseProductVersion().toLowerCase(Locale.ROOT).contains("mariadb") ? MARIADB : MYSQL;
    } else if (name.equals("h2")) {
      d = H2;
    } else {
      throw new ConfigurationException("consent-jdbc does not support the database '" + product
          + "'; supported: PostgreSQL 15+, MariaDB 10.11+, MySQL 8+, H2 2.x");
    }
    d.checkVersion(meta.getDatabaseMajorVersion(), meta.getDatabaseMinorVersion());
    return d;
  }

  private void checkVersion(int major, int minor) {
    if (major < minMajor || (major == minMajor && minor < minMinor)) {
      throw new ConfigurationException("consent-jdbc needs " + this + " " + minMajor + "." + minMinor
          + " or later; the database reports " + major + "." + minor);
    }
  }

  boolean isMySqlFamily() {
    return this == MARIADB || this == MYSQL;
  }
}
