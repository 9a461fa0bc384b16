package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.testkit.Needs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("every suite that needs a database server says so, so a machine without one skips it visibly")
class TestRequirementsTest {

  @Test
  @DisplayName("each PostgreSQL and MariaDB test class carries @Needs")
  void serverSuitesDeclareTheirServer() throws IOException {
    Path classes = Path.of("target", "test-classes", "dev", "consent", "jdbc");
    List<String> suites;
    try (Stream<Path> files = Files.list(classes)) {
      suites = files.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("[A-Za-z0-9]+(Postgres|MariaDb)Test\\.class"))
          .map(n -> n.substring(0, n.length() - ".class".length())).sorted().toList();
    }
    assertThat(suites).hasSizeGreaterThan(20);
    assertThat(suites).allSatisfy(name -> assertThat(load(name).isAnnotationPresent(Needs.class))
        .as("%s declares @Needs", name).isTrue());
  }

  private static Class<?> load(String simpleName) {
    try {
      return Class.forName("dev.consent.jdbc." + simpleName);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
