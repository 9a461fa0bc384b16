package dev.consent.bench;

import dev.consent.ConsentStatus;
import dev.consent.EventKind;
import dev.consent.PhoneNumber;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Target 5: heap bytes per (number, purpose) status in the in-memory store at 1,000,000 statuses
 * (500,000 numbers x 2 purposes, each status set by one GRANTED event), measured as the retained
 * heap delta after full GCs, with the phone numbers counted (the store is what keeps them). Reported
 * as auxiliary counters: the whole store (ledger, chains, idempotency index, statuses) and, after
 * dropping the ledger and its listings (chains, idempotency index, the ordered sets of numbers and of
 * subject references), the status index alone (with the suppressions, empty here); against the same statuses in a raw
 * {@code ConcurrentHashMap<(e164, purpose), ConsentStatus>} measured first in the same JVM. The
 * time score means nothing.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class MemoryBenchmark {
  @Param("1000000")
  public int statuses;

  private Object keep;

  /** The figures, reported next to the time score. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Footprint {
    public long storeBytesPerStatus;
    public long statusIndexBytesPerStatus;
    public long rawMapBytesPerStatus;

    @Setup(Level.Iteration)
    public void reset() {
      storeBytesPerStatus = 0;
      statusIndexBytesPerStatus = 0;
      rawMapBytesPerStatus = 0;
    }
  }

  /**
   * The numbers are parsed once and measured on their own; the raw map and then the store are
   * measured on top of them, and each is charged for the numbers too (the store is what keeps them).
   */
  @Benchmark
  public void footprint(Footprint f) throws ReflectiveOperationException {
    long start = usedAfterGc();
    PhoneNumber[] numbers = Numbers.generate(statuses / 2, 77);
    long withNumbers = usedAfterGc();
    long numberBytes = withNumbers - start - (16L + 4L * numbers.length);

    Map<GateBenchmark.RawKey, ConsentStatus> map = new ConcurrentHashMap<>();
    for (PhoneNumber n : numbers) {
      map.put(new GateBenchmark.RawKey(n.e164(), BenchKit.MARKETING), new ConsentStatus(ConsentKit.DEFAULT_TENANT, n,
          BenchKit.MARKETING, dev.consent.ConsentState.GRANTED, BenchKit.NOW, BenchKit.NOW, "v1", 1));
      map.put(new GateBenchmark.RawKey(n.e164(), BenchKit.ORDERS), new ConsentStatus(ConsentKit.DEFAULT_TENANT, n,
          BenchKit.ORDERS, dev.consent.ConsentState.GRANTED, BenchKit.NOW, BenchKit.NOW, null, 2));
    }
    keep = map;
    f.rawMapBytesPerStatus = (usedAfterGc() - withNumbers + numberBytes) / statuses;
    map = null;
    keep = null;

    InMemoryConsentStore store = new InMemoryConsentStore();
    for (int i = 0; i < numbers.length; i++) {
      BenchKit.append(store, ConsentKit.DEFAULT_TENANT, numbers[i], BenchKit.MARKETING, EventKind.GRANTED,
          BenchKit.NOW, "v1", i, 0);
      BenchKit.append(store, ConsentKit.DEFAULT_TENANT, numbers[i], BenchKit.ORDERS, EventKind.GRANTED,
          BenchKit.NOW, null, i, 1);
    }
    keep = store;
    f.storeBytesPerStatus = (usedAfterGc() - withNumbers + numberBytes) / statuses;
    // The ledger and its listings: chains, idempotency index, the numbers and subject references with events.
    Field ledgerField = InMemoryConsentStore.class.getDeclaredField("ledger");
    ledgerField.setAccessible(true);
    Object ledger = ledgerField.get(store);
    for (String field : new String[] {"chains", "byIdempotencyKey", "numbers", "refs"}) {
      Field part = ledger.getClass().getDeclaredField(field);
      part.setAccessible(true);
      ((Map<?, ?>) part.get(ledger)).clear();
    }
    f.statusIndexBytesPerStatus = (usedAfterGc() - withNumbers + numberBytes) / statuses;
    keep = numbers;
    keep = null;
  }

  private static long usedAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
