package dev.consent.internal;

import com.fasterxml.jackson.core.Version;
import dev.consent.error.ConfigurationException;
import dev.consent.internal.base.Checks;
import org.jspecify.annotations.Nullable;

/**
 * Fails fast, at {@code ConsentKit.build()}, when the host's class path holds a Jackson this library
 * cannot run with, instead of a {@code NoSuchMethodError} from the store or an export later: a
 * jackson-databind older than 2.15 (the library calls {@code JsonNode.properties()}), or a
 * jackson-core older than jackson-databind (Maven picks each from the nearest declaration, so a
 * dependency that declares its own jackson-core, as twilio-java does, pairs an old core with this
 * library's databind). Not API.
 */
public final class JacksonCheck {
  /** The oldest jackson-databind minor version of 2.x the library runs with. */
  static final int FLOOR_MINOR = 15;

  private JacksonCheck() {}

  /**
   * Checks the Jackson jars on the class path.
   *
   * @throws ConfigurationException naming the versions found and how to align them
   */
  public static void verify() {
    Version core;
    Version databind;
    try {
      core = com.fasterxml.jackson.core.json.PackageVersion.VERSION;
      databind = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION;
    } catch (LinkageError e) {
      throw new ConfigurationException("Jackson is missing or broken on the class path (jackson-core and"
          + " jackson-databind 2." + FLOOR_MINOR + " or newer, the same version): " + e);
    }
    String problem = problem(core, databind);
    if (problem != null) {
      throw new ConfigurationException(problem);
    }
  }

  /** What is wrong with this pair of versions, or null if the library runs with them. */
  static @Nullable String problem(Version core, Version databind) {
    String fix = " Import com.fasterxml.jackson:jackson-bom in your dependencyManagement (the version this"
        + " library is tested with, or newer) so that every Jackson jar has the same version.";
    if (databind.getMajorVersion() != 2 || databind.getMinorVersion() < FLOOR_MINOR) {
      return "jackson-databind " + databind + " is on the class path; this library needs 2." + FLOOR_MINOR
          + " or newer (2.x)." + fix;
    }
    if (core.getMajorVersion() != databind.getMajorVersion() || core.getMinorVersion() < databind.getMinorVersion()) {
      return "jackson-core " + core + " is older than jackson-databind " + databind + ": they came from different"
          + " declarations (a dependency such as twilio-java declares its own jackson-core), and this pair fails at"
          + " run time." + fix;
    }
    return null;
  }
}
