package dev.consent.sms.vonage;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A Prism mock serving one of Vonage's official specs, patched for Prism by the specs folder's own
 * script. Skips the calling test when the specs or Prism are absent, unless
 * {@code consent.requireServices=true} (CI), where it fails instead.
 */
final class Prism implements AutoCloseable {
  private final Process process;
  private final int port;

  private Prism(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts Prism on {@code specFile} (a name that {@code prism-patch.sh} writes). */
  static Prism serve(String specFile) throws IOException, InterruptedException {
    Path vonage = Path.of(System.getProperty("consent.specs", "/nonexistent")).resolve("vonage");
    need(Files.isRegularFile(vonage.resolve("prism-patch.sh")), "Vonage specs not found under system property consent.specs (" + vonage + ")");
    String prism = System.getProperty("consent.prism", System.getProperty("user.home") + "/.cache/consent/prism/node_modules/.bin/prism");
    need(Files.isExecutable(Path.of(prism)), "Prism not found at " + prism + " (set consent.prism)");
    Path work = Files.createDirectories(Path.of("target", "prism-specs"));
    Process patch = new ProcessBuilder("sh", vonage.resolve("prism-patch.sh").toString(), vonage.toString())
        .directory(work.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Assertions.assertEquals(0, patch.waitFor(), "prism-patch.sh failed");
    int port = freePort();
    File log = work.resolve(specFile + ".log").toFile();
    Process p = new ProcessBuilder(prism, "mock", "-h", "127.0.0.1", "-p", Integer.toString(port), work.resolve(specFile).toString())
        .redirectErrorStream(true).redirectOutput(log).start();
    Prism started = new Prism(p, port);
    started.awaitListening(log);
    return started;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  private void awaitListening(File log) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        close();
        Assertions.fail("Prism exited: " + Files.readString(log.toPath()));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(150);
      }
    }
    close();
    Assertions.fail("Prism did not listen within 30 s");
  }

  private static void need(boolean present, String why) {
    if (present) {
      return;
    }
    if (Boolean.getBoolean("consent.requireServices")) {
      Assertions.fail(why + " and consent.requireServices=true");
    }
    Assumptions.abort(why + ": skipping the Prism conformance tests");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
