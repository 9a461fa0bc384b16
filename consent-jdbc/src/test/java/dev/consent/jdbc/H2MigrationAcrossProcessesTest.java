package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Production's case for the H2 migration lease: several processes start against one server-mode H2
 * database at once. Two other JVMs and this one migrate the same empty database at the same moment;
 * every script must be applied exactly once, by one of them, and no start may fail. (A lock inside
 * one JVM, as before 0.5, let the processes run the same scripts side by side.)
 */
@DisplayName("H2 migrations from three processes at once apply each script once")
class H2MigrationAcrossProcessesTest {
  private Server server;
  private String url;
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void startServer() throws SQLException {
    server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    url = "jdbc:h2:tcp://localhost:" + server.getPort() + "/mem:across_" + UUID.randomUUID().toString().substring(0, 8)
        + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000";
  }

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
    server.stop();
  }

  @Test
  @DisplayName("two other JVMs and this one migrate one empty server-mode database together")
  void threeProcesses() throws Exception {
    List<String> all = everyScript();
    List<Child> children = List.of(start(), start());
    for (Child c : children) {
      assertThat(c.await("@ready")).as("the other process started").isNotNull();
    }
    children.forEach(Child::go);
    List<String> mine = store().migrate();
    List<List<String>> applied = new ArrayList<>();
    applied.add(mine);
    for (Child c : children) {
      String line = c.await("@applied");
      assertThat(line).as("the other process migrated; its output:%n%s", c.output()).isNotNull();
      String list = line.substring("@applied".length()).trim();
      applied.add(list.isEmpty() ? List.of() : Arrays.asList(list.split(",")));
      assertThat(c.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(c.process.exitValue()).as("exit of the other process; its output:%n%s", c.output()).isZero();
    }
    List<String> together = applied.stream().flatMap(List::stream).toList();
    assertThat(together).as("each script applied once, by one of the three (per process: %s)", applied)
        .containsExactlyInAnyOrderElementsOf(all);
    assertThat(store().migrate()).as("a fourth start finds everything applied").isEmpty();
    try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM consent_migration_lease")) {
      rs.next();
      assertThat(rs.getInt(1)).as("no lease left behind").isZero();
    }
  }

  /** The scripts a migration of an empty database applies, read from a database of its own. */
  private static List<String> everyScript() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:every_" + UUID.randomUUID().toString().substring(0, 8) + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    List<String> all = JdbcConsentStore.builder(ds).keysInDatabase().build().migrate();
    assertThat(all).contains("V1__consent.sql", "V14__deferrals.sql");
    return all;
  }

  private JdbcConsentStore store() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(url);
    ds.setUser("sa");
    return JdbcConsentStore.builder(ds).keysInDatabase().build();
  }

  private Child start() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        MigrateInAnotherProcess.class.getName(), url).redirectErrorStream(true).start();
    processes.add(p);
    return new Child(p);
  }

  /** Another JVM: its output read line by line, its input to send the start signal. */
  private static final class Child {
    final Process process;
    private final List<String> lines = new ArrayList<>();
    private final CompletableFuture<Void> reader;

    Child(Process process) {
      this.process = process;
      this.reader = CompletableFuture.runAsync(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            synchronized (lines) {
              lines.add(line);
              lines.notifyAll();
            }
          }
        } catch (IOException e) {
          // the process ended
        }
      });
    }

    /** The first line starting with {@code prefix}, waiting up to two minutes; null if none came. */
    String await(String prefix) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      synchronized (lines) {
        while (true) {
          for (String l : lines) {
            if (l.startsWith(prefix)) {
              return l;
            }
          }
          long left = end - System.nanoTime();
          if (left <= 0 || (reader.isDone() && lines.stream().noneMatch(l -> l.startsWith(prefix)))) {
            return null;
          }
          lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, TimeUnit.SECONDS.toNanos(1)))));
        }
      }
    }

    void go() {
      try {
        Writer w = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        w.write("go\n");
        w.flush();
      } catch (IOException e) {
        throw new AssertionError("the other process is gone: " + output(), e);
      }
    }

    String output() {
      synchronized (lines) {
        return String.join("\n", lines);
      }
    }
  }
}
