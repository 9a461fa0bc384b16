package dev.consent.jdbc;

import dev.consent.ConsentMethod;
import dev.consent.PendingOptIn;
import dev.consent.PhoneNumber;
import dev.consent.error.ConsentStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Pending double opt-ins, replaced only by compare-and-set on {@code row_version}. */
final class PendingOptIns {
  private static final String COLUMNS = "p.tenant, p.request_id, " + Subjects.NUMBER_COLUMNS + ", p.purpose_ids, p.notice_versions, p.lang,"
      + " p.program_id, p.sender, p.code_hash, p.created_at, p.expires_at, p.attempts, p.state, p.row_version,"
      + " p.origin, p.evidence, p.data_key_id";
  private final Db db;
  private final Tables t;
  private final Subjects subjects;
  private final Json json;
  private final String select;

  PendingOptIns(Db db, Tables t, Subjects subjects, Json json) {
    this.db = db;
    this.t = t;
    this.subjects = subjects;
    this.json = json;
    select = "SELECT " + COLUMNS + " FROM " + t.pending + " p JOIN " + t.subject + " s ON s.id = p.subject_id";
  }

  void create(PendingOptIn p) {
    boolean created = db.autocommit("create pending opt-in", c -> {
      long subject = subjects.ensure(c, p.tenant(), p.number());
      try (PreparedStatement ps = c.prepareStatement(db.insertIfAbsent(t.pending, "purpose_ids, notice_versions,"
          + " lang, program_id, sender, code_hash, created_at, expires_at, attempts, state, row_version, origin,"
          + " evidence, data_key_id, subject_id, tenant, request_id", 17))) {
        int i = bindContent(c, ps, p);
        ps.setLong(i++, subject);
        ps.setString(i++, p.tenant());
        ps.setString(i, p.requestId());
        return Db.inserted(ps);
      }
    });
    if (!created) {
      throw new ConsentStoreException("pending opt-in " + p.requestId() + " already exists");
    }
  }

  private int bindContent(Connection c, PreparedStatement ps, PendingOptIn p) throws SQLException {
    Limits.check(p.language(), 35, "language");
    Limits.check(p.sender(), 64, "sender");
    Limits.check(p.codeHash(), 128, "code hash");
    ps.setString(1, json.write(p.purposeIds()));
    ps.setString(2, json.write(p.noticeVersions()));
    ps.setString(3, p.language());
    ps.setString(4, p.programId());
    ps.setString(5, p.sender());
    ps.setString(6, p.codeHash());
    db.setInstant(ps, 7, p.createdAt());
    db.setInstant(ps, 8, p.expiresAt());
    ps.setInt(9, p.attempts());
    ps.setString(10, p.state().name());
    ps.setInt(11, p.version());
    ps.setString(12, p.origin().name());
    Fields.Sealed evidence = subjects.fields().seal(c, p.tenant(), Fields.PENDING_EVIDENCE, p.requestId(),
        json.write(p.evidence()));
    ps.setString(13, evidence.text());
    ps.setString(14, evidence.keyId());
    return 15;
  }

  Optional<PendingOptIn> find(String tenant, String requestId) {
    List<PendingOptIn> found = query("read pending opt-in", " WHERE p.tenant = ? AND p.request_id = ?", tenant, requestId);
    return found.stream().findFirst();
  }

  List<PendingOptIn> forNumber(String tenant, PhoneNumber number) {
    return query("pending opt-ins of a number", " WHERE s.tenant = ? AND s.subject_ref = ?"
        + " ORDER BY p.created_at DESC, p.request_id DESC", tenant, subjects.ref(tenant, number));
  }

  List<PendingOptIn> expiredBy(String tenant, Instant now, int limit) {
    return query("expired pending opt-ins", " WHERE p.tenant = ? AND p.state = 'PENDING' AND p.expires_at <= ?"
        + " ORDER BY p.expires_at, p.request_id LIMIT ?", tenant, now, limit);
  }

  boolean replace(PendingOptIn expected, PendingOptIn updated) {
    if (!expected.tenant().equals(updated.tenant()) || !expected.requestId().equals(updated.requestId())) {
      throw new dev.consent.error.InvalidInputException("a pending opt-in can only be replaced by a version of itself");
    }
    return db.autocommit("replace pending opt-in", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + t.pending + " SET purpose_ids = ?,"
          + " notice_versions = ?, lang = ?, program_id = ?, sender = ?, code_hash = ?, created_at = ?, expires_at = ?,"
          + " attempts = ?, state = ?, row_version = ?, origin = ?, evidence = ?, data_key_id = ?"
          + " WHERE tenant = ? AND request_id = ? AND row_version = ?")) {
        int i = bindContent(c, ps, updated);
        ps.setString(i++, expected.tenant());
        ps.setString(i++, expected.requestId());
        ps.setInt(i, expected.version());
        return ps.executeUpdate() == 1;
      }
    });
  }

  private List<PendingOptIn> query(String what, String where, Object... args) {
    return db.autocommit(what, c -> {
      try (PreparedStatement ps = c.prepareStatement(select + where)) {
        db.bind(ps, args);
        List<PendingOptIn> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(read(rs));
          }
        }
        return out;
      }
    });
  }

  private PendingOptIn read(ResultSet rs) throws SQLException {
    String tenant = rs.getString("tenant");
    String requestId = rs.getString("request_id");
    PhoneNumber number = subjects.number(rs, tenant);
    if (number == null) {
      throw new SQLException("pending opt-in of an erased subject", "02000");
    }
    String evidence = subjects.fields().open(rs, tenant, Fields.PENDING_EVIDENCE, requestId, rs.getString("data_key_id"),
        rs.getString("evidence"));
    return new PendingOptIn(tenant, requestId, number,
        json.list(rs.getString("purpose_ids")), json.map(rs.getString("notice_versions")), rs.getString("lang"),
        rs.getString("program_id"), rs.getString("sender"), rs.getString("code_hash"),
        db.requiredInstant(rs, "created_at"), db.requiredInstant(rs, "expires_at"), rs.getInt("attempts"),
        PendingOptIn.State.valueOf(rs.getString("state")), rs.getInt("row_version"),
        ConsentMethod.valueOf(rs.getString("origin")), json.map(evidence));
  }
}
