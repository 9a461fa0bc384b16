package dev.consent.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * Prism ({@code prism mock}, from {@code @stoplight/prism-cli}) serving a carrier's official OpenAPI
 * spec on a free local port, for conformance tests: a request that breaks the spec gets a 422 or
 * 4xx naming the violation. Finds the specs folder at system property {@code consent.specs} and
 * Prism at {@code consent.prism} (default {@code ~/.cache/consent/prism/node_modules/.bin/prism}).
 * When either is missing the calling test is skipped with the reason, unless {@code
 * consent.requireServices=true} (CI), where it fails.
 *
 * <pre>{@code
 * try (PrismServer prism = PrismServer.start(PrismServer.spec("twilio/twilio_api_v2010.yaml"))) {
 *   URI api = prism.baseUri(); // point the carrier under test at it
 * }
 * }</pre>
 */
public final class PrismServer implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(90);

  private final Process process;
  private final URI baseUri;
  private final Path log;

  private PrismServer(Process process, URI baseUri, Path log) {
    this.process = process;
    this.baseUri = baseUri;
    this.log = log;
  }

  /** The carriers' OpenAPI specs folder ({@code ../shared/specs} by default), for {@link Needs}. */
  public static final class Specs implements Requirement {
    @Override
    public @Nullable String missing() {
      String specs = System.getProperty("consent.specs");
      return specsDir() != null ? null : "carrier OpenAPI specs not found at " + specs;
    }
  }

  /** Prism installed from npm, for {@link Needs}. */
  public static final class Installed implements Requirement {
    @Override
    public @Nullable String missing() {
      return Files.isExecutable(prism()) ? null
          : "Prism (Node.js, @stoplight/prism-cli) not found at " + prism();
    }
  }

  private static @Nullable Path specsDir() {
    String specs = System.getProperty("consent.specs");
    Path dir = specs == null ? null : Path.of(specs).normalize();
    return dir != null && Files.isDirectory(dir) ? dir : null;
  }

  private static Path prism() {
    return Path.of(System.getProperty("consent.prism",
        System.getProperty("user.home") + "/.cache/consent/prism/node_modules/.bin/prism"));
  }

  /** The specs folder; skips (or fails in CI) when it is absent. */
  public static Path specs() {
    Path dir = specsDir();
    requireOrSkip(dir != null, "carrier specs not found at consent.specs=" + System.getProperty("consent.specs"));
    return dir;
  }

  /** A spec file inside the specs folder; skips (or fails in CI) when it is absent. */
  public static Path spec(String relative) {
    Path spec = specs().resolve(relative);
    requireOrSkip(Files.isRegularFile(spec), "spec " + relative + " not found under " + specs());
    return spec;
  }

  /** Starts Prism on {@code spec} and waits until it listens. */
  public static PrismServer start(Path spec) throws IOException, InterruptedException {
    Path prism = prism();
    requireOrSkip(Files.isExecutable(prism), "Prism not found at " + prism
        + " (npm install --prefix ~/.cache/consent/prism @stoplight/prism-cli@5.16.0)");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = Files.createTempFile("prism", ".log");
    Process p = new ProcessBuilder(List.of(prism.toString(), "mock", "-h", "127.0.0.1", "-p",
            String.valueOf(port), spec.toString()))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    PrismServer server = new PrismServer(p, URI.create("http://127.0.0.1:" + port), log);
    server.awaitListening(port);
    return server;
  }

  /** Where the mock listens, e.g. {@code http://127.0.0.1:41234}. */
  public URI baseUri() {
    return baseUri;
  }

  /**
   * Skips the calling test when {@code present} is false, or fails it when {@code
   * consent.requireServices=true}.
   */
  public static void requireOrSkip(boolean present, String why) {
    if (present) {
      return;
    }
    if (Boolean.getBoolean("consent.requireServices")) {
      fail(why + " and consent.requireServices=true");
    }
    System.err.println("[consent] SKIPPED conformance tests: " + why);
    Skips.record(why);
    Assumptions.abort("SKIPPED: " + why);
  }

  private void awaitListening(int port) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail("Prism exited early: " + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    close();
    fail("Prism did not listen within " + STARTUP.toSeconds() + " s: " + Files.readString(log));
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      Files.deleteIfExists(log);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } catch (IOException ignored) {
      // a temporary log left behind is harmless
    }
  }
}
