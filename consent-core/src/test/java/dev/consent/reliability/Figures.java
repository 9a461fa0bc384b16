package dev.consent.reliability;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters a reliability suite reports at its end, so that the README's figures can be copied
 * from the build log: {@code [reliability] <suite>: steps=... faults=... lost=0 wronglyAllowed=0}.
 * Thread-safe.
 */
public final class Figures {
  private final String suite;
  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

  public Figures(String suite) {
    this.suite = suite;
  }

  public void add(String name, long n) {
    counters.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(n);
  }

  public void inc(String name) {
    add(name, 1);
  }

  public long get(String name) {
    AtomicLong v = counters.get(name);
    return v == null ? 0 : v.get();
  }

  /** One line for the build log, counters in name order, with the wall time. */
  public String line(long millis) {
    StringBuilder b = new StringBuilder("[reliability] ").append(suite).append(':');
    new TreeMap<>(counters).forEach((k, v) -> b.append(' ').append(k).append('=').append(v.get()));
    return b.append(" time=").append(millis / 1000.0).append("s").toString();
  }

  public void print(long millis) {
    System.out.println(line(millis));
  }
}
