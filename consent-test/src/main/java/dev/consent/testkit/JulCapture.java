package dev.consent.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures through java.util.logging, the backend of {@code slf4j-jdk14}: a handler on the library's
 * logger (every level; its records no longer go up while the check runs) and on the root logger; the
 * library's records still reach the root's handlers at the levels the configuration gave, unless
 * muted.
 */
final class JulCapture extends LogCapture {
  private final Handler handler = new Capturing();
  private final Logger library = Logger.getLogger(LogCheck.LIBRARY);
  private final Logger root = Logger.getLogger("");
  private final Map<String, Level> configured = new HashMap<>();
  private final Level libraryLevel = library.getLevel();
  private final boolean libraryParents = library.getUseParentHandlers();
  private final List<Logger> held = new ArrayList<>(); // JUL keeps loggers weakly: the ones we changed stay

  static JulCapture install() {
    JulCapture c = new JulCapture();
    for (String name : Collections.list(LogManager.getLogManager().getLoggerNames())) {
      Logger l = LogManager.getLogManager().getLogger(name);
      if (l != null && l.getLevel() != null) {
        c.configured.put(name, l.getLevel());
        if (name.startsWith(LogCheck.LIBRARY + ".")) {
          c.held.add(l);
          l.setLevel(null); // inherit ALL from dev.consent while the check runs
        }
      }
    }
    c.handler.setLevel(Level.ALL);
    c.library.setLevel(Level.ALL);
    c.library.setUseParentHandlers(false);
    c.library.addHandler(c.handler);
    c.root.addHandler(c.handler);
    return c;
  }

  @Override
  void uninstall() {
    library.removeHandler(handler);
    root.removeHandler(handler);
    library.setUseParentHandlers(libraryParents);
    library.setLevel(libraryLevel);
    for (Logger l : held) {
      l.setLevel(configured.get(l.getName()));
    }
  }

  private final class Capturing extends Handler {
    @Override
    public void publish(LogRecord r) {
      List<String> texts = new ArrayList<>();
      String message = r.getMessage() == null ? "" : r.getMessage();
      texts.add(r.getParameters() == null ? message : java.text.MessageFormat.format(message, r.getParameters()));
      texts.add(message);
      if (r.getParameters() != null) {
        for (Object p : r.getParameters()) {
          texts.add(String.valueOf(p));
        }
      }
      LogCheck.messages(r.getThrown(), texts, new IdentityHashMap<>());
      String logger = r.getLoggerName() == null ? "" : r.getLoggerName();
      lines.add(new LogCheck.Line(logger, slf4jLevel(r.getLevel()), texts));
      if (logger.startsWith(LogCheck.LIBRARY) && muted.get() == 0
          && r.getLevel().intValue() >= configuredLevel(logger).intValue()) {
        for (Handler h : root.getHandlers()) {
          if (h != this) {
            h.publish(r); // what the console showed before the check
          }
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  /** The SLF4J name of a level, as slf4j-jdk14 maps them (TRACE is FINEST, DEBUG is FINE). */
  static String slf4jLevel(Level level) {
    int v = level.intValue();
    return v >= Level.SEVERE.intValue() ? "ERROR" : v >= Level.WARNING.intValue() ? "WARN"
        : v >= Level.INFO.intValue() ? "INFO" : v >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
  }

  /** The level the configuration gave a logger, before the check lowered it. */
  private Level configuredLevel(String logger) {
    return LogCapture.configured(configured, logger, "", Level.INFO);
  }

}
