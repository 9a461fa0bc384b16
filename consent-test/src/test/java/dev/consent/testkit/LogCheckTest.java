package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.consent.PhoneNumber;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@DisplayName("LogCheck, the personal-data check of logs and exception messages")
@ExtendWith(LogCheck.class)
class LogCheckTest {
  static final PhoneNumber LEAKED = PhoneNumber.parse("+12025550147");
  final Logger library = LoggerFactory.getLogger("dev.consent.internal.Probe");
  final Logger jdbc = LoggerFactory.getLogger("dev.consent.jdbc.Probe");

  @Test
  @DisplayName("finds a number the library logs at TRACE and DEBUG, in E.164 and national forms, as argument and in causes")
  void finds() {
    LogCheck.hold(LEAKED);
    library.trace("trace {}", LEAKED.e164());
    jdbc.debug("debug (202) 555-0147");
    library.info("no placeholder", LEAKED.e164().substring(1));
    library.warn("failed", new RuntimeException("outer", new IllegalStateException("for 2025550147")));
    library.atInfo().addKeyValue("to", LEAKED.e164()).log("fluent");
    // java.util.logging drops an argument that has no placeholder (it never reaches a handler); logback keeps it
    int expected = "jul".equals(System.getProperty("consent.test.backend")) ? 4 : 5;
    assertThat(LogCheck.leaks()).hasSize(expected).anySatisfy(l -> assertThat(l).startsWith("TRACE dev.consent.internal.Probe"))
        .anySatisfy(l -> assertThat(l).startsWith("DEBUG dev.consent.jdbc.Probe"));
  }

  @Test
  @DisplayName("finds bodies, codes as words and exception messages; passes masked numbers and codes inside hashes")
  void bodiesAndCodes() {
    LogCheck.hold("Your parcel for Jane Doe", "482913");
    library.info("sent {}", "Your parcel for Jane Doe is here");
    library.info("code={}", "482913");
    LogCheck.thrown(new IllegalArgumentException("bad code 482913"));
    assertThat(LogCheck.leaks()).hasSize(3);

    library.info("to {} hash a9482913ff0c", LEAKED.masked());
    library.info("to {}", LEAKED);
    assertThat(LogCheck.leaks()).isEmpty();
  }

  @Test
  @DisplayName("fails the test after it when a number was logged on purpose")
  void failsTheTest() {
    ExtensionContext context = mock(ExtensionContext.class);
    when(context.getTestInstances()).thenReturn(Optional.empty());
    when(context.getDisplayName()).thenReturn("a leaking test");
    PhoneNumber n = PhoneNumber.parse("+4915123456700");
    LogCheck.hold(n);
    LoggerFactory.getLogger("dev.consent.Anything").debug("sending to {}", n.e164());
    assertThatThrownBy(() -> new LogCheck().afterEach(context)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("a leaking test").hasMessageContaining("DEBUG dev.consent.Anything");
    new LogCheck().afterEach(context); // drained: nothing left
  }

  @Test
  @DisplayName("collects what a test holds from its objects: numbers, outgoing bodies and the codes in them")
  void collects() {
    dev.consent.memory.RecordingCarrier carrier = new dev.consent.memory.RecordingCarrier();
    PhoneNumber n = PhoneNumber.parse("+33612345678");
    carrier.send(new dev.consent.spi.OutgoingSms(n, "+14155550100", "Your code is 774411, ACME", "r1"));
    LogCheck.holdFrom(new Object[] {carrier});
    library.info("a {} b {} c {}", "+33612345678", "06 12 34 56 78", "774411");
    assertThat(LogCheck.leaks()).hasSize(1).first().asString().contains("holds");
  }
}
