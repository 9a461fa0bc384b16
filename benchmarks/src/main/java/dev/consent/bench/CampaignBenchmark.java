package dev.consent.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.consent.Campaign;
import dev.consent.CampaignListener;
import dev.consent.CampaignReport;
import dev.consent.GateDecision;
import dev.consent.MessageGate;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.memory.RecordingCarrier;
import dev.consent.spi.OutgoingSms;
import dev.consent.spi.SendResult;
import dev.consent.spi.SmsCarrier;
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
import java.util.concurrent.atomic.AtomicLong;
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
 * and (b) the same query once per recipient; (c) {@code MessageGate.sendAll} of the same campaign
 * (a new campaign id each time, so every allowed message is reserved, sent and confirmed) against
 * {@code checkAll}, with a carrier that accepts at once. Times are per whole campaign (single shots: one campaign
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
  private MessageGate sendingGate;
  private final AtomicLong carrierIds = new AtomicLong();
  private int campaignNo;

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
    // accepts at once and keeps nothing (a recording carrier would hold every message of every run)
    SmsCarrier accepting = new SmsCarrier() {
      @Override
      public String name() {
        return "bench";
      }

      @Override
      public SendResult send(OutgoingSms sms) {
        return new SendResult.Accepted("SM" + carrierIds.incrementAndGet());
      }
    };
    sendingGate = BenchKit.kit(tenant, store, accepting).gate();
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
    seedHistory();
    System.out.println("campaign " + database + ": checkAll " + summary(gate.checkAll(campaign))
        + ", raw rows " + rawOneQuery().size());
  }

  /**
   * A CRM's message log has history: one delivered message per recipient from a campaign 60 days ago
   * (outside every cap window), written once, then the table's statistics refreshed, so that both
   * {@code checkAll} and {@code sendAll} read a log the planner knows.
   */
  private void seedHistory() throws SQLException {
    try (Connection c = ds.getConnection()) {
      try (PreparedStatement seeded = c.prepareStatement("SELECT COUNT(*) FROM " + BenchDb.table("message")
          + " WHERE tenant = ? AND campaign_id = 'history'")) {
        seeded.setString(1, tenant);
        try (ResultSet rs = seeded.executeQuery()) {
          rs.next();
          if (rs.getLong(1) > 0) {
            return;
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + BenchDb.table("message") + " (tenant, message_id,"
          + " subject_id, purpose_id, program_id, sender, carrier, carrier_message_id, sent_at, state, campaign_id)"
          + " SELECT tenant, CONCAT('h-', id), id, ?, 'deals', ?, 'bench', CONCAT('SMh', id), ?, 'DELIVERED', 'history'"
          + " FROM " + BenchDb.table("subject") + " WHERE tenant = ?")) {
        ps.setString(1, BenchKit.MARKETING);
        ps.setString(2, BenchKit.SENDER);
        Instant at = BenchKit.CLOCK.instant().minus(java.time.Duration.ofDays(60));
        if (isPostgres()) {
          ps.setObject(3, at.atOffset(ZoneOffset.UTC));
        } else {
          ps.setObject(3, LocalDateTime.ofInstant(at, ZoneOffset.UTC));
        }
        ps.setString(4, tenant);
        ps.executeUpdate();
      }
      try (PreparedStatement analyze = c.prepareStatement((isPostgres() ? "ANALYZE " : "ANALYZE TABLE ")
          + BenchDb.table("message"))) {
        analyze.execute();
      }
    }
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
   * (c) The whole campaign sent: decided, reserved, handed to the carrier and confirmed, in batches of
   * 10,000 (the largest; fewer statements, each doing more).
   */
  @Benchmark
  public CampaignReport sendAll() {
    return sendingGate.sendAll(Campaign.of("bench-" + (++campaignNo)).withBatchSize(Campaign.MAX_BATCH), campaign,
        CampaignListener.ignoring());
  }

  /** Attribution, not in the default suite: {@link #sendAll} in the default batches of 500. */
  @Benchmark
  public CampaignReport sendAllDefaultBatches() {
    return sendingGate.sendAll(Campaign.of("bench-" + (++campaignNo)), campaign, CampaignListener.ignoring());
  }

  /** Each sendAll run starts from the same data: the messages it logged are deleted. */
  @TearDown(Level.Iteration)
  public void deleteSent() throws SQLException {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
        "DELETE FROM " + BenchDb.table("message") + " WHERE tenant = ? AND campaign_id LIKE 'bench-%'")) {
      ps.setString(1, tenant);
      ps.executeUpdate();
    }
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
