package dev.consent.reliability;

import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * Silences the library's warnings while a suite injects thousands of faults on purpose (each one is
 * logged as it should be in production), and restores the level afterwards. Works with logback, the
 * test backend of every module; with another backend it does nothing.
 */
public final class Quiet {
  private final @Nullable Object logger;
  private final @Nullable Object level;

  private Quiet(@Nullable Object logger, @Nullable Object level) {
    this.logger = logger;
    this.level = level;
  }

  public static Quiet logs() {
    try {
      return logback();
    } catch (LinkageError noLogback) {
      return new Quiet(null, null);
    }
  }

  private static Quiet logback() {
    org.slf4j.Logger l = LoggerFactory.getLogger("dev.consent");
    if (l instanceof ch.qos.logback.classic.Logger lb) {
      Quiet q = new Quiet(lb, lb.getLevel());
      lb.setLevel(ch.qos.logback.classic.Level.OFF);
      return q;
    }
    return new Quiet(null, null);
  }

  public void restore() {
    if (logger != null && logger instanceof ch.qos.logback.classic.Logger lb) {
      lb.setLevel((ch.qos.logback.classic.Level) level);
    }
  }
}
