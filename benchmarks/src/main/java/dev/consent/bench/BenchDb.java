package dev.consent.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The local database servers the JDBC benchmarks use, each in its own schema (PostgreSQL) or
 * database (MariaDB) {@value #SCHEMA}, which {@link Suite} drops before and after a run.
 */
final class BenchDb {
  static final String SCHEMA = System.getProperty("consent.bench.schema", "consent_bench");
  static final String POSTGRESQL = "postgresql";
  static final String MARIADB = "mariadb";

  private BenchDb() {}

  static String host() {
    return System.getProperty("consent.bench.dbhost", "127.0.0.1");
  }

  static int port(String database) {
    return POSTGRESQL.equals(database) ? 5432 : 3306;
  }

  /** Whether the server accepts TCP connections (checked before any benchmark needs it). */
  static boolean reachable(String database) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host(), port(database)), 500);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  static String url(String database) {
    return POSTGRESQL.equals(database)
        ? "jdbc:postgresql://" + host() + ":5432/test"
        : "jdbc:mariadb://" + host() + ":3306/test";
  }

  static String user(String database) {
    return POSTGRESQL.equals(database) ? "postgres" : "root";
  }

  /** A pool of {@code size} connections; {@code initSql} runs on each (e.g. to relax durability while loading). */
  static HikariDataSource pool(String database, int size, String initSql) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url(database));
    c.setUsername(user(database));
    c.setPassword("");
    c.setMaximumPoolSize(size);
    c.setMinimumIdle(size);
    c.setPoolName("bench-" + database);
    if (initSql != null) {
      c.setConnectionInitSql(initSql);
    }
    return new HikariDataSource(c);
  }

  /** Drops the benchmark schema (or database) with everything in it. */
  static void drop(String database) throws SQLException {
    try (HikariDataSource ds = pool(database, 1, null);
        Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(POSTGRESQL.equals(database) ? "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE" : "DROP DATABASE IF EXISTS " + SCHEMA);
    }
  }

  /** The table name the store uses, qualified with the benchmark schema. */
  static String table(String name) {
    return SCHEMA + ".consent_" + name;
  }
}
