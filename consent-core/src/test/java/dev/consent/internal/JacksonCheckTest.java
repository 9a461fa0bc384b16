package dev.consent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.core.Version;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("JacksonCheck: the Jackson pairs a host's class path may hold")
class JacksonCheckTest {
  private static Version v(int major, int minor, int patch) {
    return new Version(major, minor, patch, null, "com.fasterxml.jackson.core", "jackson");
  }

  @Test
  @DisplayName("twilio-java's jackson-core 2.15 with a newer databind is refused, naming both and the BOM")
  void olderCore() {
    assertThat(JacksonCheck.problem(v(2, 15, 0), v(2, 22, 3)))
        .contains("jackson-core 2.15.0", "jackson-databind 2.22.3", "jackson-bom");
  }

  @Test
  @DisplayName("a databind older than 2.15 (Spring Boot 3.0's 2.14) is refused")
  void oldDatabind() {
    assertThat(JacksonCheck.problem(v(2, 14, 1), v(2, 14, 1))).contains("jackson-databind 2.14.1", "2.15 or newer");
    assertThat(JacksonCheck.problem(v(3, 0, 0), v(3, 0, 0))).contains("2.x");
  }

  @Test
  @DisplayName("one version for both, or a core newer than databind, runs")
  void aligned() {
    assertThat(JacksonCheck.problem(v(2, 15, 0), v(2, 15, 0))).isNull();
    assertThat(JacksonCheck.problem(v(2, 22, 3), v(2, 22, 3))).isNull();
    assertThat(JacksonCheck.problem(v(2, 22, 3), v(2, 19, 2))).isNull();
  }

  @Test
  @DisplayName("this build's own class path passes")
  void ownClassPath() {
    assertThatCode(JacksonCheck::verify).doesNotThrowAnyException();
  }
}
