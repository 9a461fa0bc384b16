package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.consent.ChainReport;
import dev.consent.PhoneNumber;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.PrivacyContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs the {@link PrivacyContract} on one database and tampers with the ledger's rows in SQL: every
 * edit, deletion, insertion and reordering must show up in {@code registry.verify()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcPrivacyTestBase extends PrivacyContract {
  protected TestDatabases.TestDb db;
  protected HikariDataSource pool;
  protected JdbcConsentStore store;
  private MigratedStore migrated;

  protected abstract TestDatabases.TestDb open();

  @BeforeAll
  void start() {
    migrated = new MigratedStore(open());
    db = migrated.db;
    pool = migrated.pool;
    store = migrated.store;
  }

  @AfterAll
  void stop() throws Exception {
    if (migrated != null) {
      migrated.close();
    }
  }

  @Override
  protected ConsentStore store() {
    return store;
  }

  /**
   * Reads every column of every row of this test's tenant, in every table of the store, as text, and
   * every encrypted value decrypted.
   */
  @Override
  protected void assertHeldNowhere(String value) {
    migrated.assertHeldNowhere(kit.tenant(), value);
  }

  /** Reads every column of every row of this test's tenant, in every table of the store, as stored. */
  protected void assertHeldNowhereInClear(String value) {
    migrated.assertHeldNowhereInClear(kit.tenant(), value);
  }

  @Nested
  @DisplayName("rows edited in SQL")
  class Tamper {
    long last;

    /** NY's chain: request, grant, withdrawals (marketing, orders), request, grant: 6 events. */
    long chain() throws SQLException {
      optInByWeb(NY);
      reply(NY, "STOP");
      optInByWeb(NY);
      assertThat(kit.registry().verify(NY).isIntact()).isTrue();
      last = kit.registry().history(NY).size();
      assertThat(last).isEqualTo(6);
      try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
          "SELECT id FROM " + db.table("consent_subject") + " WHERE tenant = ? AND subject_ref = ?")) {
        ps.setString(1, kit.tenant());
        ps.setString(2, store.subjectRef(kit.tenant(), NY));
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          return rs.getLong(1);
        }
      }
    }

    void sql(String statement, Object... args) throws SQLException {
      try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
          statement.replace("consent_", db.table("consent_")))) {
        for (int i = 0; i < args.length; i++) {
          ps.setObject(i + 1, args[i]);
        }
        assertThat(ps.executeUpdate()).as(statement).isPositive();
      }
    }

    List<Long> brokenAt(PhoneNumber n) {
      ChainReport one = kit.registry().verify(n);
      ChainReport all = kit.registry().verify();
      assertThat(all.breaks()).extracting(ChainReport.Break::seq)
          .containsExactlyElementsOf(one.breaks().stream().map(ChainReport.Break::seq).toList());
      return one.breaks().stream().map(ChainReport.Break::seq).toList();
    }

    @Test
    @DisplayName("an edited kind, time or notice breaks the chain at that event")
    void edited() throws SQLException {
      long s = chain();
      sql("UPDATE consent_event SET kind = 'GRANTED' WHERE subject_id = ? AND seq = 3", s);
      assertThat(brokenAt(NY)).containsExactly(3L);
      sql("UPDATE consent_event SET kind = 'WITHDRAWN' WHERE subject_id = ? AND seq = 3", s);
      assertThat(brokenAt(NY)).isEmpty();
      sql("UPDATE consent_event SET notice_version = 'v9' WHERE subject_id = ? AND seq = 2", s);
      assertThat(brokenAt(NY)).containsExactly(2L);
    }

    @Test
    @DisplayName("edited evidence no longer matches its digest")
    void evidence() throws SQLException {
      long s = chain();
      sql("UPDATE consent_event SET evidence = '{\"confirmedBy\":\"forged\"}' WHERE subject_id = ? AND seq = 2", s);
      assertThat(kit.registry().verify(NY).breaks()).singleElement()
          .satisfies(b -> assertThat(b.problem()).contains("digest"));
    }

    @Test
    @DisplayName("a deleted event in the middle breaks the chain where it was")
    void deleted() throws SQLException {
      long s = chain();
      sql("DELETE FROM consent_event WHERE subject_id = ? AND seq = 2", s);
      assertThat(brokenAt(NY)).containsExactly(3L, 3L);
    }

    @Test
    @DisplayName("a deleted last event is found against the head the subject row recorded")
    void deletedLast() throws SQLException {
      long s = chain();
      sql("DELETE FROM consent_event WHERE subject_id = ? AND seq = ?", s, last);
      assertThat(kit.registry().verify(NY).breaks()).singleElement().satisfies(b -> {
        assertThat(b.seq()).isEqualTo(last);
        assertThat(b.problem()).contains("missing");
      });
    }

    @Test
    @DisplayName("an inserted event breaks the chain where it was put")
    void inserted() throws SQLException {
      long s = chain();
      sql("INSERT INTO consent_event (subject_id, seq, tenant, event_id, purpose_id, kind, method, channel, evidence,"
          + " evidence_digest, notice_version, occurred_at, recorded_at, idempotency_key, imported, prev_hash, hash,"
          + " hash_version, redacted) SELECT subject_id, 7, tenant, 'forged', purpose_id, kind, method, channel, evidence,"
          + " evidence_digest, notice_version, occurred_at, recorded_at, NULL, imported, prev_hash, hash, hash_version,"
          + " redacted FROM consent_event WHERE subject_id = ? AND seq = 2", s);
      assertThat(brokenAt(NY)).contains(7L);
    }

    @Test
    @DisplayName("swapped events break the chain at both places")
    void reordered() throws SQLException {
      long s = chain();
      sql("UPDATE consent_event SET seq = 100 WHERE subject_id = ? AND seq = 2", s);
      sql("UPDATE consent_event SET seq = 2 WHERE subject_id = ? AND seq = 3", s);
      sql("UPDATE consent_event SET seq = 3 WHERE subject_id = ? AND seq = 100", s);
      assertThat(brokenAt(NY)).contains(2L, 3L).doesNotContain(1L, 5L, 6L);
    }

    @Test
    @DisplayName("tampering after an erasure is still found")
    void afterErasure() throws SQLException {
      long s = chain();
      kit.registry().erase(NY, "art17-request");
      assertThat(brokenAt(NY)).isEmpty();
      sql("UPDATE consent_event SET kind = 'GRANTED' WHERE subject_id = ? AND seq = 3", s);
      assertThat(brokenAt(NY)).containsExactly(3L);
    }

    @Test
    @DisplayName("redacting an event outside an erasure is found")
    void redactedWithoutErasure() throws SQLException {
      long s = chain();
      sql("UPDATE consent_event SET evidence = '{}', redacted = TRUE WHERE subject_id = ? AND seq = 4", s);
      assertThat(kit.registry().verify(NY).breaks()).singleElement()
          .satisfies(b -> assertThat(b.problem()).contains("no erasure"));
    }
  }

  @Nested
  @DisplayName("rows rewritten in SQL by a database writer, against signed checkpoints")
  class Anchored {
    private final java.security.KeyPair keys = keyPair();
    private final Tamper rows = new Tamper();

    private java.security.KeyPair keyPair() {
      try {
        return java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      } catch (java.security.GeneralSecurityException e) {
        throw new AssertionError(e);
      }
    }

    /** A second instance on this test's tenant and store, which signs checkpoints with a key the database never sees. */
    dev.consent.kit.ConsentKit anchored() {
      return dev.consent.kit.ConsentKit.builder().tenant(kit.tenant()).store(store).carrier(carrier).clock(clock)
          .purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE).checkpointKeys(keys, "kms-1").build();
    }

    dev.consent.spi.StoredChain nyChain() {
      return store.chain(kit.tenant(), store.subjectRef(kit.tenant(), NY));
    }

    /**
     * Rewrites NY's chain from {@code from} on as someone with write access can: another kind at {@code
     * from}, every later hash and link recomputed, and the head moved, so that the chain alone verifies.
     */
    void rebuild(long subject, int from, dev.consent.EventKind kind) throws SQLException {
      List<dev.consent.ConsentEvent> events = nyChain().events();
      String prev = events.get(from - 2).hash();
      for (int i = from - 1; i < events.size(); i++) {
        dev.consent.ConsentEvent e = events.get(i);
        dev.consent.ConsentEvent edited = new dev.consent.ConsentEvent(e.eventId(), e.tenant(), e.number(),
            e.subjectRef(), e.purposeId(), i == from - 1 ? kind : e.kind(), e.method(), e.channel(), e.evidence(),
            e.evidenceDigest(), e.noticeVersion(), e.occurredAt(), e.recordedAt(), e.idempotencyKey(), e.imported(),
            e.seq(), prev, "rebuilt", e.hashVersion());
        String hash = dev.consent.spi.EventChain.hashOf(edited);
        rows.sql("UPDATE consent_event SET kind = ?, prev_hash = ?, hash = ? WHERE subject_id = ? AND seq = ?",
            edited.kind().name(), prev, hash, subject, e.seq());
        prev = hash;
      }
      rows.sql("UPDATE consent_subject SET last_hash = ? WHERE id = ?", prev, subject);
    }

    @Test
    @DisplayName("a rebuilt chain passes the hash chain alone and is caught against the checkpoint")
    void rebuilt() throws SQLException {
      long s = rows.chain();
      dev.consent.kit.ConsentKit anchored = anchored();
      assertThat(anchored.checkpoints().create().checkpoint().chains()).isEqualTo(1);
      rebuild(s, 3, dev.consent.EventKind.GRANTED);
      assertThat(dev.consent.spi.EventChain.verify(nyChain()).isIntact()).as("the rebuilt chain alone").isTrue();
      assertThat(anchored.registry().verify().breaks()).singleElement().satisfies(b -> {
        assertThat(b.seq()).isEqualTo(rows.last);
        assertThat(b.problem()).contains("rebuilt");
      });
      assertThat(kit.registry().verify(NY).breaks()).as("a kit without the key still reads the anchored head")
          .singleElement().satisfies(b -> assertThat(b.problem()).contains("anchored by checkpoint 1"));
      assertThat(anchored.checkpoints().create().refused().breaks()).as("never anchored again").isNotEmpty();
    }

    @Test
    @DisplayName("a redacted event set to hash version 1 with another kind is caught: after a version 2 event by the"
        + " chain, at the start by the checkpoint")
    void downgraded() throws SQLException {
      long s = rows.chain();
      kit.registry().erase(NY, "art17-request");
      rows.sql("UPDATE consent_event SET hash_version = 1, kind = 'GRANTED' WHERE subject_id = ? AND seq = 3", s);
      assertThat(rows.brokenAt(NY)).containsExactly(3L);
      rows.sql("UPDATE consent_event SET hash_version = 2, kind = 'WITHDRAWN' WHERE subject_id = ? AND seq = 3", s);
      assertThat(rows.brokenAt(NY)).isEmpty();
      dev.consent.kit.ConsentKit anchored = anchored();
      anchored.checkpoints().create();
      rows.sql("UPDATE consent_event SET hash_version = 1, kind = 'WITHDRAWN' WHERE subject_id = ? AND seq = 1", s);
      assertThat(dev.consent.spi.EventChain.verify(nyChain()).isIntact()).as("the chain alone").isTrue();
      assertThat(anchored.registry().verify(NY).breaks()).singleElement()
          .satisfies(b -> assertThat(b.problem()).contains("downgraded"));
    }

    @Test
    @DisplayName("a deleted checkpoint breaks the numbering; a deleted newest one is caught against the witness")
    void deletedCheckpoints() throws SQLException {
      rows.chain();
      dev.consent.kit.ConsentKit anchored = anchored();
      anchored.checkpoints().create();
      optInByWeb(MIAMI);
      anchored.checkpoints().create();
      reply(MIAMI, "STOP");
      dev.consent.receipt.ChainCheckpoint witnessed = anchored.checkpoints().create().checkpoint();
      assertThat(anchored.checkpoints().verify(witnessed).isIntact()).isTrue();
      rows.sql("DELETE FROM consent_checkpoint_head WHERE tenant = ? AND checkpoint_no = 3", kit.tenant());
      rows.sql("DELETE FROM consent_checkpoint WHERE tenant = ? AND checkpoint_no = 3", kit.tenant());
      assertThat(anchored.registry().verify().isIntact()).as("without the witness, a cut-off tail is not seen").isTrue();
      assertThat(anchored.checkpoints().verify(witnessed).breaks()).singleElement()
          .satisfies(b -> assertThat(b.problem()).contains("missing from the store"));
      rows.sql("DELETE FROM consent_checkpoint_head WHERE tenant = ? AND checkpoint_no = 1", kit.tenant());
      rows.sql("DELETE FROM consent_checkpoint WHERE tenant = ? AND checkpoint_no = 1", kit.tenant());
      assertThat(anchored.registry().verify().breaks()).extracting(ChainReport.Break::problem)
          .anySatisfy(p -> assertThat(p).contains("checkpoint 2").contains("missing"))
          .anySatisfy(p -> assertThat(p).contains("checkpoint 2").contains("does not link"));
    }

    @Test
    @DisplayName("an edited anchored head or checkpoint row is caught by the signed root and the signature")
    void editedCheckpointRows() throws SQLException {
      rows.chain();
      dev.consent.kit.ConsentKit anchored = anchored();
      anchored.checkpoints().create();
      rows.sql("UPDATE consent_checkpoint_head SET seq = seq - 1 WHERE tenant = ?", kit.tenant());
      assertThat(anchored.registry().verify().breaks()).extracting(ChainReport.Break::problem)
          .anySatisfy(p -> assertThat(p).contains("no longer add up to its signed root"));
      rows.sql("UPDATE consent_checkpoint_head SET seq = seq + 1 WHERE tenant = ?", kit.tenant());
      assertThat(anchored.registry().verify().isIntact()).isTrue();
      rows.sql("UPDATE consent_checkpoint SET chains = 0 WHERE tenant = ?", kit.tenant());
      assertThat(anchored.registry().verify().breaks()).extracting(ChainReport.Break::problem)
          .anySatisfy(p -> assertThat(p).contains("differ from what was signed"));
    }
  }

  @Nested
  @DisplayName("upgrading a 0.1 database")
  class Upgrade {
    @Test
    @DisplayName("V2 keeps version 1 events verifiable, finds them by reference, chains new events after them,"
        + " and erasure keeps the chain verifiable")
    void fromV1() throws Exception {
      String prefix = "u" + java.util.UUID.randomUUID().toString().substring(0, 8) + "_";
      Tables tables = new Tables(db.schema, prefix);
      String tenant = kit.tenant();
      List<dev.consent.ConsentEvent> v1 = v1Events(tenant);
      try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
        String text = new String(getClass().getClassLoader().getResourceAsStream(db.dialect.migrationLocation()
            + "/V1__consent.sql").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        for (String sql : new Migrator(new Db(pool, db.dialect), tables).statements(text)) {
          st.execute(sql);
        }
        st.execute("CREATE TABLE " + tables.schemaVersion + " (version INTEGER NOT NULL PRIMARY KEY,"
            + " script VARCHAR(200) NOT NULL, checksum VARCHAR(64) NOT NULL)");
        st.execute("INSERT INTO " + tables.schemaVersion + " VALUES (1, 'V1__consent.sql', 'from 0.1')");
        st.execute("INSERT INTO " + tables.subject + " (tenant, e164, last_seq, last_hash) VALUES ('" + tenant + "', '"
            + NY.e164() + "', 2, '" + v1.get(1).hash() + "')");
        for (dev.consent.ConsentEvent e : v1) {
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.event + " (subject_id, seq, tenant,"
              + " event_id, purpose_id, kind, method, channel, evidence, notice_version, occurred_at, recorded_at,"
              + " idempotency_key, imported, prev_hash, hash) SELECT id, ?, tenant, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL,"
              + " FALSE, ?, ? FROM " + tables.subject + " WHERE tenant = ?")) {
            int i = 1;
            ps.setLong(i++, e.seq());
            ps.setString(i++, e.eventId());
            ps.setString(i++, e.purposeId());
            ps.setString(i++, e.kind().name());
            ps.setString(i++, e.method().name());
            ps.setString(i++, e.channel().name());
            ps.setString(i++, new Json().write(e.evidence()));
            ps.setString(i++, e.noticeVersion());
            new Db(pool, db.dialect).setInstant(ps, i++, e.occurredAt());
            new Db(pool, db.dialect).setInstant(ps, i++, e.recordedAt());
            ps.setString(i++, e.prevHash());
            ps.setString(i++, e.hash());
            ps.setString(i, tenant);
            ps.executeUpdate();
          }
        }
      }
      try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.status
          + " (subject_id, purpose_id, state, since, granted_at, notice_version, seq) SELECT id, ?, 'GRANTED', ?, ?,"
          + " 'v1', 2 FROM " + tables.subject + " WHERE tenant = ?")) {
        ps.setString(1, MARKETING);
        new Db(pool, db.dialect).setInstant(ps, 2, v1.get(1).occurredAt());
        new Db(pool, db.dialect).setInstant(ps, 3, v1.get(1).occurredAt());
        ps.setString(4, tenant);
        ps.executeUpdate();
      }
      JdbcConsentStore upgraded = db.builder(pool).tablePrefix(prefix).build();
      assertThat(upgraded.migrate()).containsExactly("V2__privacy.sql", "V3__encryption.sql", "V4__retention.sql", "V5__append_indexes.sql",
          "V6__quarantine.sql", "V7__inbound_digests.sql", "V8__review_queue.sql", "V9__data_key_uses.sql", "V10__checkpoints.sql", "V11__change_feed.sql", "V12__campaigns.sql", "V13__program_caps.sql", "V14__deferrals.sql");
      dev.consent.kit.ConsentKit k = dev.consent.kit.ConsentKit.builder().tenant(tenant).store(upgraded).carrier(carrier)
          .clock(clock).purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE).build();
      assertThat(k.registry().history(NY)).extracting(dev.consent.ConsentEvent::hashVersion).containsExactly(1, 1);
      assertThat(k.registry().verify(NY).breaks()).isEmpty();
      assertThat(k.registry().status(NY, MARKETING).state()).isEqualTo(dev.consent.ConsentState.GRANTED);
      k.inbound().handle(new dev.consent.InboundMessage("recording", "SM-up", NY, SENDER, "STOP", clock.instant(), true,
          dev.consent.CarrierAction.NONE, null));
      assertThat(k.registry().history(NY)).extracting(dev.consent.ConsentEvent::hashVersion).startsWith(1, 1, 2);
      assertThat(k.registry().verify().breaks()).isEmpty();

      k.registry().erase(NY, "art17-request");
      assertThat(k.registry().verify().breaks()).isEmpty();
      assertThat(k.registry().history(NY)).allSatisfy(e -> assertThat(e.number()).isNull());
      assertThat(k.gate().check(dev.consent.OutboundMessage.of(NY, ORDERS, "x")))
          .isInstanceOf(dev.consent.GateDecision.Denied.class);
    }

    /** A request and a grant as consent-jdbc 0.1 sealed them (hash version 1, over the number and evidence). */
    private List<dev.consent.ConsentEvent> v1Events(String tenant) {
      List<dev.consent.ConsentEvent> out = new ArrayList<>();
      String prev = dev.consent.spi.EventChain.GENESIS;
      java.time.Instant at = clock.instant().minusSeconds(3600);
      for (dev.consent.EventKind kind : List.of(dev.consent.EventKind.REQUESTED, dev.consent.EventKind.GRANTED)) {
        java.util.TreeMap<String, String> ev = new java.util.TreeMap<>(java.util.Map.of("confirmedBy", "sms reply"));
        long seq = out.size() + 1;
        dev.consent.ConsentEvent draft = new dev.consent.ConsentEvent("v1-" + seq, tenant, NY, "unknown", MARKETING,
            kind, dev.consent.ConsentMethod.SMS_DOUBLE_OPT_IN, dev.consent.Channel.SMS, ev,
            dev.consent.spi.EventChain.evidenceDigest(ev), "v1", at.plusSeconds(seq), at.plusSeconds(seq), null, false,
            seq, prev, "unknown", 1);
        String hash = dev.consent.spi.EventChain.hashOf(draft);
        out.add(new dev.consent.ConsentEvent(draft.eventId(), tenant, NY, "unknown", MARKETING, kind, draft.method(),
            draft.channel(), ev, draft.evidenceDigest(), "v1", draft.occurredAt(), draft.recordedAt(), null, false, seq,
            prev, hash, 1));
        prev = hash;
      }
      return out;
    }
  }
}
