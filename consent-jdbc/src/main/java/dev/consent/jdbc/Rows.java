package dev.consent.jdbc;

import dev.consent.Channel;
import dev.consent.ConsentEvent;
import dev.consent.ConsentMethod;
import dev.consent.ConsentState;
import dev.consent.ConsentStatus;
import dev.consent.EventKind;
import dev.consent.PhoneNumber;
import dev.consent.spi.EventChain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;

/** Reading and writing ledger rows: events and statuses. */
final class Rows {
  private final Db db;
  private final Tables t;
  private final Json json;
  private final Subjects subjects;
  /** How many parameters {@link #bindEvent} binds. */
  static final int EVENT_PARAMETERS = 20;
  final String eventSelect;
  final String statusSelect;
  /** {@code INSERT INTO event (...) VALUES (...)} with the parameters of {@link #bindEvent}. */
  final String eventInsert;

  Rows(Db db, Tables t, Json json, Subjects subjects) {
    this.db = db;
    this.t = t;
    this.json = json;
    this.subjects = subjects;
    eventSelect = "SELECT " + Subjects.NUMBER_COLUMNS + ", e.data_key_id AS evidence_key, e.seq, e.tenant, e.event_id, e.purpose_id, e.kind, e.method,"
        + " e.channel, e.evidence, e.evidence_digest, e.notice_version, e.occurred_at, e.recorded_at,"
        + " e.idempotency_key, e.imported, e.prev_hash, e.hash, e.hash_version, e.redacted"
        + " FROM " + t.event + " e JOIN " + t.subject + " s ON s.id = e.subject_id";
    eventInsert = "INSERT INTO " + t.event + " (subject_id, seq, tenant, event_id,"
        + " purpose_id, kind, method, channel, evidence, notice_version, occurred_at, recorded_at, idempotency_key,"
        + " imported, prev_hash, hash, evidence_digest, hash_version, redacted, data_key_id)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    statusSelect = "SELECT s.subject_ref, st.purpose_id, st.state, st.since, st.granted_at, st.notice_version, st.seq"
        + " FROM " + t.status + " st JOIN " + t.subject + " s ON s.id = st.subject_id";
  }

  Optional<ConsentEvent> eventByKey(String tenant, String key) {
    return db.autocommit("event by idempotency key", c -> eventByKey(c, tenant, key));
  }

