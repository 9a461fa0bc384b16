package dev.consent.examples;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The {@code HttpServer}'s executor with deadlines: a fixed pool with a bounded queue, and when both
 * are full a one-thread overflow pool whose exchanges are answered 503 at once (when that is full
 * too, the task is refused and the JDK closes the connection). Every exchange runs under a {@link
 * Guard}: until the handler has read the whole body, a watchdog interrupts the worker when the
 * request deadline or the read timeout passes. The JDK reads the request line, headers and body
 * from a {@code SocketChannel}, an interruptible channel, so the interrupt closes that connection
 * and ends the blocked read; nothing else is touched. The handler disarms the guard before it hands
 * the request to the kit, so store work is never interrupted.
 *
 * <p>Deadlines are socket timeouts in real (monotonic) time, not consent timestamps: they do not use
 * the kit's clock.
 */
final class RequestGuards implements Executor, AutoCloseable {
  private static final long OVERFLOW_DEADLINE_MILLIS = 2_000;

  private final ThreadPoolExecutor pool;
  private final ThreadPoolExecutor overflow;
  private final ScheduledThreadPoolExecutor watchdog;
  private final ThreadLocal<Guard> current = new ThreadLocal<>();
  private final long requestNanos;
  private final long readNanos;

  RequestGuards(WebhookServer.Limits limits) {
    this.pool = new ThreadPoolExecutor(limits.threads(), limits.threads(), 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(limits.queue()), daemons("webhook"));
    this.overflow = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(limits.queue()),
        daemons("webhook-overflow"));
    this.watchdog = new ScheduledThreadPoolExecutor(1, daemons("webhook-watchdog"));
    this.watchdog.setRemoveOnCancelPolicy(true);
    this.requestNanos = limits.requestTimeout().toNanos();
    this.readNanos = limits.readTimeout().toNanos();
  }

  @Override
  public void execute(Runnable exchange) {
    try {
      pool.execute(() -> run(exchange, false, requestNanos));
    } catch (RejectedExecutionException full) {
      overflow.execute(() -> run(exchange, true, TimeUnit.MILLISECONDS.toNanos(OVERFLOW_DEADLINE_MILLIS)));
    }
  }

  private void run(Runnable exchange, boolean overloaded, long budgetNanos) {
    Guard g = new Guard(Thread.currentThread(), overloaded, System.nanoTime() + budgetNanos);
    current.set(g);
    try {
      g.schedule();
      exchange.run();
    } finally {
      g.disarm();
      current.remove();
      Thread.interrupted(); // a cut that landed: the connection is closed, the worker goes on clean
    }
  }

  /** The guard of the exchange running on this thread (null outside the server's workers). */
  @Nullable Guard current() {
    return current.get();
  }

  /**
   * Reads at most {@code max} bytes; returns null as soon as a byte more arrives (the rest is never
   * read). Every chunk received pushes the read timeout back, never the request deadline.
   */
  static byte @Nullable [] readBounded(InputStream in, int max, @Nullable Guard guard) throws IOException {
    byte[] buf = new byte[max + 1];
    int n = 0;
    while (n <= max) {
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        return java.util.Arrays.copyOf(buf, n);
      }
      n += r;
      if (guard != null) {
        guard.progress();
      }
    }
    return null;
  }

  @Override
  public void close() {
    pool.shutdownNow();
    overflow.shutdownNow();
    watchdog.shutdownNow();
  }

  private static ThreadFactory daemons(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The deadline of one exchange, until the handler disarms it. */
  final class Guard {
    private final Thread worker;
    private final boolean overloaded;
    private final long requestDeadline;
    private long readDeadline;
    private boolean armed = true;
    private boolean cut;
    private java.util.concurrent.@Nullable ScheduledFuture<?> next;

    Guard(Thread worker, boolean overloaded, long requestDeadline) {
      this.worker = worker;
      this.overloaded = overloaded;
      this.requestDeadline = requestDeadline;
      this.readDeadline = requestDeadline;
    }

    /** True when the pool and its queue were full: answer 503 without reading the body. */
    boolean overloaded() {
      return overloaded;
    }

    synchronized void progress() {
      readDeadline = System.nanoTime() + readNanos;
    }

    /** Stops the watchdog; true when the deadline had already cut the exchange. */
    synchronized boolean disarm() {
      armed = false;
      if (next != null) {
        next.cancel(false);
      }
      return cut;
    }

    private synchronized void schedule() {
      long wait = Math.min(requestDeadline, readDeadline) - System.nanoTime();
      if (!armed) {
        return;
      }
      if (wait <= 0) {
        cut = true;
        armed = false;
        worker.interrupt();
        return;
      }
      try {
        next = watchdog.schedule(this::schedule, wait, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException closing) {
        armed = false; // the server is closing: its stop closes the connections
      }
    }
  }
}
