package dev.consent.jdbc;

import dev.consent.ConsentEvent;
import dev.consent.ConsentStatus;
import dev.consent.ConsentStoreException;
import dev.consent.PhoneNumber;
import dev.consent.spi.AppendResult;
import dev.consent.spi.EventChain;
import dev.consent.spi.NewEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Appends: the subject row is locked ({@code SELECT ... FOR UPDATE}), so appends for one number are
 * serialised across every instance; the event, the status and the chain head are written in the
 * same transaction. The unique (tenant, idempotency_key) constraint settles races between numbers.
 */
final class Ledger {
  private final Db db;
  private final Tables t;
  private final Subjects subjects;
  private final Rows rows;

  Ledger(Db db, Tables t, Subjects subjects, Rows rows) {
    this.db = db;
    this.t = t;
    this.subjects = subjects;
    this.rows = rows;
  }

  Optional<ConsentEvent> eventByKey(String tenant, String key) {
    return rows.eventByKey(tenant, key);
  }

  AppendResult append(NewEvent e) {
    if (e.idempotencyKey() != null) {
      Optional<ConsentEvent> seen = rows.eventByKey(e.tenant(), e.idempotencyKey());
      if (seen.isPresent()) {
        return new AppendResult.Duplicate(seen.get());
      }
    }
    String ref = subjects.ref(e.tenant(), e.number());
    long subject = db.autocommit("append", c -> subjects.ensure(c, e.tenant(), e.number(), ref));
    Fields.Sealed evidence = rows.encryptEvidence(e, ref);
    try {
      return db.transaction("append", c -> appendLocked(c, subject, ref, e, evidence));
    } catch (ConsentStoreException ex) {
      if (e.idempotencyKey() != null && ex.getCause() instanceof java.sql.SQLException sql && Db.isUniqueViolation(sql)) {
        return rows.eventByKey(e.tenant(), e.idempotencyKey()).<AppendResult>map(AppendResult.Duplicate::new).orElseThrow(() -> ex);
      }
      throw ex;
    }
  }

  private AppendResult appendLocked(Connection c, long subject, String ref, NewEvent e, Fields.Sealed evidence)
      throws SQLException {
    long lastSeq;
    String lastHash;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT last_seq, last_hash FROM " + t.subject + " WHERE id = ? FOR UPDATE")) {
      ps.setLong(1, subject);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("subject row missing", "02000");
        }
        lastSeq = rs.getLong(1);
        lastHash = rs.getString(2);
      }
    }
    if (e.idempotencyKey() != null) {
      Optional<ConsentEvent> seen = rows.eventByKey(c, e.tenant(), e.idempotencyKey());
      if (seen.isPresent()) {
        return new AppendResult.Duplicate(seen.get());
      }
    }
    ConsentEvent sealed = EventChain.seal(e, ref, lastSeq + 1, lastHash);
    Optional<ConsentStatus> before = rows.status(c, subject, e.tenant(), e.number(), e.purposeId());
    ConsentStatus after = EventChain.fold(before.orElse(ConsentStatus.none(e.tenant(), e.number(), e.purposeId())), sealed);
    rows.insertEvent(c, subject, sealed, evidence);
    rows.writeStatus(c, subject, after, before.isPresent());
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE " + t.subject + " SET last_seq = ?, last_hash = ? WHERE id = ? AND last_seq = ?")) {
      ps.setLong(1, sealed.seq());
      ps.setString(2, sealed.hash());
      ps.setLong(3, subject);
      ps.setLong(4, lastSeq);
      if (ps.executeUpdate() != 1) {
        throw new SQLException("chain head moved under the row lock", "40001");
      }
    }
    return new AppendResult.Appended(sealed, after);
  }
}
