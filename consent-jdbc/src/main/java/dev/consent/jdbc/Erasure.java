package dev.consent.jdbc;

import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import dev.consent.SuppressionReason;
import dev.consent.spi.ErasedRecords;
import dev.consent.spi.EventChain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Erasure in one transaction under the subject's row lock: the number (clear or encrypted) leaves the subject row, event
 * evidence is emptied (digests and hashes stay, rows are marked redacted), messages and pending
 * opt-ins are deleted, suppressions lose their evidence, and the suppression of everything is
 * recorded with reason ERASURE.
 */
final class Erasure {
  private final Db db;
  private final Tables t;
  private final Subjects subjects;

  Erasure(Db db, Tables t, Subjects subjects) {
    this.db = db;
    this.t = t;
    this.subjects = subjects;
  }

  ErasedRecords erase(String tenant, PhoneNumber number, Instant at) {
    String ref = subjects.ref(tenant, number);
    long subject = db.autocommit("erase", c -> subjectWithoutNumber(c, tenant, ref));
    return db.transaction("erase", c -> {
      lock(c, subject);
      int events = update(c, "UPDATE " + t.event + " SET evidence = '{}', data_key_id = NULL, redacted = TRUE"
          + " WHERE subject_id = ? AND redacted = FALSE", subject);
      int messages = update(c, "DELETE FROM " + t.message + " WHERE subject_id = ?", subject);
      int pending = update(c, "DELETE FROM " + t.pending + " WHERE subject_id = ?", subject);
      update(c, "UPDATE " + t.suppression + " SET evidence = '{}', data_key_id = NULL WHERE subject_id = ?", subject);
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + t.suppression + " SET reason = ?"
          + " WHERE subject_id = ? AND scope = ?")) {
        ps.setString(1, SuppressionReason.ERASURE.name());
        ps.setLong(2, subject);
        ps.setString(3, Suppression.ALL);
        if (ps.executeUpdate() == 0) {
          insertSuppression(c, subject, at);
        }
      }
      update(c, "UPDATE " + t.subject + " SET e164 = NULL, number_enc = NULL, data_key_id = NULL WHERE id = ?", subject);
      int kept = count(c, "SELECT COUNT(*) FROM " + t.suppression + " WHERE subject_id = ?", subject);
      return new ErasedRecords(events, messages, pending, kept);
    });
  }

  /** The subject's row, created without a number if the store never held one. */
  private long subjectWithoutNumber(Connection c, String tenant, String ref) throws SQLException {
    OptionalLong id = subjects.find(c, tenant, ref);
    if (id.isPresent()) {
      return id.getAsLong();
    }
    try (PreparedStatement ps = c.prepareStatement(
        db.insertIfAbsent(t.subject, "tenant, subject_ref, last_seq, last_hash", 4))) {
      ps.setString(1, tenant);
      ps.setString(2, ref);
      ps.setLong(3, 0);
      ps.setString(4, EventChain.GENESIS);
      Db.inserted(ps);
    }
    return subjects.find(c, tenant, ref).orElseThrow(() -> new SQLException("subject row vanished after insert", "02000"));
  }

  private void lock(Connection c, long subject) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + t.subject + " WHERE id = ? FOR UPDATE")) {
      ps.setLong(1, subject);
      ps.executeQuery().close();
    }
  }

  private void insertSuppression(Connection c, long subject, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t.suppression
        + " (subject_id, scope, reason, created_at, evidence) VALUES (?, ?, ?, ?, '{}')")) {
      ps.setLong(1, subject);
      ps.setString(2, Suppression.ALL);
      ps.setString(3, SuppressionReason.ERASURE.name());
      db.setInstant(ps, 4, at);
      ps.executeUpdate();
    }
  }

  private static int update(Connection c, String sql, long subject) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, subject);
      return ps.executeUpdate();
    }
  }

  private static int count(Connection c, String sql, long subject) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, subject);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
