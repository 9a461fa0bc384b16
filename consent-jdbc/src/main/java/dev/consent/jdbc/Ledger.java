package dev.consent.jdbc;

import dev.consent.ConsentEvent;
import dev.consent.ConsentStatus;
import dev.consent.ConsentStoreException;
import dev.consent.spi.AppendResult;
import dev.consent.spi.EventChain;
import dev.consent.spi.NewEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Appends: the subject row is locked ({@code SELECT ... FOR UPDATE}), so appends for one number are
 * serialised across every instance; the event, the status and the chain head are written in the
 * same transaction. The unique (tenant, idempotency_key) constraint decides duplicates, also between
 * numbers and instances: an append whose key is taken rolls back and returns the stored event.
 *
 * <p>Round trips for a known number. PostgreSQL: 2 (lock and chain head, and the previous status as
 * one multi-statement call; event, status upsert, head update and COMMIT as another). The first call
 * locks the row by its id when this store appended to the number before ({@link KnownSubjects}),
 * else it creates the row if missing (with the number sealed, which only a new row stores) and locks
 * it by reference. MariaDB/MySQL: 5 (lock, head and previous status in one locking join; event; status;
 * head; commit), plus the driver's isolation and autocommit switches. H2: 6. A new number costs the
 * same on PostgreSQL (the first call creates its row) and a few more calls on the others.
 */
