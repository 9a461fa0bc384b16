package dev.consent.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Captures through logback-classic: an appender on the library's logger (all levels, not additive while
 * the check runs) and on the root; the library's lines still reach the appenders the test
 * configuration gave the root, at the levels it configured, unless muted.
 */
final class LogbackCapture extends LogCapture {
  private final Appender appender = new Appender();
  private final LoggerContext context;
  private final Logger library;
  private final Logger root;
  private final Map<String, Level> configured = new HashMap<>();
  private final boolean libraryAdditive;

  private LogbackCapture(LoggerContext context) {
    this.context = context;
    this.library = context.getLogger(LogCheck.LIBRARY);
    this.root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    this.libraryAdditive = library.isAdditive();
  }

  static LogbackCapture install() {
    LogbackCapture c = new LogbackCapture((LoggerContext) LoggerFactory.getILoggerFactory());
    for (Logger l : c.context.getLoggerList()) {
      if (l.getLevel() != null) {
        c.configured.put(l.getName(), l.getLevel());
      }
      if (l.getName().startsWith(LogCheck.LIBRARY + ".") && l.getLevel() != null) {
        l.setLevel(null); // inherit TRACE from dev.consent while the check runs
      }
    }
    c.appender.setContext(c.context);
    c.appender.setName("consent-log-check");
    c.appender.start();
    c.library.setLevel(Level.TRACE);
    c.library.setAdditive(false);
    c.library.addAppender(c.appender);
    c.root.addAppender(c.appender);
    return c;
  }

  @Override
  void uninstall() {
    library.detachAppender(appender);
    root.detachAppender(appender);
    library.setAdditive(libraryAdditive);
    for (Logger l : context.getLoggerList()) {
      if (l.getName().equals(LogCheck.LIBRARY) || l.getName().startsWith(LogCheck.LIBRARY + ".")) {
        l.setLevel(configured.get(l.getName()));
      }
    }
    appender.stop();
  }

  private final class Appender extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent e) {
      List<String> texts = new ArrayList<>();
      texts.add(e.getFormattedMessage());
      if (e.getMessage() != null) {
        texts.add(e.getMessage());
      }
      if (e.getArgumentArray() != null) {
        for (Object a : e.getArgumentArray()) {
          if (a instanceof Throwable t) {
            LogCheck.messages(t, texts, new IdentityHashMap<>());
          } else {
            texts.add(String.valueOf(a));
          }
        }
      }
      if (e.getKeyValuePairs() != null) {
        e.getKeyValuePairs().forEach(kv -> texts.add(kv.key + "=" + kv.value));
      }
      proxies(e.getThrowableProxy(), texts, new IdentityHashMap<>());
      lines.add(new LogCheck.Line(e.getLoggerName(), e.getLevel().toString(), texts));
      if (e.getLoggerName().startsWith(LogCheck.LIBRARY) && muted.get() == 0
          && e.getLevel().isGreaterOrEqual(configuredLevel(e.getLoggerName()))) {
        for (Iterator<ch.qos.logback.core.Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
          ch.qos.logback.core.Appender<ILoggingEvent> a = it.next();
          if (a != this) {
            a.doAppend(e); // what the console showed before the check
          }
        }
      }
    }
  }

  /** The level the configuration gave a logger, before the check lowered it. */
  private Level configuredLevel(String logger) {
    return LogCapture.configured(configured, logger, org.slf4j.Logger.ROOT_LOGGER_NAME, Level.DEBUG);
  }


  private static void proxies(IThrowableProxy t, List<String> out, IdentityHashMap<IThrowableProxy, Boolean> seen) {
    if (t == null || seen.put(t, Boolean.TRUE) != null) {
      return;
    }
    out.add(t.getClassName() + ": " + t.getMessage());
    proxies(t.getCause(), out, seen);
    if (t.getSuppressed() != null) {
      for (IThrowableProxy s : t.getSuppressed()) {
        proxies(s, out, seen);
      }
    }
  }
}
