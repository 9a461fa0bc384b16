package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.consent.CarrierAction;
import dev.consent.Channel;
import dev.consent.ConsentEvent;
import dev.consent.ConsentMethod;
import dev.consent.DeliveryState;
import dev.consent.DenyReason;
import dev.consent.EventKind;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.MessageRecord;
import dev.consent.Notice;
import dev.consent.OptInStart;
import dev.consent.OutboundMessage;
import dev.consent.PendingOptIn;
import dev.consent.PhoneNumber;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.ReviewItem;
import dev.consent.SendOutcome;
import dev.consent.Suppression;
import dev.consent.SuppressionReason;
import dev.consent.WebOptIn;
import dev.consent.error.ConsentStoreException;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryKeyProvider;
import dev.consent.memory.RecordingCarrier;
import dev.consent.spi.EventChain;
import dev.consent.spi.NewEvent;
import dev.consent.spi.Pseudonyms;
import dev.consent.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Encryption at rest on one database: nothing personal is stored in clear (a raw scan of every
 * column of every table), altered or moved ciphertexts fail typed, a 0.2 database is encrypted by
 * the upgrade, and data keys rotate, re-encrypt and rewrap while other threads read and write.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcEncryptionTestBase {
  static final Instant NOW = Instant.parse("2026-03-02T16:00:00Z");
  static final String SENDER = "+14155550100";
  static final String MARKETING = "marketing.promotions";
  static final PhoneNumber NY = PhoneNumber.parse("+12125550123");
  static final PhoneNumber MIAMI = PhoneNumber.parse("+13055550177");
  static final String NY_DIGITS = "2125550123";
  static final String MIAMI_DIGITS = "3055550177";
  static final String BODY = "Private offer for Jane 4711";
  static final Program DEALS = Program.of("deals", "ACME Deals", SENDER, "Up to 4 msgs/month",
      "ACME Deals: help at acme.example/help. Reply STOP to cancel.");
  static final Purpose MARKETING_PURPOSE =
      Purpose.marketing(MARKETING, "Offers and discounts by SMS", DEALS, Duration.ofDays(30));
  static final Notice NOTICE = new Notice(MARKETING, "v1", "en",
      "Yes, text me offers from ACME Deals (up to 4 msgs/month). Msg & data rates may apply. Reply STOP to cancel.");

  protected TestDatabases.TestDb db;
  protected HikariDataSource pool;
  protected InMemoryKeyProvider keys;
  protected JdbcConsentStore store;
  protected String tenant;
  private final AtomicInteger ids = new AtomicInteger();

  protected abstract TestDatabases.TestDb open();

  @BeforeAll
  void start() {
    db = open();
    pool = db.pool(8);
    keys = new InMemoryKeyProvider();
    store = db.builder(pool).keys(keys).build();
    store.migrate();
  }

  @AfterAll
  void stop() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void newTenant() {
    tenant = "e-" + UUID.randomUUID().toString().substring(0, 12);
  }

  private ConsentKit kit(MutableClock clock, RecordingCarrier carrier) {
    return ConsentKit.builder().tenant(tenant).store(store).carrier(carrier).clock(clock)
        .purposes(MARKETING_PURPOSE).notices(NOTICE).build();
  }

  private InboundResult reply(ConsentKit kit, MutableClock clock, PhoneNumber from, String body) {
    return kit.inbound().handle(new InboundMessage("recording", "SM-" + ids.incrementAndGet(), from, SENDER, body,
        clock.instant(), true, CarrierAction.NONE, null));
  }

  /** NY: web double opt-in (pending, events), a message with a body, STOP; MIAMI: a pending opt-in. */
  private void scenario() {
    MutableClock clock = MutableClock.at(NOW);
    RecordingCarrier carrier = new RecordingCarrier();
    ConsentKit kit = kit(clock, carrier);
    assertThat(kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1"))).isInstanceOf(OptInStart.Started.class);
    assertThat(reply(kit, clock, NY, "YES")).isInstanceOf(InboundResult.Confirmed.class);
    assertThat(kit.gate().send(OutboundMessage.of(NY, MARKETING, BODY))).isInstanceOf(SendOutcome.Sent.class);
    reply(kit, clock, NY, "STOP");
    assertThat(kit.doubleOptIn().start(WebOptIn.of(MIAMI, MARKETING, "v1"))).isInstanceOf(OptInStart.Started.class);
    store.suppress(new Suppression(tenant, MIAMI, "service:host-list", SuppressionReason.HOST, NOW,
        new TreeMap<>(Map.of("note", "asked by phone from " + MIAMI_DIGITS))));
    store.enqueueReview(review(store, MIAMI, "review-miami", "Jane here, call me on " + MIAMI_DIGITS + " instead?"));
    store.defer(deferred(store, MIAMI, "held-miami", BODY + " held"));
  }

  /** A message held for quiet hours: its number and body are sealed under one key. */
  private dev.consent.DeferredMessage deferred(JdbcConsentStore s, PhoneNumber n, String id, String body) {
    return new dev.consent.DeferredMessage(tenant, id, s.subjectRef(tenant, n), OutboundMessage.of(n, MARKETING, body),
        DenyReason.QUIET_HOURS, NOW, NOW.plusSeconds(3600), NOW.plusSeconds(7200), null);
  }

  /** An unclear reply waiting for a person: its number and text are sealed under one key. */
  private ReviewItem review(JdbcConsentStore s, PhoneNumber n, String id, String text) {
    return new ReviewItem(tenant, id, s.subjectRef(tenant, n), n, text, "deals", SENDER, "recording", "in-" + id,
        "UNCLEAR", false, NOW, NOW.plusSeconds(86_400), null);
  }

  @Test
  @DisplayName("a raw scan of every column of every table finds no number (E.164 or national), body or evidence;"
      + " everything reads back and the chains verify")
  void nothingInClear() throws SQLException {
    scenario();
    List<String> raw = rawScan(Tables.DEFAULT_PREFIX);
    assertThat(raw).as("every stored value").noneMatch(v -> v.contains(NY_DIGITS) || v.contains(MIAMI_DIGITS)
        || v.contains(BODY) || v.contains("Jane"));
    assertThat(store.encryption().clearValues(tenant)).as("the check can see them")
        .anyMatch(v -> v.contains(NY_DIGITS)).anyMatch(v -> v.contains(BODY)).anyMatch(v -> v.contains(MIAMI_DIGITS))
        .contains(MIAMI.e164(), "Jane here, call me on " + MIAMI_DIGITS + " instead?");
    assertThat(store.deferredOf(tenant, store.subjectRef(tenant, MIAMI))).singleElement().satisfies(d -> {
      assertThat(d.message().to()).isEqualTo(MIAMI);
      assertThat(d.message().body()).isEqualTo(BODY + " held");
    });
    assertThat(store.reviewItem(tenant, "review-miami")).hasValueSatisfying(r -> {
      assertThat(r.number()).isEqualTo(MIAMI);
      assertThat(r.text()).contains(MIAMI_DIGITS);
    });

    assertThat(store.messages(tenant, NY)).allSatisfy(m -> assertThat(m.number()).isEqualTo(NY))
        .extracting(MessageRecord::body).contains(BODY);
    assertThat(store.history(tenant, NY)).isNotEmpty().allSatisfy(e -> assertThat(e.number()).isEqualTo(NY))
        .anySatisfy(e -> assertThat(e.evidence()).isNotEmpty());
    assertThat(store.pendingFor(tenant, MIAMI)).singleElement()
        .satisfies(p -> assertThat(p.number()).isEqualTo(MIAMI));
    assertThat(store.suppressions(tenant, MIAMI)).singleElement()
        .satisfies(s -> assertThat(s.evidence()).containsEntry("note", "asked by phone from " + MIAMI_DIGITS));
    assertThat(store.numbers(tenant, null, 10)).containsExactlyInAnyOrder(NY, MIAMI);
    assertThat(EventChain.verify(store.chain(tenant, store.subjectRef(tenant, NY))).isIntact()).isTrue();
  }

  @Test
  @DisplayName("a flipped ciphertext byte fails typed on read; verification reports the event instead of failing")
  void tampered() throws SQLException {
    scenario();
    long ny = subjectId(NY);
    String id = store.messages(tenant, NY).stream().filter(m -> BODY.equals(m.body())).findFirst().orElseThrow()
        .messageId();
    String body = single("SELECT body FROM " + db.table("consent_message") + " WHERE tenant = ? AND message_id = ?",
        tenant, id);
    sql("UPDATE consent_message SET body = ? WHERE tenant = ? AND message_id = ?", flip(body, 40), tenant, id);
    assertThatThrownBy(() -> store.messages(tenant, NY)).isInstanceOf(ConsentStoreException.class)
        .hasMessageNotContaining(NY_DIGITS).hasMessageNotContaining("Jane");
    sql("UPDATE consent_message SET body = ? WHERE tenant = ? AND message_id = ?", body, tenant, id);
    assertThat(store.messages(tenant, NY)).extracting(MessageRecord::body).contains(BODY);

    String evidence = single("SELECT evidence FROM " + db.table("consent_event") + " WHERE subject_id = ? AND seq = 2", ny);
    sql("UPDATE consent_event SET evidence = ? WHERE subject_id = ? AND seq = 2", flip(evidence, 30), ny);
    assertThatThrownBy(() -> store.history(tenant, NY)).isInstanceOf(ConsentStoreException.class);
    assertThat(EventChain.verify(store.chain(tenant, store.subjectRef(tenant, NY))).breaks()).singleElement()
        .satisfies(b -> assertThat(b.seq()).isEqualTo(2));

    String number = single("SELECT number_enc FROM " + db.table("consent_subject") + " WHERE id = ?", ny);
    sql("UPDATE consent_subject SET number_enc = ? WHERE id = ?", flip(number, 35), ny);
    assertThatThrownBy(() -> store.numbers(tenant, null, 10)).isInstanceOf(ConsentStoreException.class)
        .hasMessageContaining("subject.number");
  }

  @Test
  @DisplayName("a ciphertext moved to another row or column does not decrypt")
  void moved() throws SQLException {
    scenario();
    long ny = subjectId(NY);
    long miami = subjectId(MIAMI);
    String nyNumber = single("SELECT number_enc FROM " + db.table("consent_subject") + " WHERE id = ?", ny);
    String miamiNumber = single("SELECT number_enc FROM " + db.table("consent_subject") + " WHERE id = ?", miami);
    sql("UPDATE consent_subject SET number_enc = ? WHERE id = ?", nyNumber, miami);
    assertThatThrownBy(() -> store.pendingFor(tenant, MIAMI)).isInstanceOf(ConsentStoreException.class)
        .hasMessageContaining("does not authenticate");
    String nyEvidence = single("SELECT evidence FROM " + db.table("consent_event") + " WHERE subject_id = ? AND seq = 1", ny);
    sql("UPDATE consent_pending SET evidence = ? WHERE subject_id = ?", nyEvidence, miami);
    sql("UPDATE consent_subject SET number_enc = ? WHERE id = ?", miamiNumber, miami);
    assertThatThrownBy(() -> store.pendingFor(tenant, MIAMI)).isInstanceOf(ConsentStoreException.class)
        .hasMessageContaining("pending.evidence");
  }

  @Test
  @DisplayName("after the encryption migration a number put in clear in place of the sealed one is an integrity"
      + " error, never data (the downgrade that made the store report another number)")
  void noDowngrade() throws SQLException {
    scenario();
    long ny = subjectId(NY);
    // another person's number (not one the raw scans of this class look for, which see every tenant)
    sql("UPDATE consent_subject SET number_enc = NULL, data_key_id = NULL, e164 = ? WHERE id = ?", "+13125550199", ny);
    assertThatThrownBy(() -> store.numbers(tenant, null, 10)).isInstanceOf(ConsentStoreException.class)
        .hasMessageContaining("subject.number is held in clear").hasMessageNotContaining("5550199");
    assertThatThrownBy(() -> store.pendingFor(tenant, NY)).isInstanceOf(ConsentStoreException.class);
  }

  @Test
  @DisplayName("after the encryption migration a body or evidence stored in clear is refused, not read")
  void noDowngradeOfValues() throws SQLException {
    scenario();
    long ny = subjectId(NY);
    String id = store.messages(tenant, NY).stream().filter(m -> BODY.equals(m.body())).findFirst().orElseThrow()
        .messageId();
    sql("UPDATE consent_message SET body = ?, data_key_id = NULL WHERE tenant = ? AND message_id = ?",
        "forged body", tenant, id);
    assertThatThrownBy(() -> store.messages(tenant, NY)).isInstanceOf(ConsentStoreException.class)
        .hasMessageContaining("message.body is held in clear");
    sql("UPDATE consent_event SET evidence = ?, data_key_id = NULL WHERE subject_id = ? AND seq = 2",
        "{\"confirmedBy\":\"forged\"}", ny);
    assertThatThrownBy(() -> store.history(tenant, NY)).isInstanceOf(ConsentStoreException.class)
        .hasMessageContaining("event.evidence is held in clear");
  }

  @Test
  @DisplayName("rotation, re-encryption in small batches and retirement while other threads and another instance"
      + " read and write; old keys retire only once no value uses them")
  void rotationUnderLoad() throws Exception {
    JdbcConsentStore other = db.builder(pool).keys(keys).build();
    List<PhoneNumber> numbers = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      numbers.add(PhoneNumber.parse("+1212555" + String.format(Locale.ROOT, "%04d", 1000 + i)));
    }
    for (PhoneNumber n : numbers) {
      write(store, n, 0);
    }
    String first = store.reencrypt(tenant, 1).retiredKeys().isEmpty() ? currentKey() : null;
    assertThat(first).isNotNull();

    AtomicBoolean running = new AtomicBoolean(true);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger writes = new AtomicInteger();
    AtomicInteger reads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch started = new CountDownLatch(4);
    for (int w = 0; w < 4; w++) {
      int worker = w;
      pool.submit(() -> {
        started.countDown();
        JdbcConsentStore s = worker % 2 == 0 ? store : other;
        int i = 0;
        while (running.get()) {
          try {
            PhoneNumber n = numbers.get((worker * 5 + i) % numbers.size());
            if (worker < 2) {
              write(s, n, i);
              writes.incrementAndGet();
            } else {
              readAll(s, n);
              reads.incrementAndGet();
            }
          } catch (Throwable t) {
            failures.add(t);
          }
          i++;
        }
        return null;
      });
    }
    started.await();
    String second = store.rotateDataKey(tenant);
    assertThat(second).isNotEqualTo(first);
    ReencryptResult partial = store.reencrypt(tenant, 3);
    assertThat(partial.rewritten()).isEqualTo(3);
    assertThat(partial.complete()).isFalse();
    assertThat(partial.retiredKeys()).isEmpty();
    assertThat(retired(first)).as("retired while values still use it").isFalse();
    int batches = 0;
    while (!store.reencrypt(tenant, 10).complete() && batches < 1000) {
      batches++;
    }
    Thread.sleep(200);
    running.set(false);
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    assertThat(failures).as("failures of concurrent readers and writers").isEmpty();
    assertThat(writes.get()).isPositive();
    assertThat(reads.get()).isPositive();

    ReencryptResult last;
    int rounds = 0;
    do {
      last = store.reencrypt(tenant, 500); // the writers may have left tens of thousands under the old key
    } while (!last.complete() && ++rounds < 1000);
    assertThat(last.complete()).as("re-encryption finished within 1000 batches").isTrue();
    assertThat(retired(first)).isTrue();
    assertThat(countUsing(first)).isZero();
    assertThat(countUsing(second)).isPositive();
    for (PhoneNumber n : numbers) {
      readAll(store, n);
      assertThat(EventChain.verify(store.chain(tenant, store.subjectRef(tenant, n))).isIntact()).isTrue();
    }
    assertThat(store.reencrypt(tenant, 10)).isEqualTo(new ReencryptResult(0, 0, List.of()));
  }

  @Test
  @DisplayName("a data key rotates by itself once it has sealed the configured number of values; every value"
      + " still reads back (a full key needs no re-encryption: it only stops sealing)")
  void rotatesByCount() throws SQLException {
    JdbcConsentStore counted = db.builder(pool).keys(keys).rotateDataKeysAfter(100).build();
    List<PhoneNumber> numbers = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      numbers.add(PhoneNumber.parse("+1212555" + String.format(Locale.ROOT, "%04d", 3000 + i)));
    }
    for (int i = 0; i < numbers.size(); i++) {
      write(counted, numbers.get(i), i); // about 6 sealed values per write
    }
    List<DataKeys.Stored> all = counted.dataKeys().all(tenant);
    assertThat(all).as("keys after about 240 seals with a limit of 100").hasSizeGreaterThanOrEqualTo(2);
    for (DataKeys.Stored k : all) {
      assertThat(counted.dataKeys().sealedCount(tenant, k.keyId())).as("seals counted under " + k.keyId())
          .isLessThanOrEqualTo(100 + 5 + 6);
    }
    for (PhoneNumber n : numbers) {
      readAll(counted, n);
    }
  }

  @Test
  @DisplayName("two instances sealing under one seal limit: the first to see it reached rotates, the other moves"
      + " to the new key at its next count; no key overshoots by more than one batch and one write per instance")
  void rotatesByCountAcrossInstances() throws SQLException {
    JdbcConsentStore first = db.builder(pool).keys(keys).rotateDataKeysAfter(100).build();
    JdbcConsentStore second = db.builder(pool).keys(keys).rotateDataKeysAfter(100).build();
    List<PhoneNumber> numbers = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      numbers.add(PhoneNumber.parse("+1212555" + String.format(Locale.ROOT, "%04d", 4000 + i)));
    }
    for (int i = 0; i < numbers.size(); i++) {
      write(i % 2 == 0 ? first : second, numbers.get(i), i);
    }
    List<DataKeys.Stored> all = first.dataKeys().all(tenant);
    assertThat(all).as("keys after about 360 seals by two instances with a limit of 100").hasSizeGreaterThanOrEqualTo(3);
    for (DataKeys.Stored k : all) {
      assertThat(first.dataKeys().sealedCount(tenant, k.keyId())).as("seals counted under " + k.keyId())
          .isLessThanOrEqualTo(100 + 2 * (5 + 6));
    }
    for (PhoneNumber n : numbers) {
      readAll(first, n);
      readAll(second, n);
    }
  }

  @Test
  @DisplayName("rewrapping moves every data key to the new KEK, after which the old KEK can be destroyed")
  void rewrap() throws SQLException {
    InMemoryKeyProvider own = new InMemoryKeyProvider();
    JdbcConsentStore s = db.builder(pool).keys(own).build();
    write(s, NY, 1);
    s.rotateDataKey(tenant);
    write(s, MIAMI, 1);
    String oldKek = own.currentKeyEncryptionKey();
    String newKek = own.rotateKeyEncryptionKey();
    assertThat(s.rewrapDataKeys(tenant)).isEqualTo(2);
    assertThat(s.rewrapDataKeys(tenant)).isZero();
    assertThat(single("SELECT MIN(kek_id) FROM " + db.table("consent_data_key") + " WHERE tenant = ?", tenant))
        .isEqualTo(newKek);
    own.destroyKeyEncryptionKey(oldKek);
    JdbcConsentStore fresh = db.builder(pool).keys(own).build();
    readAll(fresh, NY);
    readAll(fresh, MIAMI);
  }

  @Test
  @DisplayName("without a host KeyProvider the store wraps its data keys with a KEK it keeps itself")
  void databaseKeys() throws SQLException {
    JdbcConsentStore s = db.builder(pool).build();
    write(s, NY, 1);
    readAll(db.builder(pool).build(), NY);
    assertThat(single("SELECT MIN(kek_id) FROM " + db.table("consent_data_key") + " WHERE tenant = ?", tenant))
        .isEqualTo(DatabaseKeys.KEK_ID);
    assertThat(rawScan(Tables.DEFAULT_PREFIX)).noneMatch(v -> v.contains(NY_DIGITS) || v.contains(BODY));
  }

  @Test
  @DisplayName("migrate() encrypts a 0.2 database (V1 + V2, clear rows) and empties the clear columns")
  void upgradeByMigrate() throws Exception {
    String prefix = v2Database(false);
    JdbcConsentStore upgraded = db.builder(pool).keys(keys).tablePrefix(prefix).build();
    assertThat(upgraded.migrate()).containsExactly("V3__encryption.sql", "V4__retention.sql", "V5__append_indexes.sql",
        "V6__quarantine.sql", "V7__inbound_digests.sql", "V8__review_queue.sql", "V9__data_key_uses.sql", "V10__checkpoints.sql", "V11__change_feed.sql", "V12__campaigns.sql", "V13__program_caps.sql", "V14__deferrals.sql");
    checkUpgraded(prefix, upgraded);
  }

  @Test
  @DisplayName("a store on a database that Flyway took to V3 encrypts the clear rows before its first operation")
  void upgradeBeforeFirstUse() throws Exception {
    String prefix = v2Database(true);
    checkUpgraded(prefix, db.builder(pool).keys(keys).tablePrefix(prefix).build());
  }

  private void checkUpgraded(String prefix, JdbcConsentStore upgraded) throws SQLException {
    assertThat(upgraded.history(tenant, NY)).hasSize(2).allSatisfy(e -> {
      assertThat(e.number()).isEqualTo(NY);
      assertThat(e.evidence()).containsEntry("confirmedBy", "reply from " + NY_DIGITS);
    });
    assertThat(rawScan(prefix)).noneMatch(v -> v.contains(NY_DIGITS) || v.contains(BODY) || v.contains("203.0.113.9"));
    Tables t = new Tables(db.schema, prefix);
    assertThat(single("SELECT COUNT(*) FROM " + t.subject + " WHERE e164 IS NOT NULL")).isEqualTo("0");
    assertThat(upgraded.messages(tenant, NY)).singleElement().extracting(MessageRecord::body).isEqualTo(BODY);
    assertThat(upgraded.pendingFor(tenant, NY)).singleElement()
        .satisfies(p -> assertThat(p.evidence()).containsEntry("ip", "203.0.113.9"));
    assertThat(upgraded.suppressions(tenant, NY)).singleElement()
        .satisfies(s -> assertThat(s.evidence()).containsEntry("keyword", "STOP from " + NY_DIGITS));
    assertThat(upgraded.numbers(tenant, null, 10)).containsExactly(NY);
    assertThat(EventChain.verify(upgraded.chain(tenant, upgraded.subjectRef(tenant, NY))).isIntact()).isTrue();
    assertThat(upgraded.history(tenant, MIAMI)).isEmpty();
    assertThat(upgraded.suppressions(tenant, MIAMI)).extracting(Suppression::reason)
        .containsExactly(SuppressionReason.ERASURE);
    assertThat(upgraded.migrate()).isEmpty();
  }

  // ---- helpers ----

  /** A number's events, a message, a suppression and a pending opt-in, all with personal values. */
  private void write(JdbcConsentStore s, PhoneNumber n, int i) {
    String key = i + "-" + UUID.randomUUID();
    EventChain.append(s, new NewEvent("ev-" + key, tenant, n, MARKETING, i % 2 == 0 ? EventKind.GRANTED : EventKind.WITHDRAWN,
        ConsentMethod.WEB_FORM, Channel.WEB, new TreeMap<>(Map.of("ip", "203.0.113." + (i % 200), "from", n.e164())),
        "v1", NOW, NOW, null, false));
    s.logMessage(new MessageRecord(tenant, "m-" + key, n, MARKETING, "deals", SENDER, "recording", "c-" + key, NOW,
        DeliveryState.SENT, null, BODY + " " + i));
    s.suppress(new Suppression(tenant, n, "service:s" + (i % 3), SuppressionReason.HOST, NOW,
        new TreeMap<>(Map.of("note", "from " + n.e164()))));
    s.createPending(new PendingOptIn(tenant, "r-" + key, n, List.of(MARKETING), Map.of(MARKETING, "v1"), "en", "deals",
        SENDER, "hash", NOW, NOW.plusSeconds(600), 0, PendingOptIn.State.PENDING, 0, ConsentMethod.WEB_FORM,
        new TreeMap<>(Map.of("ip", "203.0.113.7"))));
    s.enqueueReview(review(s, n, "rv-" + key.substring(0, Math.min(key.length(), 40)), "not sure, " + n.e164()));
    s.defer(deferred(s, n, "d-" + key.substring(0, Math.min(key.length(), 40)), BODY + " held " + i));
  }

  private void readAll(JdbcConsentStore s, PhoneNumber n) {
    assertThat(s.history(tenant, n)).isNotEmpty().allSatisfy(e -> {
      assertThat(e.number()).isEqualTo(n);
      assertThat(e.evidence()).containsEntry("from", n.e164());
    });
    assertThat(s.messages(tenant, n)).isNotEmpty().allSatisfy(m -> assertThat(m.body()).startsWith(BODY));
    assertThat(s.suppressions(tenant, n)).isNotEmpty()
        .allSatisfy(x -> assertThat(x.evidence()).containsEntry("note", "from " + n.e164()));
    assertThat(s.pendingFor(tenant, n)).isNotEmpty().allSatisfy(p -> assertThat(p.number()).isEqualTo(n));
    assertThat(s.numbers(tenant, null, 100)).contains(n);
    assertThat(s.openReviewsOf(tenant, s.subjectRef(tenant, n), SENDER)).isNotEmpty().allSatisfy(r -> {
      assertThat(r.number()).isEqualTo(n);
      assertThat(r.text()).isEqualTo("not sure, " + n.e164());
    });
    assertThat(s.deferredOf(tenant, s.subjectRef(tenant, n))).isNotEmpty().allSatisfy(d -> {
      assertThat(d.message().to()).isEqualTo(n);
      assertThat(d.message().body()).startsWith(BODY + " held");
    });
  }

  private String currentKey() throws SQLException {
    return single("SELECT key_id FROM " + db.table("consent_data_key") + " WHERE tenant = ? AND retired_at IS NULL"
        + " ORDER BY generation DESC LIMIT 1", tenant);
  }

  private boolean retired(String keyId) throws SQLException {
    return single("SELECT COUNT(*) FROM " + db.table("consent_data_key") + " WHERE tenant = ? AND key_id = ?"
        + " AND retired_at IS NOT NULL", tenant, keyId).equals("1");
  }

  private long countUsing(String keyId) throws SQLException {
    long total = 0;
    for (String table : List.of("consent_subject", "consent_event", "consent_suppression", "consent_pending",
        "consent_message", "consent_review", "consent_deferral")) {
      total += Long.parseLong(single("SELECT COUNT(*) FROM " + db.table(table) + " WHERE data_key_id = ?", keyId));
    }
    return total;
  }

  private long subjectId(PhoneNumber n) throws SQLException {
    return Long.parseLong(single("SELECT id FROM " + db.table("consent_subject") + " WHERE tenant = ? AND subject_ref = ?",
        tenant, store.subjectRef(tenant, n)));
  }

  private static String flip(String sealed, int index) {
    byte[] raw = Base64.getDecoder().decode(sealed);
    raw[Math.min(index, raw.length - 1)] ^= 0x04;
    return Base64.getEncoder().encodeToString(raw);
  }

  private String single(String sql, Object... args) throws SQLException {
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as(sql).isTrue();
        return rs.getString(1);
      }
    }
  }

  private void sql(String statement, Object... args) throws SQLException {
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
        statement.replace("consent_", db.table("consent_")))) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      assertThat(ps.executeUpdate()).as(statement).isPositive();
    }
  }

  /** Every non-null value of every column of every table with {@code prefix}, as the database returns it. */
  private List<String> rawScan(String prefix) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = pool.getConnection()) {
      DatabaseMetaData meta = c.getMetaData();
      String schema = db.dialect == Dialect.POSTGRESQL ? db.schema : null;
      String catalog = db.dialect.isMySqlFamily() ? db.schema : null;
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = meta.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
          if (name.startsWith(prefix)) {
            tables.add(name);
          }
        }
      }
      assertThat(tables).contains(prefix + "subject", prefix + "event", prefix + "message", prefix + "suppression",
          prefix + "pending");
      for (String table : tables) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + db.table(table))) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
              String v = rs.getString(i);
              if (v != null) {
                out.add(v);
              }
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * A database as consent-jdbc 0.2 left it under a fresh prefix: V1 and V2 applied, NY with two
   * events, a status, a message, a suppression and a pending opt-in, all clear; MIAMI erased.
   * With {@code v3}, V3 is applied too, as Flyway would, without the store's help.
   */
  private String v2Database(boolean v3) throws Exception {
    String prefix = "v" + UUID.randomUUID().toString().substring(0, 8) + "_";
    Tables t = new Tables(db.schema, prefix);
    Pseudonyms refs = new Pseudonyms(keys);
    String nyRef = refs.of(tenant, NY);
    Db d = new Db(pool, db.dialect);
    Migrator m = new Migrator(d, t);
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE " + t.schemaVersion + " (version INTEGER NOT NULL PRIMARY KEY,"
          + " script VARCHAR(200) NOT NULL, checksum VARCHAR(64) NOT NULL)");
      List<String> scripts = v3 ? Migrator.SCRIPTS : Migrator.SCRIPTS.subList(0, 2);
      for (int v = 1; v <= scripts.size(); v++) {
        String text = new String(getClass().getClassLoader().getResourceAsStream(db.dialect.migrationLocation() + "/"
            + scripts.get(v - 1)).readAllBytes(), StandardCharsets.UTF_8);
        for (String sql : m.statements(text)) {
          st.execute(sql);
        }
        st.execute("INSERT INTO " + t.schemaVersion + " VALUES (" + Migrator.version(scripts.get(v - 1)) + ", '"
            + scripts.get(v - 1) + "', 'flyway')");
      }
      st.execute("INSERT INTO " + t.subject + " (tenant, e164, subject_ref, last_seq, last_hash) VALUES ('" + tenant
          + "', '" + NY.e164() + "', '" + nyRef + "', 0, '" + EventChain.GENESIS + "')");
      st.execute("INSERT INTO " + t.subject + " (tenant, e164, subject_ref, last_seq, last_hash) VALUES ('" + tenant
          + "', NULL, '" + refs.of(tenant, MIAMI) + "', 0, '" + EventChain.GENESIS + "')");
      long ny = Long.parseLong(single("SELECT id FROM " + t.subject + " WHERE subject_ref = ?", nyRef));
      long miami = Long.parseLong(single("SELECT id FROM " + t.subject + " WHERE subject_ref <> ? AND tenant = ?",
          nyRef, tenant));
      String prev = EventChain.GENESIS;
      long seq = 0;
      for (EventKind kind : List.of(EventKind.REQUESTED, EventKind.GRANTED)) {
        seq++;
        ConsentEvent e = EventChain.seal(new NewEvent("v2-" + seq, tenant, NY, MARKETING, kind,
            ConsentMethod.SMS_DOUBLE_OPT_IN, Channel.SMS, new TreeMap<>(Map.of("confirmedBy", "reply from " + NY_DIGITS)),
            "v1", NOW.plusSeconds(seq), NOW.plusSeconds(seq), null, false), nyRef, seq, prev);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t.event + " (subject_id, seq, tenant, event_id,"
            + " purpose_id, kind, method, channel, evidence, notice_version, occurred_at, recorded_at, idempotency_key,"
            + " imported, prev_hash, hash, evidence_digest, hash_version, redacted)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, FALSE, ?, ?, ?, 2, FALSE)")) {
          int i = 1;
          ps.setLong(i++, ny);
          ps.setLong(i++, seq);
          ps.setString(i++, tenant);
          ps.setString(i++, e.eventId());
          ps.setString(i++, MARKETING);
          ps.setString(i++, kind.name());
          ps.setString(i++, e.method().name());
          ps.setString(i++, e.channel().name());
          ps.setString(i++, new Json().write(e.evidence()));
          ps.setString(i++, "v1");
          d.setInstant(ps, i++, e.occurredAt());
          d.setInstant(ps, i++, e.recordedAt());
          ps.setString(i++, e.prevHash());
          ps.setString(i++, e.hash());
          ps.setString(i, e.evidenceDigest());
          ps.executeUpdate();
        }
        prev = e.hash();
      }
      st.execute("UPDATE " + t.subject + " SET last_seq = 2, last_hash = '" + prev + "' WHERE id = " + ny);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t.status + " (subject_id, purpose_id, state, since,"
          + " granted_at, notice_version, seq) VALUES (?, ?, 'GRANTED', ?, ?, 'v1', 2)")) {
        ps.setLong(1, ny);
        ps.setString(2, MARKETING);
        d.setInstant(ps, 3, NOW);
        d.setInstant(ps, 4, NOW);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t.suppression
          + " (subject_id, scope, reason, created_at, evidence) VALUES (?, ?, ?, ?, ?)")) {
        ps.setLong(1, ny);
        ps.setString(2, "service:" + MARKETING);
        ps.setString(3, SuppressionReason.STOP_ALL.name());
        d.setInstant(ps, 4, NOW);
        ps.setString(5, "{\"keyword\":\"STOP from " + NY_DIGITS + "\"}");
        ps.executeUpdate();
        ps.setLong(1, miami);
        ps.setString(2, Suppression.ALL);
        ps.setString(3, SuppressionReason.ERASURE.name());
        ps.setString(5, "{}");
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t.pending + " (tenant, request_id, subject_id,"
          + " purpose_ids, notice_versions, lang, program_id, sender, code_hash, created_at, expires_at, attempts, state,"
          + " row_version, origin, evidence) VALUES (?, 'r-v2', ?, ?, ?, 'en', 'deals', ?, 'hash', ?, ?, 0, 'PENDING', 0,"
          + " 'WEB_FORM', ?)")) {
        ps.setString(1, tenant);
        ps.setLong(2, ny);
        ps.setString(3, "[\"" + MARKETING + "\"]");
        ps.setString(4, "{\"" + MARKETING + "\":\"v1\"}");
        ps.setString(5, SENDER);
        d.setInstant(ps, 6, NOW);
        d.setInstant(ps, 7, NOW.plusSeconds(600));
        ps.setString(8, "{\"ip\":\"203.0.113.9\"}");
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t.message + " (tenant, message_id, subject_id,"
          + " purpose_id, program_id, sender, carrier, carrier_message_id, sent_at, state, error_code, body)"
          + " VALUES (?, 'm-v2', ?, ?, 'deals', ?, 'recording', 'SM-v2', ?, 'SENT', NULL, ?)")) {
        ps.setString(1, tenant);
        ps.setLong(2, ny);
        ps.setString(3, MARKETING);
        ps.setString(4, SENDER);
        d.setInstant(ps, 5, NOW);
        ps.setString(6, BODY);
        ps.executeUpdate();
      }
    }
    assertThat(rawScan(prefix)).as("the 0.2 database holds clear values").anyMatch(v -> v.contains(NY_DIGITS))
        .anyMatch(v -> v.contains(BODY));
    return prefix;
  }
}
