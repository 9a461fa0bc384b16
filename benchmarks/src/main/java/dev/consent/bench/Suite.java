package dev.consent.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmark suite and prints every figure as a ratio to its baseline from the same run.
 *
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar            # full suite (10-13 minutes on 2 cores)
 *   java -jar benchmarks/target/benchmarks.jar --smoke    # one short iteration of each, small data (CI)
 *   java -jar benchmarks/target/benchmarks.jar Gate       # only benchmarks matching a regex
 * </pre>
 *
 * Benchmarks that need PostgreSQL or MariaDB are left out, with a note, when the server does not
 * answer on 127.0.0.1 (override with {@code -Dconsent.bench.dbhost}). The benchmark schema
 * ({@code consent_bench_<pid>}, so that concurrent runs never meet) is dropped after the run. The report goes to stdout and to
 * {@code benchmarks/target/results.md}, JMH's raw results to {@code benchmarks/target/jmh-result.json}.
 */
public final class Suite {
  private Suite() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    String schema = "consent_bench_" + ProcessHandle.current().pid();
    System.setProperty(BenchDb.SCHEMA_PROPERTY, schema);
    boolean smoke = List.of(args).contains("--smoke");
    if (smoke) {
      // CI may run this next to a developer's full run: the smoke figures mean nothing anyway.
      System.setProperty("jmh.ignoreLock", "true");
    }
    List<String> includes = new ArrayList<>();
    for (String a : args) {
      if (!a.startsWith("--")) {
        includes.add(a);
      }
    }
    boolean postgres = BenchDb.reachable(BenchDb.POSTGRESQL);
    boolean mariadb = BenchDb.reachable(BenchDb.MARIADB);
    Path out = Path.of(System.getProperty("consent.bench.out", "benchmarks/target"));
    Files.createDirectories(out);
    ChainedOptionsBuilder o = new OptionsBuilder()
        .shouldFailOnError(true)
        .jvmArgsPrepend("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-D" + BenchDb.SCHEMA_PROPERTY + "=" + schema)
        .resultFormat(ResultFormatType.JSON)
        .result(out.resolve("jmh-result.json").toString());
    if (includes.isEmpty()) {
      o.include(Suite.class.getPackageName() + ".*Benchmark").exclude("storeReadsOnly").exclude("sendAllDefaultBatches");
    } else {
      includes.forEach(o::include);
    }
    List<String> databases = new ArrayList<>();
    if (postgres) {
      databases.add(BenchDb.POSTGRESQL);
    } else {
      System.out.println("PostgreSQL does not answer on " + BenchDb.host() + ":5432: skipping the ledger, inbound and its campaign benchmarks");
      o.exclude("LedgerAppendBenchmark").exclude("InboundBenchmark");
    }
    if (mariadb) {
      databases.add(BenchDb.MARIADB);
    } else {
      System.out.println("MariaDB does not answer on " + BenchDb.host() + ":3306: skipping its campaign benchmarks");
    }
    if (databases.isEmpty()) {
      o.exclude("CampaignBenchmark");
    } else {
      o.param("database", databases.toArray(String[]::new));
    }
    if (smoke) {
      // In this JVM: twenty forks would cost more than the benchmarks themselves.
      o.warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(200)).forks(0)
          .param("numbers", "20000").param("recipients", "2000").param("statuses", "20000")
          .param("changes", "5000");
    }
    dropSchemas(postgres, mariadb);
    Collection<RunResult> results;
    try {
      results = new Runner(o.build()).run();
    } finally {
      dropSchemas(postgres, mariadb);
    }
    String report = Report.markdown(results, smoke);
    System.out.println();
    System.out.println(report);
    Files.writeString(out.resolve("results.md"), report);
  }

  private static void dropSchemas(boolean postgres, boolean mariadb) throws Exception {
    if (postgres) {
      BenchDb.drop(BenchDb.POSTGRESQL);
    }
    if (mariadb) {
      BenchDb.drop(BenchDb.MARIADB);
    }
  }
}
