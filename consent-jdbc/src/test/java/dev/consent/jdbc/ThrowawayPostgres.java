package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import dev.consent.testkit.Requirement;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL cluster of this test's own, in a temporary directory on a free port, so that a test
 * can stop and restart it without touching the shared server. Needs the server binaries ({@code
 * initdb}, {@code pg_ctl}): found in {@code -Dconsent.postgres.bin}, else the newest {@code
 * /usr/lib/postgresql/<version>/bin}. As root it runs them as the {@code postgres} user (initdb
 * refuses root). Without binaries the test is skipped, or fails under {@code
 * -Dconsent.requireServices=true}. fsync is off (the tests kill the server, not the machine, so
 * written WAL survives in the OS cache), but synchronous commit stays on: with it off, a crash loses
 * acknowledged commits, which the outage suite rightly reports as lost events.
 */
final class ThrowawayPostgres implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  final int port;
  private final boolean asPostgres;

  private ThrowawayPostgres(Path bin, Path dir, int port, boolean asPostgres) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgres = asPostgres;
  }

  /** PostgreSQL's server binaries, for {@code @Needs}. */
  static final class Binaries implements Requirement {
    @Override
    public @org.jspecify.annotations.Nullable String missing() {
      try {
        if (findBin() != null) {
          return null;
        }
      } catch (IOException e) {
        return "PostgreSQL server binaries cannot be looked up: " + e.getMessage();
      }
      return "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin or -Dconsent.postgres.bin";
    }
  }

  /** Creates and starts a cluster, or skips the calling test when PostgreSQL is not installed. */
  static ThrowawayPostgres startOrSkip() throws Exception {
    Path bin = findBin();
    if (bin == null) {
      String message = "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin"
          + " or -Dconsent.postgres.bin; the outage suite is skipped";
      if (TestDatabases.REQUIRE_SERVICES) {
        fail(message.replace("the outage suite is skipped", "required by consent.requireServices=true"));
      }
      LoggerFactory.getLogger(ThrowawayPostgres.class).warn("SKIPPED: {}", message);
      dev.consent.testkit.Skips.record(new Binaries().missing());
      Assumptions.abort(message);
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("consent-pg-");
    ThrowawayPostgres pg = new ThrowawayPostgres(bin, dir, freePort(), root);
    if (root) {
      run(List.of("chown", "-R", "postgres", dir.toString()));
    }
    pg.pg("initdb", "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync");
    pg.start();
    return pg;
  }

  private static Path findBin() throws IOException {
    String configured = System.getProperty("consent.postgres.bin");
    if (configured != null) {
      Path p = Path.of(configured);
      return Files.isExecutable(p.resolve("pg_ctl")) ? p : null;
    }
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb"))
              && Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparing(b -> b.getParent().getFileName().toString())).orElse(null);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  String hostPort() {
    return "127.0.0.1:" + port;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://" + hostPort() + "/postgres?connectTimeout=2&socketTimeout=30";
  }

  /** Starts the server and waits until it accepts connections. */
  void start() throws Exception {
    pg("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(), "-w", "-t", "60", "-o",
        "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir
            + " -c fsync=off -c full_page_writes=off -c max_connections=60", "start");
  }

  /** Stops the server: {@code immediate} kills it as a crash would, otherwise a fast shutdown. */
  void stop(boolean immediate) throws Exception {
    pg("pg_ctl", "-D", dir.resolve("data").toString(), "-m", immediate ? "immediate" : "fast", "-w", "-t", "60",
        "stop");
  }

  private void pg(String tool, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (asPostgres) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.add(bin.resolve(tool).toString());
    cmd.addAll(List.of(args));
    run(cmd);
  }

  private static void run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      stop(true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception alreadyStopped) {
      // stopped by the test
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
