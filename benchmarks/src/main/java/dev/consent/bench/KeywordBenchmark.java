package dev.consent.bench;

import dev.consent.policy.Classification;
import dev.consent.policy.Intent;
import dev.consent.policy.KeywordClassifier;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Target 4a: keyword classification alone, one thread, over a mix of real-looking replies
 * (keywords, keywords with filler, plain-language opt-outs, other languages, questions, chatter)
 * against the naive floor: upper-case the trimmed body and look it up in a map of exact keywords.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Thread)
public class KeywordBenchmark {
  /** About a third keywords, a third opt-out or help in other words, a third ordinary replies. */
  static final List<String> BODIES = List.of(
      "STOP", "Stop", "stop.", "STOP!!", "Stop please", "please stop", "STOP ALL", "Unsubscribe", "cancel",
      "Quit", "END", "Yes", "YES", "y", "START", "HELP", "help", "info", "Arrêt", "ARRET", "BAJA", "Baja por favor",
      "ＳＴＯＰ", "Please stop texting me", "Take me off your list", "Stop sending me these messages",
      "no más mensajes por favor", "wrong number", "Remove me", "unsubscribe me from this list please",
      "Help me with my order", "Thanks!", "ok", "Ok thanks", "Who is this?", "👍", "😀😀", "lol",
      "Where is my package? It was supposed to arrive yesterday and the tracking page has not moved since Monday.",
      "I'm at the bus stop, will call you later", "Can I change my delivery address to 5th Avenue?",
      "Great deal, thanks! Do you also have it in blue?", "Is the store open on Sunday?", "Merci beaucoup",
      "Danke, bis morgen", "Will the technician arrive before noon? I need to leave at 1pm for a doctor's appointment.",
      "no", "Sure", "See you soon", "What is this about?");

  private final KeywordClassifier classifier = KeywordClassifier.defaults();
  private final Map<String, Intent> exact = Map.of("STOP", Intent.OPT_OUT, "STOPALL", Intent.OPT_OUT_ALL,
      "UNSUBSCRIBE", Intent.OPT_OUT, "CANCEL", Intent.OPT_OUT, "END", Intent.OPT_OUT, "QUIT", Intent.OPT_OUT,
      "START", Intent.OPT_IN, "YES", Intent.CONFIRM, "HELP", Intent.HELP, "INFO", Intent.HELP);
  private String[] bodies;
  private int i;

  @Setup(Level.Trial)
  public void setUp() {
    bodies = BODIES.toArray(String[]::new);
    GateBenchmark.shuffle(bodies, new java.util.Random(5));
  }

  private String next() {
    int at = i;
    i = at + 1 == bodies.length ? 0 : at + 1;
    return bodies[at];
  }

  @Benchmark
  public Classification classify() {
    return classifier.classify(next());
  }

  @Benchmark
  public Intent rawExactLookup() {
    Intent intent = exact.get(next().trim().toUpperCase(Locale.ROOT));
    return intent == null ? Intent.OTHER : intent;
  }
}
