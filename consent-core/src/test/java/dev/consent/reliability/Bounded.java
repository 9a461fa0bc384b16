package dev.consent.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Calls code under hostile input and asserts it returned (no exception, no null) within a time and
 * an allocation bound, counting each input in {@link Figures} and keeping the largest allocation seen,
 * so a fuzz suite reports how close it came to the bound.
 */
public final class Bounded {
  /** What one call may allocate on its thread: far above any honest request, far below a leak. */
  public static final long MAX_ALLOCATION = 64L << 20;
  /** How long one call may take, GC pauses on a shared CI machine included. */
  public static final long MAX_NANOS = 2_000_000_000L;

  private final Figures figures;
  private final AtomicLong maxAllocated = new AtomicLong();

  public Bounded(Figures figures) {
    this.figures = figures;
  }

  /** Runs {@code call} once on this thread and checks its result, time and allocation. */
  public <R> R call(Supplier<R> call, String what) {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long bytes0 = mx.getThreadAllocatedBytes(thread);
    long t0 = System.nanoTime();
    R result = call.get();
    long took = System.nanoTime() - t0;
    long allocated = mx.getThreadAllocatedBytes(thread) - bytes0;
    assertThat(result).as(what).isNotNull();
    assertThat(took).as("time of %s", what).isLessThan(MAX_NANOS);
    assertThat(allocated).as("bytes allocated by %s", what).isLessThan(MAX_ALLOCATION);
    maxAllocated.accumulateAndGet(allocated, Math::max);
    figures.inc("inputs");
    return result;
  }

  /** Adds the largest allocation seen to the figures and prints them. */
  public void print(long startedMillis) {
    figures.add("maxAllocatedKiB", maxAllocated.get() / 1024);
    figures.print(System.currentTimeMillis() - startedMillis);
  }
}
