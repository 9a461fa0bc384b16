package dev.consent.bench;

import dev.consent.ConsentStatus;
import dev.consent.GateDecision;
import dev.consent.OutboundMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;

/**
 * A cross-check of target 1 for a loaded machine: on the data {@link GateBenchmark} builds, it
 * alternates short rounds of {@code gate.check} and of the raw map's {@code get} (same pairs, same
 * order, each thread from its own starting point), so both sides of every ratio are measured within
 * the same second, and times each round by the threads' CPU time as well as the wall clock. Other
 * processes then mostly cost wall time, not CPU time; JMH's figures of the two sides come from
 * windows minutes apart, which on a shared machine moves them by up to 3x. Prints the median of the
 * rounds' ratios.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.consent.bench.GateRatio [numbers] [rounds]
 * </pre>
 */
public final class GateRatio {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  static volatile long sink;

  private GateRatio() {}

  public static void main(String[] args) throws Exception {
    int numbers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    GateBenchmark.Data d = new GateBenchmark.Data();
    d.numbers = numbers;
    d.setUp();
    for (int threads : new int[] {1, 2}) {
      run(d, threads, 5, false);
      run(d, threads, rounds, true);
    }
  }

  private static void run(GateBenchmark.Data d, int threads, int rounds, boolean print) throws Exception {
    int gateOps = 200_000;
    int rawOps = 1_000_000;
    double[] cpuRatio = new double[rounds];
    double[] wallRatio = new double[rounds];
    double[] gateCpu = new double[rounds];
    double[] rawCpu = new double[rounds];
    int[] cursors = new int[threads];
    Random r = new Random(threads);
    for (int t = 0; t < threads; t++) {
      cursors[t] = r.nextInt(d.messages.length);
    }
    for (int round = 0; round < rounds; round++) {
      long[] g = phase(d, threads, cursors, gateOps, true);
      long[] w = phase(d, threads, cursors, rawOps, false);
      // ops per CPU-second (per core) and per wall-second (all threads)
      double gc = (double) gateOps * threads / g[0] * 1e9;
      double rc = (double) rawOps * threads / w[0] * 1e9;
      double gw = (double) gateOps * threads / g[1] * 1e9;
      double rw = (double) rawOps * threads / w[1] * 1e9;
      gateCpu[round] = gc;
      rawCpu[round] = rc;
      cpuRatio[round] = gc / rc;
      wallRatio[round] = gw / rw;
    }
    if (print) {
      System.out.printf("%d thread(s), %d rounds: gate %,.0f ops per CPU-s, raw get %,.0f ops per CPU-s;"
          + " median ratio %.2fx by CPU time (quartiles %.2f-%.2f), %.2fx by wall time%n", threads, rounds,
          median(gateCpu), median(rawCpu), median(cpuRatio), quantile(cpuRatio, 0.25), quantile(cpuRatio, 0.75),
          median(wallRatio));
    }
  }

  /** Runs {@code ops} calls on each thread at once; returns {total CPU ns of the threads, wall ns}. */
  private static long[] phase(GateBenchmark.Data d, int threads, int[] cursors, int ops, boolean gate)
      throws Exception {
    long[] cpu = new long[threads];
    CyclicBarrier start = new CyclicBarrier(threads + 1);
    CyclicBarrier end = new CyclicBarrier(threads + 1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread w = new Thread(() -> {
        try {
          start.await();
          long c0 = CPU.getCurrentThreadCpuTime();
          cursors[id] = gate ? gates(d, cursors[id], ops) : raws(d, cursors[id], ops);
          cpu[id] = CPU.getCurrentThreadCpuTime() - c0;
          end.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      w.start();
      workers.add(w);
    }
    start.await();
    long w0 = System.nanoTime();
    end.await();
    long wall = System.nanoTime() - w0;
    for (Thread w : workers) {
      w.join();
    }
    return new long[] {Arrays.stream(cpu).sum(), wall};
  }

  private static int gates(GateBenchmark.Data d, int at, int ops) {
    OutboundMessage[] all = d.messages;
    long allowed = 0;
    for (int i = 0; i < ops; i++) {
      GateDecision x = d.gate.check(all[at]);
      allowed += x instanceof GateDecision.Allowed ? 1 : 0;
      at = at + 1 == all.length ? 0 : at + 1;
    }
    sink += allowed;
    return at;
  }

  private static int raws(GateBenchmark.Data d, int at, int ops) {
    OutboundMessage[] all = d.messages;
    long found = 0;
    for (int i = 0; i < ops; i++) {
      OutboundMessage m = all[at];
      ConsentStatus s = d.raw.get(new GateBenchmark.RawKey(m.to().e164(), m.purposeId()));
      found += s != null ? 1 : 0;
      at = at + 1 == all.length ? 0 : at + 1;
    }
    sink += found;
    return at;
  }

  private static double median(double[] v) {
    return quantile(v, 0.5);
  }

  private static double quantile(double[] v, double q) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[(int) Math.round(q * (s.length - 1))];
  }
}