  Optional<ConsentEvent> eventByKey(Connection c, String tenant, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(eventSelect + " WHERE e.tenant = ? AND e.idempotency_key = ?")) {
      ps.setString(1, tenant);
      ps.setString(2, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(event(rs, null)) : Optional.empty();
      }
    }
  }

  /**
   * An event row. A redacted row has no number; rows written before schema version 2 have no stored
   * digest (their hash covers the evidence itself), so it is computed.
   */
  ConsentEvent event(ResultSet rs, @Nullable PhoneNumber known) throws SQLException {
    return event(rs, known, false);
  }

  /**
   * An event row for chain verification: evidence or a number that does not decrypt (altered,
   * moved) is read as absent, so that verification reports the event as broken instead of failing.
   */
  ConsentEvent eventToVerify(ResultSet rs) throws SQLException {
    return event(rs, null, true);
  }

  private ConsentEvent event(ResultSet rs, @Nullable PhoneNumber known, boolean lenient) throws SQLException {
    String tenant = rs.getString("tenant");
    PhoneNumber number = null;
    SortedMap<String, String> evidence;
    try {
      number = rs.getBoolean("redacted") ? null : known != null ? known : subjects.number(rs, tenant);
      evidence = json.map(openEvidence(rs, tenant));
    } catch (dev.consent.error.ConsentStoreException | SQLException e) {
      if (!lenient) {
        throw e;
      }
      evidence = new java.util.TreeMap<>(); // its digest no longer matches: verification reports the event
    }
    String digest = rs.getString("evidence_digest");
    return new ConsentEvent(rs.getString("event_id"), tenant, number, rs.getString("subject_ref"),
        rs.getString("purpose_id"), EventKind.valueOf(rs.getString("kind")),
        ConsentMethod.valueOf(rs.getString("method")), Channel.valueOf(rs.getString("channel")), evidence,
        digest != null ? digest : EventChain.evidenceDigest(evidence), rs.getString("notice_version"),
        db.requiredInstant(rs, "occurred_at"), db.requiredInstant(rs, "recorded_at"), rs.getString("idempotency_key"),
        rs.getBoolean("imported"), rs.getLong("seq"), rs.getString("prev_hash"), rs.getString("hash"),
        rs.getInt("hash_version"));
  }

  ConsentStatus status(ResultSet rs, String tenant, PhoneNumber number) throws SQLException {
    return new ConsentStatus(tenant, number, rs.getString("purpose_id"), ConsentState.valueOf(rs.getString("state")),
        db.requiredInstant(rs, "since"), db.instant(rs, "granted_at"), rs.getString("notice_version"), rs.getLong("seq"));
  }

  Optional<ConsentStatus> status(Connection c, long subject, String tenant, PhoneNumber number, String purposeId)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(statusSelect + " WHERE st.subject_id = ? AND st.purpose_id = ?")) {
      ps.setLong(1, subject);
      ps.setString(2, purposeId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(status(rs, tenant, number)) : Optional.empty();
      }
    }
  }

  /**
   * The evidence of a sealed event as stored: encrypted under the tenant's current data key, bound
   * to the subject and the event id. Called before the write's transaction (it may read the key table).
   */
  Fields.Sealed encryptEvidence(ConsentEvent e) {
    return subjects.fields().seal(e.tenant(), Fields.EVENT_EVIDENCE, Fields.eventRow(e.subjectRef(), e.eventId()),
        json.write(e.evidence()));
  }

  private String openEvidence(ResultSet rs, String tenant) throws SQLException {
    return subjects.fields().open(rs, tenant, Fields.EVENT_EVIDENCE,
        Fields.eventRow(rs.getString("subject_ref"), rs.getString("event_id")), rs.getString("evidence_key"),
        rs.getString("evidence"));
  }

  /** Binds the {@link #eventInsert} parameters 1 to {@value #EVENT_PARAMETERS}, the evidence as {@link #encryptEvidence} sealed it. */
  void bindEvent(PreparedStatement ps, long subject, ConsentEvent e, Fields.Sealed sealed) throws SQLException {
    ps.setLong(1, subject);
    ps.setLong(2, e.seq());
    ps.setString(3, e.tenant());
    ps.setString(4, e.eventId());
    ps.setString(5, e.purposeId());
    ps.setString(6, e.kind().name());
    ps.setString(7, e.method().name());
    ps.setString(8, e.channel().name());
    ps.setString(9, sealed.text());
    ps.setString(10, e.noticeVersion());
    db.setInstant(ps, 11, e.occurredAt());
    db.setInstant(ps, 12, e.recordedAt());
    ps.setString(13, e.idempotencyKey());
    ps.setBoolean(14, e.imported());
    ps.setString(15, e.prevHash());
    ps.setString(16, e.hash());
    ps.setString(17, e.evidenceDigest());
    ps.setInt(18, e.hashVersion());
    ps.setBoolean(19, e.isRedacted());
    ps.setString(20, sealed.keyId());
  }

  void writeStatus(Connection c, long subject, ConsentStatus s, boolean exists) throws SQLException {
    String sql = exists
        ? "UPDATE " + t.status + " SET state = ?, since = ?, granted_at = ?, notice_version = ?, seq = ?"
            + " WHERE subject_id = ? AND purpose_id = ?"
        : "INSERT INTO " + t.status + " (state, since, granted_at, notice_version, seq, subject_id, purpose_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bindStatus(ps, 0, subject, s);
      ps.executeUpdate();
    }
  }

  /**
   * Binds a status as parameters {@code offset + 1} to {@code offset + 7}: state, since, granted_at,
   * notice_version, seq, subject_id, purpose_id (the column order of {@link #writeStatus}).
   */
  void bindStatus(PreparedStatement ps, int offset, long subject, ConsentStatus s) throws SQLException {
    ps.setString(offset + 1, s.state().name());
    db.setInstant(ps, offset + 2, s.since());
    db.setInstant(ps, offset + 3, s.grantedAt());
    ps.setString(offset + 4, s.noticeVersion());
    ps.setLong(offset + 5, s.seq());
    ps.setLong(offset + 6, subject);
    ps.setString(offset + 7, s.purposeId());
  }
}
