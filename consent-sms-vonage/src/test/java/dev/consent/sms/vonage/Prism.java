package dev.consent.sms.vonage;

import dev.consent.testkit.PrismServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;

/**
 * Prism serving one of Vonage's official specs, patched for Prism by the specs folder's own
 * script. Skips the calling test when the specs or Prism are absent, unless
 * {@code consent.requireServices=true} (CI), where it fails instead.
 */
final class Prism {
  private Prism() {}

  /** Starts Prism on {@code specFile} (a name that {@code prism-patch.sh} writes). */
  static PrismServer serve(String specFile) throws IOException, InterruptedException {
    Path vonage = PrismServer.specs().resolve("vonage");
    PrismServer.requireOrSkip(Files.isRegularFile(vonage.resolve("prism-patch.sh")),
        "Vonage specs not found under " + vonage);
    Path work = Files.createDirectories(Path.of("target", "prism-specs"));
    Process patch = new ProcessBuilder("sh", vonage.resolve("prism-patch.sh").toString(), vonage.toString())
        .directory(work.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Assertions.assertEquals(0, patch.waitFor(), "prism-patch.sh failed");
    return PrismServer.start(work.resolve(specFile).toAbsolutePath());
  }
}
