package dev.consent;

import static dev.consent.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.consent.error.ConsentException;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.testkit.FailingConsentStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

@DisplayName("Logs and exception messages")
class LogSafetyTest {
  final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  Level before;

  @BeforeEach
  void capture() {
    before = root.getLevel();
    root.setLevel(Level.TRACE);
    appender.start();
    root.addAppender(appender);
  }

  @AfterEach
  void release() {
    root.detachAppender(appender);
    root.setLevel(before);
  }

  @Test
  @DisplayName("never contain a full number, a message body or a confirmation code, across a whole scenario")
  void noPersonalData() {
    FailingConsentStore failing = new FailingConsentStore(new InMemoryConsentStore());
    Fixture f = new Fixture(failing.store(), OptInSettings.defaults());
    List<String> secrets = new ArrayList<>();
    List<String> exceptionMessages = new ArrayList<>();
    f.kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1").withClientAddress("203.0.113.77"));
    secrets.add(f.lastCode(NY));
    f.reply(NY, DEALS_SENDER, "YES");
    f.kit.gate().send(OutboundMessage.of(NY, MARKETING, "Secret sale body 4711"));
    f.reply(NY, DEALS_SENDER, "can you stop?");
    f.reply(NY, DEALS_SENDER, "HELP");
    f.carrier.failNext(CarrierError.of(CarrierError.Kind.INVALID_NUMBER, "21211", "invalid", false));
    f.kit.gate().send(OutboundMessage.of(NY, MARKETING, "Another private body 0815"));
    f.carrier.reportOptOut(MIAMI, DEALS_SENDER);
    f.kit.gate().send(OutboundMessage.of(MIAMI, ORDERS, "Your parcel 123 for Jane"));
    f.reply(NY, DEALS_SENDER, "Please stop texting me, Jane Doe here");
    failing.down(true);
    f.check(NY, MARKETING);
    try {
      f.reply(BERLIN, DEALS_SENDER, "STOP");
    } catch (ConsentException e) {
      exceptionMessages.add(String.valueOf(e.getMessage()));
    }
    try {
      PhoneNumber.parse("+1 212 555 01234567");
    } catch (ConsentException e) {
      exceptionMessages.add(e.getMessage());
    }
    failing.down(false);
    f.kit.registry().erase(NY, "art17-request");
    f.kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1"));
    f.kit.registry().verify();
    secrets.addAll(List.of("2125550123", "3055550123", "15123456789", "Secret sale body", "private body",
        "Jane", "203.0.113.77"));
    assertThat(appender.list).isNotEmpty();
    for (ILoggingEvent e : appender.list) {
      String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
      for (String s : secrets) {
        assertThat(line).as("log line from %s", e.getLoggerName()).doesNotContain(s);
      }
    }
    assertThat(exceptionMessages).hasSize(2);
    for (String m : exceptionMessages) {
      for (String s : secrets) {
        assertThat(m).doesNotContain(s);
      }
    }
  }
}
