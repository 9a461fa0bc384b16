package dev.consent.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** The demo's command line: where the store lives and whether to serve webhooks afterwards. */
record DemoOptions(boolean reset, @Nullable String jdbcUrl, @Nullable String user, @Nullable String password,
    boolean serve, int port) {

  static final Path H2_FILE = Path.of("data", "consent-demo");

  static DemoOptions parse(String[] args) {
    boolean reset = false;
    boolean serve = false;
    String url = null;
    String user = null;
    String password = null;
    int port = 8080;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--reset" -> reset = true;
        case "--jdbc-url" -> url = value(args, ++i, "--jdbc-url");
        case "--user" -> user = value(args, ++i, "--user");
        case "--password" -> password = value(args, ++i, "--password");
        case "--serve" -> {
          serve = true;
          if (i + 1 < args.length && args[i + 1].matches("[0-9]{1,5}")) {
            port = Integer.parseInt(args[++i]);
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (use --reset, --jdbc-url URL, --user U, --password P, --serve [PORT])");
      }
    }
    return new DemoOptions(reset, url, user, password, serve, port);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  boolean embedded() {
    return jdbcUrl == null;
  }

  String url() {
    return embedded() ? "jdbc:h2:file:" + H2_FILE.toAbsolutePath() : jdbcUrl;
  }

  String describe() {
    return embedded() ? H2_FILE.toAbsolutePath() + ".mv.db" : "the given JDBC URL";
  }

  /** Deletes the embedded database files when asked to start over. */
  void resetIfAsked(PrintStream out) throws IOException {
    if (!reset) {
      return;
    }
    if (!embedded()) {
      out.println("--reset only starts the embedded H2 database over; leaving the given database alone");
      return;
    }
    for (String suffix : new String[] {".mv.db", ".trace.db"}) {
      Files.deleteIfExists(Path.of(H2_FILE + suffix));
    }
    out.println("Started over: deleted " + H2_FILE.toAbsolutePath() + ".mv.db");
  }

  HikariDataSource dataSource() {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url());
    if (user != null) {
      cfg.setUsername(user);
    }
    if (password != null) {
      cfg.setPassword(password);
    }
    cfg.setMaximumPoolSize(4);
    cfg.setPoolName("consent-demo");
    return new HikariDataSource(cfg);
  }
}
