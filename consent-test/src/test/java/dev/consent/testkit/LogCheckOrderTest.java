package dev.consent.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.consent.PhoneNumber;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.slf4j.LoggerFactory;

/** No LogCheck on this class itself: each run below starts the check from its outermost class. */
@DisplayName("LogCheck does not depend on test order")
class LogCheckOrderTest {
  static final String SENDER = "+14155550188";

  /** A class whose fixture holds a number (as a sender field would). */
  @ExtendWith(LogCheck.class)
  static class HoldsTheNumber {
    @Test
    void holds() {
      LogCheck.hold(PhoneNumber.parse(SENDER));
    }
  }

  /** A later class that logs that number as data of its own (not its personal data). */
  @ExtendWith(LogCheck.class)
  static class LogsTheNumber {
    @Test
    void logs() {
      LoggerFactory.getLogger("dev.consent.Probe").info("sender {}", SENDER);
    }
  }

  @Test
  @DisplayName("what an earlier class held does not fail a later class's lines")
  void earlierClassDoesNotLeakIntoLater() {
    EngineTestKit.engine("junit-jupiter").selectors(selectClass(HoldsTheNumber.class)).execute().testEvents()
        .assertStatistics(s -> s.succeeded(1).failed(0));
    EngineTestKit.engine("junit-jupiter").selectors(selectClass(LogsTheNumber.class)).execute().testEvents()
        .assertStatistics(s -> s.succeeded(1).failed(0));
  }
}
