package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.consent.ConsentMethod;
import dev.consent.ConsentStatus;
import dev.consent.EventKind;
import dev.consent.PhoneNumber;
import dev.consent.spi.AppendResult;
import dev.consent.spi.ChainHead;
import dev.consent.spi.EventChain;
import dev.consent.spi.LedgerWrite;
import dev.consent.spi.NewEvent;
import dev.consent.testkit.Needs;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * The MariaDB driver logs every error packet the server sends as a WARN, with the duplicate key in
 * it: a duplicate webhook or an idempotent retry used to write one such line per delivery. The
 * store's inserts now test their unique key in the same statement, so these appends raise no error.
 */
@Needs(TestDatabases.MariaDb.class)
@DisplayName("Duplicate appends on MariaDB")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbDuplicateLogTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final PhoneNumber ALICE = PhoneNumber.parse("+14155550101");
  private static final PhoneNumber BOB = PhoneNumber.parse("+4915123456789");
  private static final String MARKETING = "marketing.promotions";

  private TestDatabases.TestDb db;
  private JdbcConsentStore store;
  private JdbcConsentStore other;
  private String tenant;
  private final Logger driver = (Logger) LoggerFactory.getLogger("org.mariadb");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeAll
  void start() {
    db = TestDatabases.mariadb();
    store = db.builder(db.pool(2)).build();
    store.migrate();
    other = db.builder(db.pool(2)).build();
  }

  @AfterAll
  void stop() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void capture() {
    tenant = "t-" + UUID.randomUUID().toString().substring(0, 12);
    lines.list.clear();
    lines.start();
    driver.addAppender(lines);
  }

  @AfterEach
  void release() {
    driver.detachAppender(lines);
  }

  @Test
  @DisplayName("a redelivered key, for the same number and for a new one, returns the stored event and the driver logs no WARN")
  void duplicateKey() {
    AppendResult first = EventChain.append(store, event(ALICE, "wh-1"));
    assertThat(first).isInstanceOf(AppendResult.Appended.class);
    for (int i = 0; i < 3; i++) {
      assertThat(EventChain.append(store, event(ALICE, "wh-1"))).isInstanceOf(AppendResult.Duplicate.class);
      assertThat(EventChain.append(other, event(ALICE, "wh-1"))).isInstanceOf(AppendResult.Duplicate.class);
    }
    AppendResult forBob = EventChain.append(store, event(BOB, "wh-1"));
    assertThat(forBob).isInstanceOf(AppendResult.Duplicate.class);
    assertThat(forBob.event().eventId()).isEqualTo(first.event().eventId());
    assertThat(store.history(tenant, BOB)).isEmpty();
    assertThat(store.history(tenant, ALICE)).hasSize(1);
    assertThat(warnings()).isEmpty();
  }

  @Test
  @DisplayName("a first event for a number whose row another instance created meanwhile is a moved head, with no WARN")
  void rowCreatedByAnotherInstance() {
    ChainHead empty = store.head(tenant, ALICE, MARKETING);
    assertThat(empty.seq()).isZero();
    assertThat(EventChain.append(other, event(ALICE, "other-1"))).isInstanceOf(AppendResult.Appended.class);
    NewEvent mine = event(ALICE, "mine-1");
    var sealed = EventChain.seal(mine, empty.subjectRef(), 1, empty.hash());
    ConsentStatus after = EventChain.fold(ConsentStatus.none(tenant, ALICE, MARKETING), sealed);
    assertThat(store.write(sealed, after)).isEqualTo(LedgerWrite.HEAD_MOVED);
    assertThat(EventChain.append(store, mine)).isInstanceOf(AppendResult.Appended.class);
    assertThat(store.history(tenant, ALICE)).hasSize(2);
    assertThat(warnings()).isEmpty();
  }

  private List<String> warnings() {
    return lines.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
  }

  private NewEvent event(PhoneNumber n, String key) {
    return new NewEvent(NewEvent.newId(), tenant, n, MARKETING, EventKind.GRANTED, ConsentMethod.WEB_FORM,
        dev.consent.Channel.WEB, new java.util.TreeMap<>(Map.of("form", "https://shop.example/signup")), "v1", T0, T0, key, false);
  }
}
