package dev.consent.sms.twilio;

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
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Prism ({@code prism mock}) on a free port against an official spec, for conformance tests.
 * Finds the spec under system property {@code consent.specs} and Prism at system property {@code
 * consent.prism} or {@code ~/.cache/consent/prism/node_modules/.bin/prism}. When either is absent
 * the test is skipped, unless {@code consent.requireServices=true} (CI), where it fails.
 */
final class PrismMock implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(90);

  private final Process process;
  private final URI baseUri;
  private final Path log;

  private PrismMock(Process process, URI baseUri, Path log) {
    this.process = process;
    this.baseUri = baseUri;
    this.log = log;
  }

  URI baseUri() {
    return baseUri;
  }

  /** Starts Prism on {@code specs/<relativeSpec>} and waits until it listens. */
  static PrismMock start(String relativeSpec) throws IOException, InterruptedException {
    String specs = System.getProperty("consent.specs");
    Path spec = specs == null ? null : Path.of(specs).resolve(relativeSpec).normalize();
    if (spec == null || !Files.isRegularFile(spec)) {
      unavailable("spec " + relativeSpec + " not found under consent.specs=" + specs);
    }
    Path prism = Path.of(System.getProperty("consent.prism",
        System.getProperty("user.home") + "/.cache/consent/prism/node_modules/.bin/prism"));
    if (!Files.isExecutable(prism)) {
      unavailable("Prism not found at " + prism
          + " (npm install --prefix ~/.cache/consent/prism @stoplight/prism-cli@5.16.0)");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = Files.createTempFile("prism-twilio", ".log");
    Process p = new ProcessBuilder(List.of(prism.toString(), "mock", "-h", "127.0.0.1", "-p",
            String.valueOf(port), spec.toString()))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    PrismMock mock = new PrismMock(p, URI.create("http://127.0.0.1:" + port), log);
    mock.awaitListening(port);
    return mock;
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
        Thread.sleep(250);
      }
    }
    close();
    fail("Prism did not listen within " + STARTUP.toSeconds() + " s: " + Files.readString(log));
  }

  private static void unavailable(String why) {
    if (Boolean.getBoolean("consent.requireServices")) {
      fail(why + " and consent.requireServices=true");
    }
    System.err.println("[consent] SKIPPED Twilio conformance tests: " + why);
    Assumptions.abort("SKIPPED: " + why);
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      Files.deleteIfExists(log);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException ignored) {
      // a temp file left behind is harmless
    }
  }
}
