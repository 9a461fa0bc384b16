package dev.consent.jdbc;

import dev.consent.ConsentEvent;
import dev.consent.ConsentStatus;
import dev.consent.PhoneNumber;
import dev.consent.spi.ChainHead;
import dev.consent.spi.EventChain;
import dev.consent.spi.LedgerWrite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The ledger's rows: {@link #head} reads a subject's chain head and one status, {@link #write} is the
 * compare-and-set that {@link EventChain#append} rests on. Core seals and folds; this class only
 * stores the sealed event, its status and the new head, all or nothing, if the head is still the one
 * the event was sealed on.
 *
 * <p>The compare-and-set is the event table's primary key (subject_id, seq), which already forbids a
 * fork of the chain, and the unique (tenant, idempotency_key): no row lock is held between the read
 * and the write, and no error is raised on purpose.
 *
 * <ul>
 *   <li>PostgreSQL, one autocommit statement: {@code WITH cur AS (the subject row if its head is the
 *       expected one), ev AS (INSERT the event FROM cur ON CONFLICT DO NOTHING), hd AS (UPDATE the
 *       head WHERE id = ev's subject), st AS (upsert the status FROM ev) SELECT count(ev), count(hd), whether the
 *       key was held}.
 *       Of two writes sealed on one head, the second waits for the first's insert of (subject, seq)
 *       and then inserts nothing, so neither its status nor its head is written. A number with no
 *       row yet: the event takes a new id from the subject table's identity sequence and the row is
 *       inserted FROM the event, so a taken key stores nothing of the number; another instance that
 *       created the row meanwhile makes the foreign key fail at the end of the statement, which rolls
 *       it back (a lost race, reported as {@link LedgerWrite#HEAD_MOVED}). Round trips of an append:
 *       2 (head, write), for a known and for a new number.
 *   <li>MariaDB/MySQL and H2, one READ COMMITTED transaction: {@code UPDATE subject SET head WHERE
 *       tenant, ref AND head = expected} (0 rows: moved; for a first event the row is inserted
 *       instead, a row that exists meaning another instance created it), insert the event (an
 *       idempotency key already held rolls back: {@link LedgerWrite#KEY_TAKEN}), upsert the
 *       status, commit. Round trips: head, UPDATE, INSERT, upsert, COMMIT (+ the driver's autocommit
 *       and isolation switches). On MariaDB/MySQL both inserts test their unique key in the same
 *       statement ({@code INSERT ... SELECT ... WHERE NOT EXISTS}) and insert nothing when it is held, so
 *       a duplicate webhook raises no duplicate-key error (the driver logs each as a WARN); a true race
 *       with an uncommitted row still raises one, caught as before.
 * </ul>
 *
 * <p>A write for a number whose row lost its number to erasure stores it again, encrypted.
 */
final class Ledger {
  private final Db db;
  private final Tables t;
  private final Subjects subjects;
  private final Rows rows;
  private final KnownSubjects known = new KnownSubjects(1 << 15);
  private final String headSql;
  private final String casSql;
  private final String createSql;
  /** {@link #casSql} and {@link #createSql} that also insert the write's change (the change feed). */
  private final String casFeedSql;
  private final String createFeedSql;
  private final ChangeRows changes;
  private final String headUpdateSql;
  private final String statusUpsertSql;
  /** MariaDB/MySQL and H2: the event insert ({@link Rows#eventInsert}, or its key-checking form). */
  private final String eventInsertSql;
  /** MariaDB/MySQL and H2: a new number's subject row (or its ref-checking form). */
  private final String subjectInsertSql;
  private static final String SUBJECT_COLUMNS = "(tenant, number_enc, data_key_id, subject_ref, last_seq, last_hash)";
  /**
   * Sets the number on a row that has none (erased), else keeps it: parameters key id, sealed text.
   * The key comes first: MariaDB and MySQL assign left to right, each assignment seeing the ones before.
   */
  private static final String RESTORE_NUMBER = "data_key_id = CASE WHEN number_enc IS NULL AND e164 IS NULL THEN ?"
      + " ELSE data_key_id END, number_enc = CASE WHEN number_enc IS NULL AND e164 IS NULL THEN ? ELSE number_enc END";

  Ledger(Db db, Tables t, Subjects subjects, Rows rows, ChangeRows changes) {
    this.db = db;
    this.changes = changes;
    this.t = t;
    this.subjects = subjects;
    this.rows = rows;
    this.headSql = "SELECT s.id, s.last_seq, s.last_hash, st.purpose_id, st.state, st.since, st.granted_at,"
        + " st.notice_version, st.seq FROM " + t.subject + " s LEFT JOIN " + t.status
        + " st ON st.subject_id = s.id AND st.purpose_id = ? WHERE s.tenant = ? AND s.subject_ref = ?";
    String eventColumns = "(subject_id, seq, tenant, event_id, purpose_id, kind, method, channel, evidence, notice_version,"
        + " occurred_at, recorded_at, idempotency_key, imported, prev_hash, hash, evidence_digest, hash_version, redacted,"
        + " data_key_id)";
    String eventValues = " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
    String statusUpsertFromEv = "INSERT INTO " + t.status + " (state, since, granted_at, notice_version, seq, subject_id,"
        + " purpose_id) SELECT ?, ?, ?, ?, ?, subject_id, ? FROM ev ON CONFLICT (subject_id, purpose_id) DO UPDATE SET"
        + " state = EXCLUDED.state, since = EXCLUDED.since, granted_at = EXCLUDED.granted_at,"
        + " notice_version = EXCLUDED.notice_version, seq = EXCLUDED.seq RETURNING 1";
    // whether the key was held when the statement started (one that another writer commits while this
    // statement runs shows up as a moved head, and the next attempt sees it)
    String keyHeld = "(SELECT COUNT(*) FROM " + t.event + " WHERE tenant = ? AND idempotency_key = ?)";
    // the change feed's row, in the same statement: inserted only when the event was (PostgreSQL runs
    // every data-modifying WITH clause once, whether or not the final SELECT reads it)
    String change = " ch AS (INSERT INTO " + t.change + " (" + ChangeRows.INSERT_COLUMNS + ") SELECT "
        + "?, ".repeat(ChangeRows.INSERT_PARAMETERS - 1) + "? FROM ev RETURNING 1),";
    String casHead = "WITH cur AS (SELECT id FROM " + t.subject
        + " WHERE tenant = ? AND subject_ref = ? AND last_seq = ? AND last_hash = ?),"
        + " ev AS (INSERT INTO " + t.event + " " + eventColumns + " SELECT cur.id," + eventValues
        + " FROM cur ON CONFLICT DO NOTHING RETURNING subject_id),"
        + " hd AS (UPDATE " + t.subject + " SET last_seq = ?, last_hash = ?, " + RESTORE_NUMBER
        + " WHERE id = (SELECT subject_id FROM ev) AND last_seq = ? RETURNING id),";
    String casTail = " st AS (" + statusUpsertFromEv + ")"
        + " SELECT (SELECT COUNT(*) FROM ev), (SELECT COUNT(*) FROM hd), (SELECT MIN(subject_id) FROM ev), " + keyHeld;
    this.casSql = casHead + casTail;
    this.casFeedSql = casHead + change + casTail;
    String createHead = "WITH nid AS (SELECT nextval(pg_get_serial_sequence('" + t.subject + "', 'id')) AS id),"
        + " ev AS (INSERT INTO " + t.event + " " + eventColumns + " SELECT nid.id," + eventValues
        + " FROM nid ON CONFLICT DO NOTHING RETURNING subject_id),"
        + " sub AS (INSERT INTO " + t.subject + " (id, tenant, number_enc, data_key_id, subject_ref, last_seq, last_hash)"
        + " SELECT subject_id, ?, ?, ?, ?, ?, ? FROM ev ON CONFLICT DO NOTHING RETURNING id),";
    String createTail = " st AS (" + statusUpsertFromEv + ")"
        + " SELECT (SELECT COUNT(*) FROM ev), (SELECT COUNT(*) FROM sub), (SELECT MIN(subject_id) FROM ev), " + keyHeld;
    this.createSql = createHead + createTail;
    this.createFeedSql = createHead + change + createTail;
    // MariaDB/MySQL: the inserts check their unique key in the same statement and insert nothing when
    // it is held, so a duplicate webhook or an idempotent retry raises no duplicate-key error, which the
    // MariaDB driver would log as a WARN with the key. Only a true race (the other row not yet
    // committed) still raises one, handled as before. H2 logs nothing: plain inserts.
    if (db.dialect.isMySqlFamily()) {
      String values = "?, ".repeat(Rows.EVENT_PARAMETERS - 1) + "?";
      this.eventInsertSql = rows.eventInsert.substring(0, rows.eventInsert.indexOf(" VALUES ("))
          + " SELECT " + values + " FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM " + t.event
          + " WHERE tenant = ? AND idempotency_key = ?)";
      this.subjectInsertSql = "INSERT INTO " + t.subject + " " + SUBJECT_COLUMNS + " SELECT ?, ?, ?, ?, ?, ? FROM DUAL"
          + " WHERE NOT EXISTS (SELECT 1 FROM " + t.subject + " WHERE tenant = ? AND subject_ref = ?)";
    } else {
      this.eventInsertSql = rows.eventInsert;
      this.subjectInsertSql = "INSERT INTO " + t.subject + " " + SUBJECT_COLUMNS + " VALUES (?, ?, ?, ?, ?, ?)";
    }
    this.headUpdateSql = "UPDATE " + t.subject + " SET last_seq = ?, last_hash = ?, " + RESTORE_NUMBER
        + " WHERE tenant = ? AND subject_ref = ? AND last_seq = ? AND last_hash = ?";
    String statusColumns = "(state, since, granted_at, notice_version, seq, subject_id, purpose_id)";
    this.statusUpsertSql = switch (db.dialect) {
      case H2 -> "MERGE INTO " + t.status + " " + statusColumns + " KEY (subject_id, purpose_id) VALUES (?, ?, ?, ?, ?, ?, ?)";
      case MARIADB, MYSQL -> "INSERT INTO " + t.status + " " + statusColumns + " VALUES (?, ?, ?, ?, ?, ?, ?)"
          + " ON DUPLICATE KEY UPDATE state = VALUES(state), since = VALUES(since), granted_at = VALUES(granted_at),"
          + " notice_version = VALUES(notice_version), seq = VALUES(seq)";
      case POSTGRESQL -> "";
    };
  }

  Optional<ConsentEvent> eventByKey(String tenant, String key) {
    return rows.eventByKey(tenant, key);
  }

  ChainHead head(String tenant, PhoneNumber number, String purposeId) {
    String ref = subjects.ref(tenant, number);
    return db.autocommit("append", c -> {
      try (PreparedStatement ps = c.prepareStatement(headSql)) {
        ps.setString(1, purposeId);
        ps.setString(2, tenant);
        ps.setString(3, ref);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            known.forget(tenant, ref);
            return ChainHead.empty(ref);
          }
          known.put(tenant, ref, rs.getLong(1));
          ConsentStatus status = rs.getString("state") == null ? null : rows.status(rs, tenant, number);
          return new ChainHead(ref, rs.getLong(2), rs.getString(3), status);
        }
      }
    });
  }

  LedgerWrite write(ConsentEvent e, ConsentStatus status, dev.consent.feed.@Nullable ConsentChange change) {
    String ref = e.subjectRef();
    if (!ref.equals(subjects.ref(e.tenant(), e.number()))) {
      throw new IllegalArgumentException("the event is sealed under another subject reference than its number's");
    }
    // sealed before any transaction: sealing may read the data-key table
    Fields.Sealed evidence = rows.encryptEvidence(e);
    Fields.Sealed number = subjects.fields().seal(e.tenant(), Fields.NUMBER, ref, e.number().e164());
    if (db.dialect == Dialect.POSTGRESQL) {
      boolean create = e.seq() == 1 && known.id(e.tenant(), ref) < 0;
      return db.autocommit("append", c -> create ? createPostgres(c, e, status, evidence, number, change)
          : casPostgres(c, e, status, evidence, number, change));
    }
    return db.transaction("append", c -> writeLocked(c, e, status, evidence, number, change));
  }

  private LedgerWrite casPostgres(Connection c, ConsentEvent e, ConsentStatus status, Fields.Sealed evidence,
      Fields.Sealed number, dev.consent.feed.@Nullable ConsentChange change) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(change == null ? casSql : casFeedSql)) {
      ps.setString(1, e.tenant());
      ps.setString(2, e.subjectRef());
      ps.setLong(3, e.seq() - 1);
      ps.setString(4, e.prevHash());
      int i = bindEventAfterSubject(ps, 4, e, evidence);
      ps.setLong(++i, e.seq());
      ps.setString(++i, e.hash());
      ps.setString(++i, number.keyId());
      ps.setString(++i, number.text());
      ps.setLong(++i, e.seq() - 1);
      bindTail(ps, i, e, status, change);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return outcome(e, rs.getInt(1), rs.getInt(2), rs.getLong(3), rs.getInt(4) > 0, "chain head");
      }
    }
  }

  private LedgerWrite createPostgres(Connection c, ConsentEvent e, ConsentStatus status, Fields.Sealed evidence,
      Fields.Sealed number, dev.consent.feed.@Nullable ConsentChange change) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(change == null ? createSql : createFeedSql)) {
      int i = bindEventAfterSubject(ps, 0, e, evidence);
      ps.setString(++i, e.tenant());
      ps.setString(++i, number.text());
      ps.setString(++i, number.keyId());
      ps.setString(++i, e.subjectRef());
      ps.setLong(++i, e.seq());
      ps.setString(++i, e.hash());
      bindTail(ps, i, e, status, change);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return outcome(e, rs.getInt(1), rs.getInt(2), rs.getLong(3), rs.getInt(4) > 0, "subject row");
      }
    } catch (SQLException x) {
      if ("23503".equals(x.getSQLState()) || Db.isUniqueViolation(x)) {
        // another instance created the number's row since the head was read: the statement was rolled back
        known.forget(e.tenant(), e.subjectRef());
        return LedgerWrite.HEAD_MOVED;
      }
      throw x;
    }
  }

  /** What a PostgreSQL write did, from the counts of events inserted and of head rows written. */
  private LedgerWrite outcome(ConsentEvent e, int events, int heads, long subject, boolean keyHeld, String what) {
    if (events == 1 && heads == 1) {
      known.put(e.tenant(), e.subjectRef(), subject);
      return LedgerWrite.WRITTEN;
    }
    if (events == 1) {
      throw new dev.consent.error.ConsentStoreException("consent store: an event was stored but its " + what
          + " was not moved; verify() reports the subject's chain");
    }
    return keyHeld ? LedgerWrite.KEY_TAKEN : LedgerWrite.HEAD_MOVED;
  }

  /** Binds the event's parameters after subject_id, from {@code offset + 1}; returns the last index bound. */
  private int bindEventAfterSubject(PreparedStatement ps, int offset, ConsentEvent e, Fields.Sealed evidence)
      throws SQLException {
    int i = offset;
    ps.setLong(++i, e.seq());
    ps.setString(++i, e.tenant());
    ps.setString(++i, e.eventId());
    ps.setString(++i, e.purposeId());
    ps.setString(++i, e.kind().name());
    ps.setString(++i, e.method().name());
    ps.setString(++i, e.channel().name());
    ps.setString(++i, evidence.text());
    ps.setString(++i, e.noticeVersion());
    db.setInstant(ps, ++i, e.occurredAt());
    db.setInstant(ps, ++i, e.recordedAt());
    ps.setString(++i, e.idempotencyKey());
    ps.setBoolean(++i, e.imported());
    ps.setString(++i, e.prevHash());
    ps.setString(++i, e.hash());
    ps.setString(++i, e.evidenceDigest());
    ps.setInt(++i, e.hashVersion());
    ps.setBoolean(++i, e.isRedacted());
    ps.setString(++i, evidence.keyId());
    return i;
  }

  /** Binds what follows the head in a PostgreSQL write, from {@code offset + 1}: the change (if any), the status, the key check. */
  private void bindTail(PreparedStatement ps, int offset, ConsentEvent e, ConsentStatus status,
      dev.consent.feed.@Nullable ConsentChange change) throws SQLException {
    int i = change == null ? offset : changes.insertValues(ps, offset, change);
    bindStatusFromEv(ps, i, status);
    ps.setString(i + 7, e.tenant());
    ps.setString(i + 8, e.idempotencyKey());
  }

  private void bindStatusFromEv(PreparedStatement ps, int offset, ConsentStatus s) throws SQLException {
    ps.setString(offset + 1, s.state().name());
    db.setInstant(ps, offset + 2, s.since());
    db.setInstant(ps, offset + 3, s.grantedAt());
    ps.setString(offset + 4, s.noticeVersion());
    ps.setLong(offset + 5, s.seq());
    ps.setString(offset + 6, s.purposeId());
  }

  /** MariaDB, MySQL and H2: the compare-and-set as a short transaction. */
  private LedgerWrite writeLocked(Connection c, ConsentEvent e, ConsentStatus status, Fields.Sealed evidence,
      Fields.Sealed number, dev.consent.feed.@Nullable ConsentChange change) throws SQLException {
    long subject;
    try (PreparedStatement ps = c.prepareStatement(headUpdateSql)) {
      ps.setLong(1, e.seq());
      ps.setString(2, e.hash());
      ps.setString(3, number.keyId());
      ps.setString(4, number.text());
      ps.setString(5, e.tenant());
      ps.setString(6, e.subjectRef());
      ps.setLong(7, e.seq() - 1);
      ps.setString(8, e.prevHash());
      subject = ps.executeUpdate() == 1 ? subjectId(c, e) : -1;
    }
    if (subject < 0) {
      if (e.seq() != 1) {
        return LedgerWrite.HEAD_MOVED;
      }
      try {
        subject = insertSubject(c, e, number);
      } catch (SQLException x) {
        if (!Db.isUniqueViolation(x)) {
          throw x;
        }
        subject = -1;
      }
      if (subject < 0) {
        // another instance created the number's row since the head was read
        c.rollback();
        known.forget(e.tenant(), e.subjectRef());
        return LedgerWrite.HEAD_MOVED;
      }
    }
    try (PreparedStatement ps = c.prepareStatement(eventInsertSql)) {
      rows.bindEvent(ps, subject, e, evidence);
      if (db.dialect.isMySqlFamily()) {
        ps.setString(Rows.EVENT_PARAMETERS + 1, e.tenant());
        ps.setString(Rows.EVENT_PARAMETERS + 2, e.idempotencyKey());
      }
      if (ps.executeUpdate() == 0) {
        // the key-checking insert found the idempotency key held (a null key never matches)
        c.rollback();
        return LedgerWrite.KEY_TAKEN;
      }
    } catch (SQLException x) {
      if (!Db.isUniqueViolation(x)) {
        throw x;
      }
      c.rollback();
      boolean keyHeld = e.idempotencyKey() != null && rows.eventByKey(c, e.tenant(), e.idempotencyKey()).isPresent();
      return keyHeld ? LedgerWrite.KEY_TAKEN : LedgerWrite.HEAD_MOVED;
    }
    try (PreparedStatement ps = c.prepareStatement(statusUpsertSql)) {
      rows.bindStatus(ps, 0, subject, status);
      ps.executeUpdate();
    }
    if (change != null) {
      changes.insert(c, change);
    }
    known.put(e.tenant(), e.subjectRef(), subject);
    return LedgerWrite.WRITTEN;
  }

  private long subjectId(Connection c, ConsentEvent e) throws SQLException {
    long id = known.id(e.tenant(), e.subjectRef());
    return id >= 0 ? id : subjects.find(c, e.tenant(), e.subjectRef())
        .orElseThrow(() -> new SQLException("subject row missing after its head was moved", "02000"));
  }

  /** Inserts a new number's row: its id, or -1 when the row exists already (MariaDB/MySQL's checking insert). */
  private long insertSubject(Connection c, ConsentEvent e, Fields.Sealed number) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(subjectInsertSql, Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, e.tenant());
      ps.setString(2, number.text());
      ps.setString(3, number.keyId());
      ps.setString(4, e.subjectRef());
      ps.setLong(5, e.seq());
      ps.setString(6, e.hash());
      if (db.dialect.isMySqlFamily()) {
        ps.setString(7, e.tenant());
        ps.setString(8, e.subjectRef());
      }
      if (ps.executeUpdate() == 0) {
        return -1;
      }
      try (ResultSet keys = ps.getGeneratedKeys()) {
        if (keys.next()) {
          return keys.getLong(1);
        }
      }
    }
    return subjects.find(c, e.tenant(), e.subjectRef())
        .orElseThrow(() -> new SQLException("subject row missing after insert", "02000"));
  }
}
