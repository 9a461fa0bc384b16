package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.PhoneNumber;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Runs once per SLF4J backend (consent-test's pom: logback-classic, java.util.logging, and slf4j-nop,
 * which the check cannot read); {@code consent.test.backend} names the run's backend.
 */
@DisplayName("LogCheck on the tests' SLF4J backend")
@ExtendWith(LogCheck.class)
class LogCheckBackendTest {
  static final String BACKEND = System.getProperty("consent.test.backend", "logback");
  static final PhoneNumber LEAKED = PhoneNumber.parse("+12025550163");

  private static boolean readable() {
    return !BACKEND.equals("nop");
  }

  @Test
  @DisplayName("reads the library's lines at every level and other loggers' at their configured levels, where it can")
  void readsLogLines() {
    LogCheck.hold(LEAKED);
    LoggerFactory.getLogger("dev.consent.internal.Probe").trace("to {}", LEAKED.e164());
    LoggerFactory.getLogger("org.example.Host").warn("host line for {}", LEAKED.e164());
    LoggerFactory.getLogger("org.example.Host").trace("below the configured level {}", LEAKED.e164());
    assertThat(LogCheck.capturing()).as("capturing on " + BACKEND).isEqualTo(readable());
    if (readable()) {
      assertThat(LogCheck.leaks()).containsExactlyInAnyOrder(
          "TRACE dev.consent.internal.Probe: \"to " + LEAKED.e164() + "\" holds \"" + LEAKED.e164() + "\"",
          "WARN org.example.Host: \"host line for " + LEAKED.e164() + "\" holds \"" + LEAKED.e164() + "\"");
    } else {
      assertThat(LogCheck.leaks()).isEmpty();
    }
  }

  @Test
  @DisplayName("checks exception messages on every backend")
  void exceptionMessages() {
    LogCheck.hold(LEAKED);
    LogCheck.thrown(new IllegalStateException("wrapped", new IllegalArgumentException("bad " + LEAKED.e164())));
    assertThat(LogCheck.leaks()).singleElement().asString().startsWith("THROWN exception")
        .contains("java.lang.IllegalArgumentException: bad");
  }

  @Test
  @DisplayName("with -Dconsent.logCheck=required, a backend it cannot read fails the check and names the backend")
  void required() {
    System.setProperty(LogCapture.REQUIRED, "required");
    try {
      if (readable()) {
        LogCapture c = LogCapture.install();
        try {
          assertThat(c.capturing()).isTrue();
        } finally {
          c.uninstall();
        }
      } else {
        assertThatThrownBy(LogCapture::install).isInstanceOf(AssertionError.class)
            .hasMessageContaining("org.slf4j.helpers.NOPLoggerFactory").hasMessageContaining("logback-classic");
      }
    } finally {
      System.clearProperty(LogCapture.REQUIRED);
    }
  }
}
