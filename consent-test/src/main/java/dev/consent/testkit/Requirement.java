package dev.consent.testkit;

import org.jspecify.annotations.Nullable;

/**
 * Something a test class needs from the machine (a database server, a tool, a folder of files), named
 * in {@link Needs}. Implementations have a no-argument constructor and are asked once per JVM.
 */
public interface Requirement {

  /**
   * Why the requirement is not met, phrased for a skip summary (for example {@code "PostgreSQL
   * unreachable at 127.0.0.1:5432"}), or {@code null} when it is met.
   */
  @Nullable String missing();
}
