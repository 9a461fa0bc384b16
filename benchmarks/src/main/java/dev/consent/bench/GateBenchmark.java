package dev.consent.bench;

import dev.consent.ConsentStatus;
import dev.consent.GateDecision;
import dev.consent.MessageGate;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Target 1: {@code MessageGate.check} on the in-memory store over 1,000,000 numbers x 2 purposes
 * (a realistic mix of allowed and denied, see {@link BenchKit#populate}) against a raw
 * {@link ConcurrentHashMap#get} of the same (number, purpose) keys, in random order, 1 and 2 threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class GateBenchmark {

  /** What a hand-written lookup would key on. */
  record RawKey(String e164, String purposeId) {}

  @State(Scope.Benchmark)
  public static class Data {
    @Param("1000000")
    public int numbers;

    MessageGate gate;
    /** Every (number, purpose) pair once, shuffled; the caller's messages, built before the clock starts. */
    OutboundMessage[] messages;
    ConcurrentHashMap<RawKey, ConsentStatus> raw;

    /**
     * The raw map's entries are made right after the store's, number by number, and the messages
     * in a later pass: both lookups then go from a message to structures allocated elsewhere, as
     * they would in a host. (Built in one pass with the messages, the raw map would sit next to
     * them in memory and win on locality alone.)
     */
    @Setup(Level.Trial)
    public void setUp() {
      PhoneNumber[] nums = Numbers.generate(numbers, 42);
      InMemoryConsentStore store = new InMemoryConsentStore();
      raw = new ConcurrentHashMap<>();
      Random r = new Random(7);
      String tenant = ConsentKit.DEFAULT_TENANT;
      for (int i = 0; i < nums.length; i++) {
        BenchKit.populate(store, tenant, nums[i], i, r);
        for (String purpose : new String[] {BenchKit.MARKETING, BenchKit.ORDERS}) {
          ConsentStatus s = store.status(tenant, nums[i], purpose);
          if (s.seq() > 0) {
            raw.put(new RawKey(nums[i].e164(), purpose), s);
          }
        }
      }
      gate = BenchKit.kit(store, new RecordingCarrier()).gate();
      messages = new OutboundMessage[nums.length * 2];
      for (int i = 0; i < nums.length; i++) {
        messages[2 * i] = OutboundMessage.of(nums[i], BenchKit.MARKETING, "ACME: 20% off today. Reply STOP to opt out");
        messages[2 * i + 1] = OutboundMessage.of(nums[i], BenchKit.ORDERS, "ACME: your order has shipped");
      }
      shuffle(messages, new Random(11));
      report();
    }

    /** Prints the decision mix of a sample (the pairs are shuffled), so the results say what was measured. */
    private void report() {
      Map<String, Integer> mix = new TreeMap<>();
      for (int i = 0; i < Math.min(messages.length, 200_000); i++) {
        OutboundMessage m = messages[i];
        GateDecision d = gate.check(m);
        mix.merge(d instanceof GateDecision.Denied x ? "denied " + x.reason() : "allowed", 1, Integer::sum);
      }
      System.out.println("gate decision mix over a sample of (number, purpose) pairs: " + mix);
    }
  }

  /** Each thread walks the shuffled pairs from its own starting point. */
  @State(Scope.Thread)
  public static class Cursor {
    int i;

    @Setup(Level.Trial)
    public void setUp(Data d) {
      i = new Random(Thread.currentThread().getId()).nextInt(d.messages.length);
    }

    OutboundMessage next(OutboundMessage[] all) {
      int at = i;
      i = at + 1 == all.length ? 0 : at + 1;
      return all[at];
    }
  }

  @Benchmark
  @Threads(1)
  public GateDecision gate1Thread(Data d, Cursor c) {
    return d.gate.check(c.next(d.messages));
  }

  @Benchmark
  @Threads(2)
  public GateDecision gate2Threads(Data d, Cursor c) {
    return d.gate.check(c.next(d.messages));
  }

  @Benchmark
  @Threads(1)
  public ConsentStatus rawMap1Thread(Data d, Cursor c) {
    OutboundMessage m = c.next(d.messages);
    return d.raw.get(new RawKey(m.to().e164(), m.purposeId()));
  }

  @Benchmark
  @Threads(2)
  public ConsentStatus rawMap2Threads(Data d, Cursor c) {
    OutboundMessage m = c.next(d.messages);
    return d.raw.get(new RawKey(m.to().e164(), m.purposeId()));
  }

  static <T> void shuffle(T[] a, Random r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      T t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
