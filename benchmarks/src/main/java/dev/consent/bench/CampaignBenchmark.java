package dev.consent.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.consent.GateDecision;
import dev.consent.MessageGate;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.memory.RecordingCarrier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Target 2: {@code MessageGate.checkAll} for a campaign of 100,000 recipients on the JDBC store
 * against (a) one raw query that reads the same rows (status and suppression of every recipient)
 * and (b) the same query once per recipient. Times are per whole campaign (single shots: one campaign
 * takes about a second; the per-recipient baseline about ten, so it is timed twice without warm-up).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4)
@Measurement(iterations = 6)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class CampaignBenchmark {
  @Param({BenchDb.POSTGRESQL, BenchDb.MARIADB})
  public String database;

  @Param("100000")
  public int recipients;

  private HikariDataSource ds;
  private JdbcConsentStore store;
  private List<PhoneNumber> numbers;
  private MessageGate gate;
  private List<OutboundMessage> campaign;
  private List<String> e164s;
  private String tenant;
  private String rawSql;
  private String oneSql;
  private ExecutorService readers;

  /** One recipient's rows as a hand-written query would keep them. */
  record RawRow(String state, Instant since, Instant grantedAt, String notice, String suppressedScope) {}

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    tenant = "campaign-" + recipients;
    PhoneNumber[] numbers = Numbers.generate(recipients, 2024);
    Loader.ensureLoaded(database, tenant, numbers);
    ds = BenchDb.pool(database, 2, null);
    // The store's documented set-up for campaigns: two parts on two pool connections, the second on
    // one helper thread. The raw baselines stay one statement on one connection.
    readers = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "campaign-reader");
      t.setDaemon(true);
      return t;
    });
    store = JdbcConsentStore.builder(ds).schema(BenchDb.schema()).keys(BenchKit.KEYS).parallelReads(readers, 2)
        .build();
    this.numbers = List.of(numbers);
    gate = BenchKit.kit(tenant, store, new RecordingCarrier()).gate();
    campaign = new ArrayList<>(recipients);
    e164s = new ArrayList<>(recipients);
    for (PhoneNumber n : numbers) {
      campaign.add(OutboundMessage.of(n, BenchKit.MARKETING, "ACME: 20% off this weekend. Reply STOP to opt out"));
      e164s.add(store.subjectRef(tenant, n)); // numbers are stored encrypted: look-ups go by reference
    }
    String select = "SELECT s.subject_ref, st.state, st.since, st.granted_at, st.notice_version, x.scope"
        + " FROM " + BenchDb.table("subject") + " s"
        + " LEFT JOIN " + BenchDb.table("status") + " st ON st.subject_id = s.id AND st.purpose_id = ?"
        + " LEFT JOIN " + BenchDb.table("suppression") + " x ON x.subject_id = s.id"
        + " WHERE s.tenant = ? AND ";
    rawSql = select + (isPostgres() ? "s.subject_ref = ANY(?)" : "s.subject_ref IN (" + "?,".repeat(recipients - 1) + "?)");
    oneSql = select + "s.subject_ref = ?";
    System.out.println("campaign " + database + ": checkAll " + summary(gate.checkAll(campaign))
        + ", raw rows " + rawOneQuery().size());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    readers.shutdownNow();
    ds.close();
  }

  @Benchmark
  public List<GateDecision> checkAll() {
    return gate.checkAll(campaign);
  }

  /**
   * Attribution, not in the default suite: the batched store read checkAll makes (status and
   * suppressions of every recipient, {@code ConsentStore.recipients}), without the decisions and the
   * send counts of capped recipients. Run with {@code run.sh storeReadsOnly}.
   */
  @Benchmark
  public Object storeReadsOnly() {
    return store.recipients(tenant, numbers, BenchKit.MARKETING);
  }

  /** Baseline (a): every recipient's status and suppression in one statement. */
  @Benchmark
  public Map<String, RawRow> rawOneQuery() throws SQLException {
    Map<String, RawRow> out = new HashMap<>(recipients * 2);
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(rawSql)) {
      ps.setString(1, BenchKit.MARKETING);
      ps.setString(2, tenant);
      if (isPostgres()) {
        ps.setArray(3, c.createArrayOf("varchar", e164s.toArray()));
      } else {
        for (int i = 0; i < e164s.size(); i++) {
          ps.setString(3 + i, e164s.get(i));
        }
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), row(rs));
        }
      }
    }
    return out;
  }

  /** Baseline (b): the same query once per recipient, on one connection. */
  @Benchmark
  @Warmup(iterations = 0)
  @Measurement(iterations = 2)
  public Map<String, RawRow> rawQueryPerRecipient() throws SQLException {
    Map<String, RawRow> out = new HashMap<>(recipients * 2);
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(oneSql)) {
      ps.setString(1, BenchKit.MARKETING);
      ps.setString(2, tenant);
      for (String e164 : e164s) {
        ps.setString(3, e164);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(e164, row(rs));
          }
        }
      }
    }
    return out;
  }

  private RawRow row(ResultSet rs) throws SQLException {
    return new RawRow(rs.getString(2), instant(rs, 3), instant(rs, 4), rs.getString(5), rs.getString(6));
  }

  private Instant instant(ResultSet rs, int column) throws SQLException {
    if (isPostgres()) {
      OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
      return t == null ? null : t.toInstant();
    }
    LocalDateTime t = rs.getObject(column, LocalDateTime.class);
    return t == null ? null : t.toInstant(ZoneOffset.UTC);
  }

  private boolean isPostgres() {
    return BenchDb.POSTGRESQL.equals(database);
  }

  private static String summary(List<GateDecision> decisions) {
    Map<String, Integer> mix = new java.util.TreeMap<>();
    for (GateDecision d : decisions) {
      mix.merge(d instanceof GateDecision.Denied x ? "denied " + x.reason() : "allowed", 1, Integer::sum);
    }
    return mix.toString();
  }
}
