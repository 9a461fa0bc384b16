package dev.consent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.testkit.Needs;
import dev.consent.testkit.Requirement;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs Maven on generated host projects that depend on an SDK declaring an old jackson-core (as
 * twilio-java declares its own) and on consent-core, with and without importing consent-bom, and reads
 * the Jackson versions Maven picks. The hosts, the SDK, this project and its BOM form one reactor in
 * {@code target/bom-hosts}, so nothing is installed into the local repository.
 */
@DisplayName("A host importing consent-bom")
@Needs(BomHostTest.MavenOnPath.class)
class BomHostTest {
  private static final String OLD_CORE = "2.17.2";
  private static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:tree";
  private static final Pattern JACKSON = Pattern.compile(
      "com\\.fasterxml\\.jackson\\.core:(jackson-core|jackson-databind):jar:([^:]+):");
  private static final Pattern POM_VERSION = Pattern.compile("<version>([^<]+)</version>");
  private static final Pattern JACKSON_PROPERTY = Pattern.compile("<jackson\\.version>([^<]+)</jackson\\.version>");

  private static Path root;
  private static Path work;
  private static final Map<String, Map<String, String>> JACKSON_BY_HOST = new TreeMap<>();

  /** {@code mvn} on the PATH, for {@link Needs}. */
  static final class MavenOnPath implements Requirement {
    @Override
    public @Nullable String missing() {
      return mvn() != null ? null : "mvn not found on the PATH (the BOM host test runs Maven)";
    }
  }

  @BeforeAll
  static void resolveHosts() throws IOException, InterruptedException {
    root = Path.of("").toAbsolutePath().getParent();
    assertThat(root.resolve("consent-bom/pom.xml")).as("project root above examples").exists();
    work = Path.of("target", "bom-hosts").toAbsolutePath();
    deleteTree(work);
    Files.createDirectories(work);

    String version = projectVersion();
    write("pom.xml", project("aggregator", "<modules>"
        + "<module>" + work.relativize(root).toString().replace(File.separatorChar, '/') + "</module>"
        + "<module>old-jackson-sdk</module><module>host-sdk-first</module><module>host-sdk-last</module>"
        + "<module>host-without-bom</module></modules>"));
    write("old-jackson-sdk/pom.xml", project("old-jackson-sdk",
        "<dependencies>" + dependency("com.fasterxml.jackson.core", "jackson-core", OLD_CORE, "") + "</dependencies>"));
    String sdk = dependency("test.host", "old-jackson-sdk", "1", "<type>pom</type>");
    String core = dependency("dev.consent", "consent-core", null, "");
    String bom = "<dependencyManagement><dependencies>"
        + dependency("dev.consent", "consent-bom", version, "<type>pom</type><scope>import</scope>")
        + "</dependencies></dependencyManagement>";
    write("host-sdk-first/pom.xml", project("host-sdk-first", bom + "<dependencies>" + sdk + core + "</dependencies>"
        + treeOutput()));
    write("host-sdk-last/pom.xml", project("host-sdk-last", bom + "<dependencies>" + core + sdk + "</dependencies>"
        + treeOutput()));
    write("host-without-bom/pom.xml", project("host-without-bom", "<dependencies>" + sdk
        + dependency("dev.consent", "consent-core", version, "") + "</dependencies>" + treeOutput()));

    List<String> command = new ArrayList<>(List.of(mvn().toString(), "-B", "-q",
        "-Dconsent.prism=/nonexistent", DEPENDENCY_PLUGIN, "-Dincludes=com.fasterxml.jackson.core"));
    if (System.getProperty("consent.mavenOffline", "").equals("offline=true")) {
      command.add("-o");
    }
    String repo = System.getProperty("consent.mavenRepo", "");
    if (!repo.isBlank()) {
      command.add("-Dmaven.repo.local=" + repo);
    }
    Path log = work.resolve("maven.log");
    Process maven = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!maven.waitFor(5, TimeUnit.MINUTES)) {
      maven.destroyForcibly();
      throw new AssertionError("mvn did not finish in 5 minutes; see " + log);
    }
    assertThat(maven.exitValue()).as("mvn %s exit code; its log:%n%s", command, Files.readString(log)).isZero();

    for (String host : List.of("host-sdk-first", "host-sdk-last", "host-without-bom")) {
      Map<String, String> versions = new TreeMap<>();
      Matcher m = JACKSON.matcher(Files.readString(work.resolve(host).resolve("target/jackson.txt")));
      while (m.find()) {
        versions.put(m.group(1), m.group(2));
      }
      JACKSON_BY_HOST.put(host, versions);
    }
  }

  @Test
  @DisplayName("gets jackson-core and jackson-databind at the tested version when an SDK declares an older core first")
  void sdkFirst() throws IOException {
    assertThat(JACKSON_BY_HOST.get("host-sdk-first"))
        .isEqualTo(Map.of("jackson-core", testedJackson(), "jackson-databind", testedJackson()));
  }

  @Test
  @DisplayName("gets the same when the SDK is declared after consent-core")
  void sdkLast() throws IOException {
    assertThat(JACKSON_BY_HOST.get("host-sdk-last"))
        .isEqualTo(Map.of("jackson-core", testedJackson(), "jackson-databind", testedJackson()));
  }

  @Test
  @DisplayName("is needed: without it Maven pairs the SDK's old jackson-core with the library's databind")
  void withoutBomTheVersionsMix() throws IOException {
    assertThat(JACKSON_BY_HOST.get("host-without-bom"))
        .isEqualTo(Map.of("jackson-core", OLD_CORE, "jackson-databind", testedJackson()));
  }

  @Test
  @DisplayName("BOM: the project's version and the Jackson version the root pom builds with")
  void bomFollowsTheRootPom() throws IOException {
    String bom = Files.readString(root.resolve("consent-bom/pom.xml"));
    assertThat(first(POM_VERSION, bom)).isEqualTo(projectVersion());
    assertThat(first(JACKSON_PROPERTY, bom)).isEqualTo(testedJackson());
    assertThat(bom).doesNotContain("<parent>");
  }

  private static String projectVersion() throws IOException {
    String pom = Files.readString(root.resolve("pom.xml"));
    return first(POM_VERSION, pom.substring(pom.indexOf("<artifactId>consent-parent</artifactId>")));
  }

  private static String testedJackson() throws IOException {
    return first(JACKSON_PROPERTY, Files.readString(root.resolve("pom.xml")));
  }

  private static String first(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertThat(m.find()).as("%s in the pom", pattern).isTrue();
    return m.group(1);
  }

  private static String project(String artifactId, String body) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
        + "<groupId>test.host</groupId><artifactId>" + artifactId + "</artifactId><version>1</version>"
        + "<packaging>pom</packaging>" + body + "</project>\n";
  }

  private static String dependency(String groupId, String artifactId, @Nullable String version, String extra) {
    return "<dependency><groupId>" + groupId + "</groupId><artifactId>" + artifactId + "</artifactId>"
        + (version == null ? "" : "<version>" + version + "</version>") + extra + "</dependency>";
  }

  /** Only the hosts write their tree (to their own target/jackson.txt); with -q the project's modules print nothing. */
  private static String treeOutput() {
    return "<build><plugins><plugin><groupId>org.apache.maven.plugins</groupId>"
        + "<artifactId>maven-dependency-plugin</artifactId><configuration>"
        + "<outputFile>${project.build.directory}/jackson.txt</outputFile></configuration></plugin></plugins></build>";
  }

  private static void write(String relative, String text) throws IOException {
    Path file = work.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static @Nullable Path mvn() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "mvn");
      if (!dir.isBlank() && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
