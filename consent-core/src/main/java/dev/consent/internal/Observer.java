package dev.consent.internal;

import dev.consent.KitObservation;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's {@link KitObservation} callback, or none. A callback that throws is logged and ignored:
 * metrics must never change what the kit did. Not API.
 */
public final class Observer {
  private static final Logger log = LoggerFactory.getLogger(Observer.class);

  /** No callback: {@link #enabled()} is false and nothing is measured. */
  public static final Observer NONE = new Observer(null);

  private final @Nullable Consumer<KitObservation> callback;

  private Observer(@Nullable Consumer<KitObservation> callback) {
    this.callback = callback;
  }

  public static Observer of(@Nullable Consumer<KitObservation> callback) {
    return callback == null ? NONE : new Observer(callback);
  }

  public boolean enabled() {
    return callback != null;
  }

  /** {@code System.nanoTime()} when enabled, else 0 (the hot paths pay nothing without a callback). */
  public long start() {
    return callback == null ? 0 : System.nanoTime();
  }

  public static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  public void report(KitObservation observation) {
    if (callback == null) {
      return;
    }
    try {
      callback.accept(observation);
    } catch (RuntimeException e) {
      log.warn("the host's observer failed: {}", e.getClass().getSimpleName());
    }
  }
}
