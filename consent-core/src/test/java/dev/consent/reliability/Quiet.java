package dev.consent.reliability;

import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * Silences the library's warnings while a suite injects thousands of faults on purpose (each one is
 * logged as it should be in production), and restores the level afterwards. Works with logback, the
 * test backend of every module; with another backend it does nothing. While a {@link
 * dev.consent.testkit.LogCheck} runs, the lines are still captured and checked, only not shown.
 */
public final class Quiet {
  private final @Nullable Object logger;
  private final @Nullable Object level;
  private @Nullable Runnable unmute;

  private Quiet(@Nullable Object logger, @Nullable Object level) {
    this.logger = logger;
    this.level = level;
  }

  public static Quiet logs() {
    if (dev.consent.testkit.LogCheck.active()) {
      Quiet q = new Quiet(null, null);
      q.unmute = dev.consent.testkit.LogCheck.mute();
      return q;
    }
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

  public synchronized void restore() {
    if (unmute != null) {
      unmute.run();
      unmute = null;
    }
    if (logger != null && logger instanceof ch.qos.logback.classic.Logger lb) {
      lb.setLevel((ch.qos.logback.classic.Level) level);
    }
  }
}
