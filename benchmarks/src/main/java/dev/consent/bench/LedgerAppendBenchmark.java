package dev.consent.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.consent.Channel;
import dev.consent.ConsentMethod;
import dev.consent.EventKind;
import dev.consent.PhoneNumber;
import dev.consent.feed.ChangeType;
import dev.consent.feed.ConsentChange;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.spi.AppendResult;
import dev.consent.spi.EventChain;
import dev.consent.spi.NewEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Target 3: one ledger append on PostgreSQL (seal with the hash chain, insert the event, update the
 * status and the chain head, in one durable transaction) against the raw floor for the same rows:
 * the event row and the status upsert sent as one statement in autocommit (one round trip, one commit), no chain, no lock, no
 * reads. 1 and 4 threads, numbers drawn at random from 20,000, each append with a fresh idempotency
 * key (as an inbound webhook has). Default durability (synchronous_commit on) for both.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class LedgerAppendBenchmark {
  static final int POOL = 20_000;
  private static final String GENESIS = "0".repeat(64);
  private static final SortedMap<String, String> EVIDENCE =
      new TreeMap<>(Map.of("form", "https://acme.example/join", "ip", "203.0.113.7"));

  @State(Scope.Benchmark)
  public static class Db {
    HikariDataSource ds;
    JdbcConsentStore store;
    PhoneNumber[] numbers;
    String tenant;
    final AtomicLong ids = new AtomicLong();
    String raw;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
      ds = BenchDb.pool(BenchDb.POSTGRESQL, 4, null);
      store = JdbcConsentStore.builder(ds).schema(BenchDb.schema()).keys(BenchKit.KEYS).build();
      store.migrate();
      numbers = Numbers.generate(POOL, 99);
      tenant = "ledger-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS " + BenchDb.schema() + ".raw_event (LIKE " + BenchDb.table("event")
            + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)");
        s.execute("CREATE TABLE IF NOT EXISTS " + BenchDb.schema() + ".raw_status (LIKE " + BenchDb.table("status")
            + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)");
        s.execute("TRUNCATE " + BenchDb.schema() + ".raw_event, " + BenchDb.schema() + ".raw_status");
      }
      raw = "WITH e AS (INSERT INTO " + BenchDb.schema() + ".raw_event (subject_id, seq, tenant, event_id, purpose_id,"
          + " kind, method, channel, evidence, notice_version, occurred_at, recorded_at, idempotency_key, imported,"
          + " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))"
          + " INSERT INTO " + BenchDb.schema() + ".raw_status (subject_id, purpose_id, state, since, granted_at,"
          + " notice_version, seq) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (subject_id, purpose_id) DO UPDATE SET"
          + " state = EXCLUDED.state, since = EXCLUDED.since, granted_at = EXCLUDED.granted_at,"
          + " notice_version = EXCLUDED.notice_version, seq = EXCLUDED.seq";
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      ds.close();
    }
  }

  /** Per thread: which number and event comes next. */
  @State(Scope.Thread)
  public static class Next {
    private final java.util.SplittableRandom random = new java.util.SplittableRandom(Thread.currentThread().getId());

    int number() {
      return random.nextInt(POOL);
    }

    boolean grant() {
      return random.nextBoolean();
    }
  }

  private static NewEvent event(Db db, PhoneNumber n, boolean grant, long id) {
    Instant now = Instant.now();
    return new NewEvent("bench-" + id, db.tenant, n, BenchKit.MARKETING, grant ? EventKind.GRANTED : EventKind.WITHDRAWN,
        grant ? ConsentMethod.WEB_FORM : ConsentMethod.SMS_KEYWORD, grant ? Channel.WEB : Channel.SMS, EVIDENCE,
        grant ? "v1" : null, now, now, "in:bench:" + id, false);
  }

  @Benchmark
  @Threads(1)
  public AppendResult append1Thread(Db db, Next next) {
    return EventChain.append(db.store, event(db, db.numbers[next.number()], next.grant(), db.ids.incrementAndGet()));
  }

  @Benchmark
  @Threads(4)
  public AppendResult append4Threads(Db db, Next next) {
    return EventChain.append(db.store, event(db, db.numbers[next.number()], next.grant(), db.ids.incrementAndGet()));
  }

  /**
   * The same append with the change feed on: the change (a CloudEvent rendered to JSON) is inserted
   * by the append's one statement, as a kit built with {@code changeFeed(..)} does. Target: at most
   * 10 % below {@link #append1Thread} in the same run.
   */
  @Benchmark
  @Threads(1)
  public AppendResult appendWithFeed1Thread(Db db, Next next) {
    return EventChain.append(db.store, event(db, db.numbers[next.number()], next.grant(), db.ids.incrementAndGet()),
        (e, status) -> db.store.write(e, status, change(e, status)));
  }

  @Benchmark
  @Threads(4)
  public AppendResult appendWithFeed4Threads(Db db, Next next) {
    return EventChain.append(db.store, event(db, db.numbers[next.number()], next.grant(), db.ids.incrementAndGet()),
        (e, status) -> db.store.write(e, status, change(e, status)));
  }

  /** The change the kit writes for a ledger event (as internal.Writes builds it). */
  private static ConsentChange change(dev.consent.ConsentEvent e, dev.consent.ConsentStatus after) {
    return new ConsentChange(0, e.eventId(), e.tenant(), ChangeType.valueOf(e.kind().name()), e.subjectRef(),
        e.occurredAt(), e.purposeId(), after.state(), e.seq(), null, e.method().name(), null);
  }

  @Benchmark
  @Threads(1)
  public int rawBatch1Thread(Db db, Next next) throws SQLException {
    return raw(db, next);
  }

  @Benchmark
  @Threads(4)
  public int rawBatch4Threads(Db db, Next next) throws SQLException {
    return raw(db, next);
  }

  /**
   * The same event and status rows written as one statement in autocommit: one round trip and one
   * durable commit per append; subject id = the number's index, a constant hash.
   */
  private static int raw(Db db, Next next) throws SQLException {
    int index = next.number();
    long id = db.ids.incrementAndGet();
    NewEvent e = event(db, db.numbers[index], next.grant(), id);
    boolean grant = e.kind() == EventKind.GRANTED;
    try (Connection c = db.ds.getConnection(); PreparedStatement ps = c.prepareStatement(db.raw)) {
      ps.setLong(1, index);
      ps.setLong(2, id);
      ps.setString(3, e.tenant());
      ps.setString(4, e.eventId());
      ps.setString(5, e.purposeId());
      ps.setString(6, e.kind().name());
      ps.setString(7, e.method().name());
      ps.setString(8, e.channel().name());
      ps.setString(9, "{\"form\":\"https://acme.example/join\",\"ip\":\"203.0.113.7\"}");
      ps.setString(10, e.noticeVersion());
      ps.setObject(11, e.occurredAt().atOffset(ZoneOffset.UTC));
      ps.setObject(12, e.recordedAt().atOffset(ZoneOffset.UTC));
      ps.setString(13, e.idempotencyKey());
      ps.setBoolean(14, false);
      ps.setString(15, GENESIS);
      ps.setString(16, GENESIS);
      ps.setLong(17, index);
      ps.setString(18, e.purposeId());
      ps.setString(19, grant ? "GRANTED" : "WITHDRAWN");
      ps.setObject(20, e.occurredAt().atOffset(ZoneOffset.UTC));
      ps.setObject(21, grant ? e.occurredAt().atOffset(ZoneOffset.UTC) : null, Types.TIMESTAMP_WITH_TIMEZONE);
      ps.setString(22, e.noticeVersion());
      ps.setLong(23, id);
      return ps.executeUpdate();
    }
  }
}
