package dev.consent.testkit;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * Where {@link LogCheck} reads log lines from: the tests' SLF4J backend. Each backend the kit knows has
 * its own subclass, loaded only when that backend is the one SLF4J bound, so that the kit needs none
 * of them on the class path.
 */
abstract class LogCapture {
  /** Set {@code -Dconsent.logCheck=required} to fail when log lines cannot be captured. */
  static final String REQUIRED = "consent.logCheck";
  private static final String LOGBACK = "ch.qos.logback.classic.LoggerContext";
  private static final String JUL = "org.slf4j.jul.JDK14LoggerFactory";
  private static volatile boolean told;

  final Queue<LogCheck.Line> lines = new ConcurrentLinkedQueue<>();
  final AtomicInteger muted = new AtomicInteger();

  /** Starts capturing from the backend SLF4J is bound to. */
  static LogCapture install() {
    String backend = LoggerFactory.getILoggerFactory().getClass().getName();
    switch (backend) {
      case LOGBACK:
        return LogbackCapture.install();
      case JUL:
        return JulCapture.install();
      default:
        return none(backend);
    }
  }

  private static LogCapture none(String backend) {
    String why = "LogCheck cannot read log lines from the SLF4J backend " + backend
        + " (it reads logback-classic and slf4j-jdk14); it checks exception messages only";
    if ("required".equals(System.getProperty(REQUIRED))) {
      throw new AssertionError(why + ", and -D" + REQUIRED + "=required asks for log lines too");
    }
    if (!told) {
      told = true;
      LoggerFactory.getLogger(LogCheck.class).warn("{} (-D{}=required fails instead)", why, REQUIRED);
    }
    return new LogCapture() {
      @Override
      boolean capturing() {
        return false;
      }

      @Override
      void uninstall() {}
    };
  }

  /** Whether log lines reach {@link #lines}. */
  boolean capturing() {
    return true;
  }

  /**
   * The level configured for {@code logger}: its own, else its nearest configured parent's, else the
   * root's, else {@code fallback}.
   */
  static <L> L configured(java.util.Map<String, L> levels, String logger, String root, L fallback) {
    for (String name = logger; ; ) {
      L l = levels.get(name);
      if (l != null) {
        return l;
      }
      int dot = name.lastIndexOf('.');
      if (dot < 0) {
        return levels.getOrDefault(root, fallback);
      }
      name = name.substring(0, dot);
    }
  }

  /** Restores the backend's loggers as they were. */
  abstract void uninstall();
}
