package dev.consent.jdbc;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The main class of another process for {@link H2MigrationAcrossProcessesTest}: it connects to the
 * H2 server named by its argument, says {@code @ready}, waits for a line on its input, migrates and
 * prints the scripts it applied ({@code @applied a,b,c}). Lines without {@code @} are its logs.
 */
final class MigrateInAnotherProcess {
  private MigrateInAnotherProcess() {}

  public static void main(String[] args) throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(args[0]);
    ds.setUser("sa");
    ds.setPassword("");
    JdbcConsentStore store = JdbcConsentStore.builder(ds).keysInDatabase().build();
    System.out.println("@ready");
    System.out.flush();
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    List<String> applied = store.migrate();
    System.out.println("@applied " + String.join(",", applied));
    System.out.flush();
  }
}