final class Ledger {
  /** The key is taken: the transaction is rolled back and the stored event returned. */
  private static final class DuplicateKey extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DuplicateKey() {
      super("duplicate idempotency key", null, false, false);
    }
  }

  /** The locked subject row and the number's status for the event's purpose before the append. */
  private record Head(long subject, long lastSeq, String lastHash, boolean hasNumber, Optional<ConsentStatus> before) {}

  private static final String DIVISION_BY_ZERO = "22012";
  private final Db db;
  private final Tables t;
  private final Subjects subjects;
  private final Rows rows;
  private final String lockSql;
  /** PostgreSQL: lock by id (checked against tenant and reference) and read the status, for a known subject. */
  private final String lockKnownSql;
  private final KnownSubjects known = new KnownSubjects(1 << 15);
  private final String writeSql;

  Ledger(Db db, Tables t, Subjects subjects, Rows rows) {
    this.db = db;
    this.t = t;
    this.subjects = subjects;
    this.rows = rows;
    // the fourth column says whether the row holds the number (encrypted; clear only before V3 ran)
    String head = "SELECT s.id, s.last_seq, s.last_hash, COALESCE(s.number_enc, s.e164) AS number_held";
    String byRef = " WHERE s.tenant = ? AND s.subject_ref = ?";
    // by the subject's id, so that even a generic plan made while the tables were small probes the
    // status primary key with both columns (a join filtered on the reference scanned it by purpose)
    String status = rows.statusSelect + " WHERE st.subject_id = (SELECT id FROM " + t.subject
        + " WHERE tenant = ? AND subject_ref = ?) AND st.purpose_id = ?";
    this.lockKnownSql = head + " FROM " + t.subject + " s WHERE s.id = ? AND s.tenant = ? AND s.subject_ref = ?"
        + " FOR UPDATE;\n" + rows.statusSelect + " WHERE st.subject_id = ? AND st.purpose_id = ?";
    this.lockSql = switch (db.dialect) {
      // the row: created (and so held by this transaction) when missing, else locked; then the status,
      // read under the lock with a fresh snapshot. When another instance created the row since this
      // statement's snapshot, neither branch returns it and the statement is run again.
      case POSTGRESQL -> "WITH created AS (INSERT INTO " + t.subject
          + " (tenant, number_enc, data_key_id, subject_ref, last_seq, last_hash)"
          + " SELECT ?, ?, ?, ?, 0, ? WHERE NOT EXISTS (SELECT 1 FROM " + t.subject + " WHERE tenant = ? AND subject_ref = ?)"
          + " ON CONFLICT DO NOTHING RETURNING id, last_seq, last_hash, number_enc AS number_held),"
          + " locked AS (" + head + " FROM " + t.subject + " s" + byRef + " FOR UPDATE)"
          + " SELECT id, last_seq, last_hash, number_held FROM locked"
          + " UNION ALL SELECT id, last_seq, last_hash, number_held FROM created;\n"
          + status;
      // a locking read returns the latest committed version of every row it reads, the status too
      case MARIADB, MYSQL -> head + ", st.purpose_id, st.state, st.since, st.granted_at, st.notice_version, st.seq"
          + " FROM " + t.subject + " s LEFT JOIN " + t.status + " st ON st.subject_id = s.id AND st.purpose_id = ?"
          + byRef + " FOR UPDATE";
      case H2 -> head + " FROM " + t.subject + " s" + byRef + " FOR UPDATE";
    };
    // The three writes and the commit in one call. When the key is taken (the event insert did
    // nothing) or the head moved, the division by zero fails the statement, which aborts the
    // transaction before COMMIT runs: nothing of it stays. No value reaches the server log.
    this.writeSql = db.dialect != Dialect.POSTGRESQL ? "" : "WITH ev AS (" + rows.eventInsert
        + " ON CONFLICT (tenant, idempotency_key) DO NOTHING RETURNING seq),"
        + " st AS (INSERT INTO " + t.status + " (state, since, granted_at, notice_version, seq, subject_id, purpose_id)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (subject_id, purpose_id) DO UPDATE SET state = EXCLUDED.state,"
        + " since = EXCLUDED.since, granted_at = EXCLUDED.granted_at, notice_version = EXCLUDED.notice_version,"
        + " seq = EXCLUDED.seq RETURNING seq),"
        + " hd AS (UPDATE " + t.subject + " SET last_seq = ?, last_hash = ? WHERE id = ? AND last_seq = ? RETURNING id)"
        + " SELECT 1 / (SELECT COUNT(*) FROM ev), 1 / (SELECT COUNT(*) FROM st), 1 / (SELECT COUNT(*) FROM hd);\n"
        + "COMMIT";
  }

  Optional<ConsentEvent> eventByKey(String tenant, String key) {
    return rows.eventByKey(tenant, key);
  }

  AppendResult append(NewEvent e) {
    String ref = subjects.ref(e.tenant(), e.number());
    // sealed before the transaction: sealing may read the data-key table
    Fields.Sealed evidence = rows.encryptEvidence(e, ref);
    try {
      if (db.dialect == Dialect.POSTGRESQL) {
        long id = known.id(e.tenant(), ref);
        // a subject row that may be new stores the number: sealed here, outside the transaction
        Fields.Sealed number = id < 0 ? subjects.fields().seal(e.tenant(), Fields.NUMBER, ref, e.number().e164()) : null;
        return db.transaction("append", c -> appendPostgres(c, ref, e, id, number, evidence));
      }
      AppendResult done = db.transaction("append", c -> appendLocked(c, ref, e, evidence));
      if (done == null) {
        // a new number: without a row nothing was locked or written; create it on its own (losing an
        // insert race to another instance is then an ordinary outcome) and append again
        if (e.idempotencyKey() != null) {
          Optional<ConsentEvent> seen = rows.eventByKey(e.tenant(), e.idempotencyKey());
          if (seen.isPresent()) {
            return new AppendResult.Duplicate(seen.get());
          }
        }
        db.autocommit("append", c -> subjects.ensure(c, e.tenant(), e.number(), ref));
        done = db.transaction("append", c -> appendLocked(c, ref, e, evidence));
        if (done == null) {
          throw new ConsentStoreException("consent store: append failed (the subject row is missing after it was created)");
        }
      }
      return done;
    } catch (DuplicateKey d) {
      return duplicate(e, null);
    } catch (ConsentStoreException ex) {
      if (e.idempotencyKey() != null && ex.getCause() instanceof SQLException sql && Db.isUniqueViolation(sql)) {
        return duplicate(e, ex);
      }
      throw ex;
    }
  }

  private AppendResult duplicate(NewEvent e, @Nullable ConsentStoreException failure) {
    String key = e.idempotencyKey();
    Optional<ConsentEvent> seen = key == null ? Optional.empty() : rows.eventByKey(e.tenant(), key);
    if (seen.isPresent()) {
      return new AppendResult.Duplicate(seen.get());
    }
    throw failure != null ? failure
        : new ConsentStoreException("consent store: append failed (SQLState 40001); it was rolled back: retry with the same"
            + " idempotency key");
  }

  /**
   * PostgreSQL: the head and the status in one call, the three writes in another, then the commit.
   * {@code knownId} is the subject's row id from an earlier append (-1 if none): the row is locked by
   * it; when it does not match (the hint is stale) the row is created or locked by reference, with
   * {@code number} sealed if it was not sealed already.
   */
  private AppendResult appendPostgres(Connection c, String ref, NewEvent e, long knownId, Fields.@Nullable Sealed sealedNumber,
      Fields.Sealed evidence) throws SQLException {
    Head head = null;
    if (knownId >= 0) {
      try (PreparedStatement ps = c.prepareStatement(lockKnownSql)) {
        ps.setLong(1, knownId);
        ps.setString(2, e.tenant());
        ps.setString(3, ref);
        ps.setLong(4, knownId);
        ps.setString(5, e.purposeId());
        head = readHeadAndStatus(ps, e);
      }
      if (head == null) {
        known.forget(e.tenant(), ref);
      }
    }
    if (head == null) {
      Fields.Sealed number = sealedNumber != null ? sealedNumber
          : subjects.fields().seal(c, e.tenant(), Fields.NUMBER, ref, e.number().e164());
      head = createOrLock(c, ref, e, number);
    }
    if (!head.hasNumber()) {
      subjects.restoreNumber(c, head.subject(), e.tenant(), ref, e.number());
    }
    ConsentEvent sealed = EventChain.seal(e, ref, head.lastSeq() + 1, head.lastHash());
    ConsentStatus after = fold(head, e, sealed);
    try (PreparedStatement ps = c.prepareStatement(writeSql)) {
      rows.bindEvent(ps, head.subject(), sealed, evidence);
      int i = Rows.EVENT_PARAMETERS;
      rows.bindStatus(ps, i, head.subject(), after);
      i += 7;
      ps.setLong(i + 1, sealed.seq());
      ps.setString(i + 2, sealed.hash());
      ps.setLong(i + 3, head.subject());
      ps.setLong(i + 4, head.lastSeq());
      ps.execute();
      // committed: the row exists (a row created by a rolled-back append would not)
      known.put(e.tenant(), ref, head.subject());
    } catch (SQLException x) {
      if (!DIVISION_BY_ZERO.equals(x.getSQLState())) {
        throw x;
      }
      if (e.idempotencyKey() == null) {
        throw new SQLException("chain head moved under the row lock", "40001");
      }
      // the key is taken, or (never under the row lock) the head moved: append() tells them apart
      throw new DuplicateKey();
    }
    return new AppendResult.Appended(sealed, after);
  }

  /** PostgreSQL: creates the subject row if it is missing, locks it and reads its head and the status. */
  private Head createOrLock(Connection c, String ref, NewEvent e, Fields.Sealed number) throws SQLException {
    Head head;
    try (PreparedStatement ps = c.prepareStatement(lockSql)) {
      ps.setString(1, e.tenant());
      ps.setString(2, number.text());
      ps.setString(3, number.keyId());
      ps.setString(4, ref);
      ps.setString(5, EventChain.GENESIS);
      ps.setString(6, e.tenant());
      ps.setString(7, ref);
      ps.setString(8, e.tenant());
      ps.setString(9, ref);
      ps.setString(10, e.tenant());
      ps.setString(11, ref);
      ps.setString(12, e.purposeId());
      head = readHeadAndStatus(ps, e);
      if (head == null) {
        // another instance created the row since this statement's snapshot: now it is visible
        head = readHeadAndStatus(ps, e);
      }
    }
    if (head == null) {
      throw new SQLException("subject row missing after insert", "02000");
    }
    return head;
  }

  private @Nullable Head readHeadAndStatus(PreparedStatement ps, NewEvent e) throws SQLException {
    if (!ps.execute()) {
      throw new SQLException("no result from the subject lock", "02000");
    }
    long id;
    long lastSeq;
    String lastHash;
    boolean hasNumber;
    try (ResultSet rs = ps.getResultSet()) {
      if (!rs.next()) {
        return null;
      }
      id = rs.getLong(1);
      lastSeq = rs.getLong(2);
      lastHash = rs.getString(3);
      hasNumber = rs.getString(4) != null;
    }
    if (!ps.getMoreResults()) {
      throw new SQLException("no status result after the subject lock", "02000");
    }
    try (ResultSet rs = ps.getResultSet()) {
      Optional<ConsentStatus> before = rs.next() ? Optional.of(rows.status(rs, e.tenant(), e.number())) : Optional.empty();
      return new Head(id, lastSeq, lastHash, hasNumber, before);
    }
  }

  /** MariaDB, MySQL and H2; null when the number has no subject row yet (nothing was written). */
  private @Nullable AppendResult appendLocked(Connection c, String ref, NewEvent e, Fields.Sealed evidence)
      throws SQLException {
    Head head;
    try (PreparedStatement ps = c.prepareStatement(lockSql)) {
      int i = 1;
      if (db.dialect.isMySqlFamily()) {
        ps.setString(i++, e.purposeId());
      }
      ps.setString(i++, e.tenant());
      ps.setString(i, ref);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        Optional<ConsentStatus> before = db.dialect.isMySqlFamily() && rs.getString("state") != null
            ? Optional.of(rows.status(rs, e.tenant(), e.number())) : Optional.empty();
        head = new Head(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4) != null, before);
      }
    }
    if (!db.dialect.isMySqlFamily()) {
      head = new Head(head.subject(), head.lastSeq(), head.lastHash(), head.hasNumber(),
          rows.status(c, head.subject(), e.tenant(), e.number(), e.purposeId()));
    }
    if (!head.hasNumber()) {
      subjects.restoreNumber(c, head.subject(), e.tenant(), ref, e.number());
    }
    ConsentEvent sealed = EventChain.seal(e, ref, head.lastSeq() + 1, head.lastHash());
    ConsentStatus after = fold(head, e, sealed);
    try {
      rows.insertEvent(c, head.subject(), sealed, evidence);
    } catch (SQLException x) {
      if (e.idempotencyKey() != null && Db.isUniqueViolation(x)) {
        throw new DuplicateKey();
      }
      throw x;
    }
    rows.writeStatus(c, head.subject(), after, head.before().isPresent());
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE " + t.subject + " SET last_seq = ?, last_hash = ? WHERE id = ? AND last_seq = ?")) {
      ps.setLong(1, sealed.seq());
      ps.setString(2, sealed.hash());
      ps.setLong(3, head.subject());
      ps.setLong(4, head.lastSeq());
      if (ps.executeUpdate() != 1) {
        throw new SQLException("chain head moved under the row lock", "40001");
      }
    }
    return new AppendResult.Appended(sealed, after);
  }

  private static ConsentStatus fold(Head head, NewEvent e, ConsentEvent sealed) {
    return EventChain.fold(head.before().orElse(ConsentStatus.none(e.tenant(), e.number(), e.purposeId())), sealed);
  }
}
