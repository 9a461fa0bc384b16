package dev.consent.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the tests skipped for a missing requirement, by reason, and keeps this module's counts in
 * the file named by system property {@code consent.skipReport} (the build sets it, and prints every
 * module's file at the end of {@code mvn verify} as one summary). Without the property it only counts.
 */
public final class Skips {
  private static final Map<String, Integer> BY_REASON = new TreeMap<>();

  private Skips() {}

  /** Counts one skipped test. */
  public static synchronized void record(String reason) {
    BY_REASON.merge(reason, 1, Integer::sum);
    String report = System.getProperty("consent.skipReport", "");
    if (!report.isBlank()) {
      write(Path.of(report));
    }
  }

  /** Drops a reason that a test of the test kit itself caused (its sample classes), so no summary shows it. */
  static synchronized void forget(String reason) {
    BY_REASON.remove(reason);
    String report = System.getProperty("consent.skipReport", "");
    if (!report.isBlank()) {
      write(Path.of(report));
    }
  }

  /** The counts so far, by reason. */
  public static synchronized Map<String, Integer> counts() {
    return Map.copyOf(BY_REASON);
  }

  private static void write(Path file) {
    String module = System.getProperty("consent.module", "tests");
    StringBuilder text = new StringBuilder();
    BY_REASON.forEach((reason, n) -> text.append(module).append(": ").append(reason).append(": ").append(n)
        .append(n == 1 ? " test skipped" : " tests skipped").append(System.lineSeparator()));
    try {
      if (BY_REASON.isEmpty()) {
        Files.deleteIfExists(file);
        return;
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the skip report " + file, e);
    }
  }
}
