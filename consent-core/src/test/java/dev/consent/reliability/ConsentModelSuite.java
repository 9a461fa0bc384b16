package dev.consent.reliability;

import dev.consent.spi.ConsentStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The model-based reliability suite: random runs of web and keyword opt-ins, confirmations with
 * right and wrong codes, STOP in many phrasings, START, HELP, duplicate, late and out-of-order
 * webhooks, sends and campaign checks, clock jumps across DST, and injected store faults, each
 * step run by one of three instances (kits on the store, each with its own clock, up to 10 minutes
 * off either way) and checked against {@link Model}, with the gate of every instance. A store's test extends this class and returns its store;
 * every run uses a fresh tenant, so one store serves them all.
 *
 * <p>System properties: {@code consent.model.steps} (steps per store, default 10,000, or 200,000
 * with {@code consent.reliability=long}), {@code consent.model.runLength} (steps per run, default
 * 250), {@code consent.model.faultRate} (share of steps with a store fault, default 0.08), {@code
 * consent.model.seed} (the seed of the first run; a failure prints the command that replays it),
 * {@code consent.model.threads} (runs at once, default 4: the JDBC stores mostly wait on I/O).
 * A failing run is shortened by removing steps while it still fails, and the shortest failing
 * sequence is printed.
 */
@org.junit.jupiter.api.extension.ExtendWith(dev.consent.testkit.LogCheck.class)
public abstract class ConsentModelSuite {

  /** The store under test; called once per run. */
  protected abstract ConsentStore store();

  /** The name in the printed figures. */
  protected abstract String storeName();

  /** Whether the long ("nightly") profile was asked for: {@code -Dconsent.reliability=long}. */
  /**
   * The builds' default seed: every default run (CI included) is reproducible. The long profile, or
   * {@code -D<property>=random}, explores new seeds; any number replays a given one.
   */
  static final long DEFAULT_SEED = 20261129L;

  /** The seed named by {@code property}: a number, {@code random}, or the default. */
  public static long seed(String property) {
    String fixed = System.getProperty(property);
    if (fixed == null) {
      return longProfile() ? new SecureRandom().nextLong() : DEFAULT_SEED;
    }
    return "random".equals(fixed) ? new SecureRandom().nextLong() : Long.parseLong(fixed);
  }

  public static boolean longProfile() {
    return "long".equals(System.getProperty("consent.reliability"));
  }

  @Test
  @DisplayName("random runs never allow a message without a valid basis, never lose an opt-out, and keep the ledger consistent")
  void modelRuns() {
    long steps = Long.getLong("consent.model.steps", longProfile() ? 200_000 : 10_000);
    int runLength = Integer.getInteger("consent.model.runLength", 250);
    double faultRate = Double.parseDouble(System.getProperty("consent.model.faultRate", "0.08"));
    long first = seed("consent.model.seed");
    Figures figures = new Figures("model/" + storeName());
    System.out.println("[reliability] model/" + storeName() + ": first seed " + first + ", " + steps + " steps in runs of "
        + runLength + ", fault rate " + faultRate + ", " + ModelRun.INSTANCES + " instances with clocks up to "
        + ModelRun.MAX_SKEW.toMinutes() + " min off either way, kit tolerance " + ModelRun.TOLERANCE.toMinutes() + " min");
    long started = System.currentTimeMillis();
    int threads = Integer.getInteger("consent.model.threads", 4);
    Quiet quiet = Quiet.logs();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> runs = new ArrayList<>();
      AtomicBoolean failed = new AtomicBoolean();
      long done = 0;
      for (int run = 0; done < steps; run++) {
        long seed = first + run * 0x9E3779B97F4A7C15L;
        int length = (int) Math.min(runLength, steps - done);
        runs.add(pool.submit(() -> {
          if (failed.get()) {
            return;
          }
          List<Op.Step> ops = generate(seed, length, faultRate);
          try {
            new ModelRun(store(), seed, figures).run(ops);
            figures.inc("runs");
          } catch (AssertionError e) {
            if (failed.getAndSet(true)) {
              return;
            }
            quiet.restore();
            figures.inc("failedRuns");
            figures.print(System.currentTimeMillis() - started);
            throw new AssertionError("model run failed with seed " + seed + "; replay it with -Dconsent.model.seed="
                + seed + " -Dconsent.model.steps=" + length + " -Dconsent.model.runLength=" + length
                + " -Dconsent.model.faultRate=" + faultRate + "\n" + e.getMessage() + "\n" + shrink(seed, ops), e);
          }
        }));
        done += length;
      }
      for (Future<?> f : runs) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof AssertionError a) {
            throw a;
          }
          throw new AssertionError(e.getCause());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } finally {
      pool.shutdownNow();
      quiet.restore();
    }
    figures.add("lostOptOuts", 0);
    figures.add("wronglyAllowed", 0);
    figures.add("duplicateEvents", 0);
    figures.print(System.currentTimeMillis() - started);
  }

  static List<Op.Step> generate(long seed, int length, double faultRate) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] weights = Op.swarm(r);
    double rate = faultRate * 2 * r.nextDouble();
    List<Op.Step> ops = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      ops.add(Op.random(r, ModelRun.NUMBERS.length, rate, weights));
    }
    return ops;
  }

  /** Removes chunks of steps while the run still fails (at most a minute); prints what is left. */
  private String shrink(long seed, List<Op.Step> failing) {
    long deadline = System.currentTimeMillis() + 60_000;
    List<Op.Step> best = failing;
    String why = null;
    for (int chunk = Math.max(1, best.size() / 2); chunk >= 1 && System.currentTimeMillis() < deadline; chunk /= 2) {
      for (int from = 0; from < best.size() && System.currentTimeMillis() < deadline; ) {
        List<Op.Step> candidate = new ArrayList<>(best.subList(0, from));
        candidate.addAll(best.subList(Math.min(best.size(), from + chunk), best.size()));
        String f = failure(seed, candidate);
        if (f != null) {
          best = candidate;
          why = f;
        } else {
          from += chunk;
        }
      }
    }
    StringBuilder b = new StringBuilder("shortest failing sequence found (" + best.size() + " of " + failing.size()
        + " steps):");
    for (Op.Step s : best) {
      b.append("\n  ").append(s);
    }
    if (why != null) {
      b.append("\nwhich fails with: ").append(why);
    }
    return b.toString();
  }

  /** The failure of a run of {@code ops}, or null when it passes. */
  private String failure(long seed, List<Op.Step> ops) {
    try {
      new ModelRun(store(), seed, new Figures("shrink")).run(ops);
      return null;
    } catch (AssertionError | RuntimeException e) {
      return String.valueOf(e.getMessage());
    }
  }
}
