package dev.consent.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/** Turns JMH results into the README's table: each figure, its baseline, the ratio, the target. */
final class Report {
  private final Map<String, RunResult> byKey = new HashMap<>();
  private final StringBuilder md = new StringBuilder();

  private Report(Collection<RunResult> results) {
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      String db = r.getParams().getParam("database");
      byKey.put(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1) + (db == null ? "" : "@" + db), r);
    }
  }

  static String markdown(Collection<RunResult> results, boolean smoke) {
    Report r = new Report(results);
    r.md.append(smoke ? "Smoke run (tiny data, one short iteration: the figures mean nothing)\n\n" : "");
    r.md.append("| benchmark | result | baseline (same run) | ratio | target | met |\n");
    r.md.append("|---|---|---|---|---|---|\n");
    r.gate();
    for (String db : new String[] {BenchDb.POSTGRESQL, BenchDb.MARIADB}) {
      r.campaign(db);
    }
    r.ledger();
    r.keywords();
    r.inbound();
    r.memory();
    r.feedRelay();
    return r.md.toString();
  }

  private void gate() {
    for (String t : new String[] {"1Thread", "2Threads"}) {
      RunResult gate = byKey.get("GateBenchmark.gate" + t);
      RunResult raw = byKey.get("GateBenchmark.rawMap" + t);
      if (gate != null && raw != null) {
        double ratio = score(gate) / score(raw);
        row("1. gate.check, in-memory, " + gate.getParams().getParam("numbers") + " numbers x 2 purposes, "
            + threads(t), ops(score(gate)), "ConcurrentHashMap.get: " + ops(score(raw)), fmt(ratio) + "x",
            ">= 0.33x", ratio >= 1.0 / 3);
      }
    }
  }

  private void campaign(String db) {
    RunResult all = byKey.get("CampaignBenchmark.checkAll@" + db);
    RunResult one = byKey.get("CampaignBenchmark.rawOneQuery@" + db);
    RunResult each = byKey.get("CampaignBenchmark.rawQueryPerRecipient@" + db);
    if (all == null) {
      return;
    }
    String n = all.getParams().getParam("recipients");
    if (one != null) {
      double ratio = score(all) / score(one);
      row("2a. checkAll, " + n + " recipients, " + db, ms(score(all)), "one raw query: " + ms(score(one)),
          fmt(ratio) + "x the time", "<= 1.5x", ratio <= 1.5);
    }
    RunResult send = byKey.get("CampaignBenchmark.sendAll@" + db);
    if (send != null) {
      double ratio = score(send) / score(all);
      row("2c. sendAll, " + n + " recipients, " + db + ", carrier accepting at once", ms(score(send)),
          "checkAll of the same campaign: " + ms(score(all)), fmt(ratio) + "x the time", "<= 2x", ratio <= 2);
    }
    if (each != null) {
      double speedup = score(each) / score(all);
      row("2b. checkAll, " + n + " recipients, " + db, ms(score(all)), "a query per recipient: " + ms(score(each)),
          fmt(speedup) + "x faster", ">= 20x faster", speedup >= 20);
    }
  }

  private void ledger() {
    for (String t : new String[] {"1Thread", "4Threads"}) {
      RunResult store = byKey.get("LedgerAppendBenchmark.append" + t);
      RunResult raw = byKey.get("LedgerAppendBenchmark.rawBatch" + t);
      if (store != null && raw != null) {
        double ratio = score(store) / score(raw);
        row("3. ledger append, postgresql, " + threads(t), ops(score(store)),
            "raw insert of the same rows, 1 statement: " + ops(score(raw)), fmt(ratio) + "x", ">= 0.5x", ratio >= 0.5);
      }
      RunResult feed = byKey.get("LedgerAppendBenchmark.appendWithFeed" + t);
      if (store != null && feed != null) {
        double cost = score(store) / score(feed) - 1;
        row("3c. ledger append with the change feed, postgresql, " + threads(t), ops(score(feed)),
            "the same append without the feed: " + ops(score(store)), fmt(cost * 100) + " % more time",
            "<= 10 % more", cost <= 0.10);
      }
    }
  }

  private void keywords() {
    RunResult c = byKey.get("KeywordBenchmark.classify");
    RunResult raw = byKey.get("KeywordBenchmark.rawExactLookup");
    if (c != null && raw != null) {
      row("4a. keyword classification, 1 thread", ops(score(c)), "exact-match map lookup: " + ops(score(raw)),
          fmt(score(c) / score(raw)) + "x", ">= 1,000,000 msg/s", score(c) >= 1_000_000);
    }
  }

  private void inbound() {
    RunResult whole = byKey.get("InboundBenchmark.wholePath");
    RunResult raw = byKey.get("InboundBenchmark.rawVerifyAndInsert");
    if (whole != null && raw != null) {
      Result<?> w = whole.getPrimaryResult();
      Result<?> r = raw.getPrimaryResult();
      double wOps = 1e6 / w.getScore();
      double rOps = 1e6 / r.getScore();
      row("4b. inbound whole path (Twilio signature .. reply queued), postgresql, 1 thread",
          ops(wOps) + ", p50 " + us(w.getStatistics().getPercentile(50)) + ", p99 "
              + us(w.getStatistics().getPercentile(99)),
          "verify + one insert: " + ops(rOps) + ", p99 " + us(r.getStatistics().getPercentile(99)),
          fmt(wOps / rOps) + "x", "report", null);
    }
  }

  private void feedRelay() {
    RunResult kafka = byKey.get("FeedRelayBenchmark.relayToKafka");
    RunResult encoder = byKey.get("FeedRelayBenchmark.relayToEncoder");
    if (kafka != null && encoder != null) {
      double k = aux(kafka, "events");
      double e = aux(encoder, "events");
      row("6. change feed relay to Kafka (one KRaft broker on the same 2 cores, acks=all), in-memory store, 1 thread",
          events(k), "the same relay into a sink that only encodes: " + events(e), fmt(k / e) + "x",
          ">= 10,000 events/s", k >= 10_000);
    }
  }

  private void memory() {
    RunResult m = byKey.get("MemoryBenchmark.footprint");
    if (m != null) {
      double all = aux(m, "storeBytesPerStatus");
      double index = aux(m, "statusIndexBytesPerStatus");
      double base = aux(m, "rawMapBytesPerStatus");
      String n = m.getParams().getParam("statuses");
      row("5. heap per status, in-memory store, " + n + " statuses: status index", fmt0(index) + " B",
          "raw map of the same statuses: " + fmt0(base) + " B", fmt(index / base) + "x", "<= 200 B", index <= 200);
      row("5. heap per status, in-memory store, " + n + " statuses: whole store incl. ledger", fmt0(all) + " B",
          "raw map: " + fmt0(base) + " B", fmt(all / base) + "x", "<= 200 B", all <= 200);
    }
  }

  private void row(String what, String result, String baseline, String ratio, String target, Boolean met) {
    md.append("| ").append(what).append(" | ").append(result).append(" | ").append(baseline).append(" | ")
        .append(ratio).append(" | ").append(target).append(" | ")
        .append(met == null ? "reported" : met ? "yes" : "**no**").append(" |\n");
  }

  private static double score(RunResult r) {
    return r.getPrimaryResult().getScore();
  }

  private static double aux(RunResult r, String name) {
    Result<?> x = r.getSecondaryResults().get(name);
    return x == null ? Double.NaN : x.getScore();
  }

  private static String threads(String t) {
    return t.startsWith("1") ? "1 thread" : t.replace("Threads", " threads");
  }

  private static String events(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f events/s", perSecond);
  }

  private static String ops(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f ops/s", perSecond);
  }

  private static String ms(double millis) {
    return String.format(Locale.ROOT, "%,.0f ms", millis);
  }

  private static String us(double micros) {
    return String.format(Locale.ROOT, "%,.0f µs", micros);
  }

  private static String fmt(double x) {
    return String.format(Locale.ROOT, x >= 10 ? "%.0f" : "%.2f", x);
  }

  private static String fmt0(double x) {
    return String.format(Locale.ROOT, "%.0f", x);
  }
}
