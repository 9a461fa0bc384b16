package dev.consent.jdbc;

import dev.consent.ConsentStatus;
import dev.consent.PhoneNumber;
import dev.consent.error.InvalidInputException;
import dev.consent.spi.PurgeResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Retention in bounded batches. Each step selects at most one batch (plus one row, to tell whether
 * more is due) with a plain {@code ORDER BY ... LIMIT ?}, which PostgreSQL, MariaDB and H2 all
 * accept, then deletes or empties exactly those rows by key in the same short transaction: no
 * {@code DELETE ... LIMIT} (not PostgreSQL) and no {@code LIMIT} inside {@code IN (subquery)} (not
 * MariaDB). Ended consents are redacted under the subject's row lock, as erasure redacts.
 */
final class Retention {
  private final Db db;
  private final Tables t;
  private final Subjects subjects;
  private final InboundLog inbound;

  Retention(Db db, Tables t, Subjects subjects, InboundLog inbound) {
    this.db = db;
    this.t = t;
    this.subjects = subjects;
    this.inbound = inbound;
  }

  PurgeResult messageBodies(String tenant, Instant cutoff, int limit) {
    return byId("retention of message bodies", t.message, "sent_at", " AND body IS NOT NULL",
        "UPDATE " + t.message + " SET body = NULL, data_key_id = NULL", tenant, cutoff, limit);
  }

  PurgeResult messages(String tenant, Instant cutoff, int limit) {
    return byId("retention of messages", t.message, "sent_at", "", "DELETE FROM " + t.message, tenant, cutoff, limit);
  }

  PurgeResult rateLimitHits(String tenant, Instant cutoff, int limit) {
    return byId("retention of rate-limit hits", t.rateHit, "hit_at", "", "DELETE FROM " + t.rateHit, tenant, cutoff,
        limit);
  }

  PurgeResult inboundReceipts(String tenant, Instant cutoff, int limit) {
    positive(limit);
    return inbound.purge(tenant, cutoff, limit);
  }

  private static void positive(int limit) {
    if (limit < 1) {
      throw new InvalidInputException("limit must be at least 1");
    }
  }

  /** Rows with a numeric id: select a batch of ids, then change exactly those (the cut-off checked again). */
  private PurgeResult byId(String what, String table, String timeColumn, String extra, String change, String tenant,
      Instant cutoff, int limit) {
    positive(limit);
    return db.transaction(what, c -> {
      List<Long> ids = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table + " WHERE tenant = ? AND " + timeColumn
          + " < ?" + extra + " ORDER BY id LIMIT ?")) {
        ps.setString(1, tenant);
        db.setInstant(ps, 2, cutoff);
        ps.setInt(3, limit + 1);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getLong(1));
          }
        }
      }
      List<Long> batch = ids.subList(0, Math.min(limit, ids.size()));
      if (batch.isEmpty()) {
        return new PurgeResult(0, false);
      }
      String in = batch.stream().map(String::valueOf).collect(Collectors.joining(", "));
      try (PreparedStatement ps = c.prepareStatement(change + " WHERE tenant = ? AND " + timeColumn + " < ?" + extra
          + " AND id IN (" + in + ")")) {
        ps.setString(1, tenant);
        db.setInstant(ps, 2, cutoff);
        return new PurgeResult(ps.executeUpdate(), ids.size() > limit);
      }
    });
  }

  PurgeResult finishedOptIns(String tenant, Instant cutoff, int limit) {
    return byKey(db, "retention of pending opt-ins", t.pending, "request_id", "expires_at", " AND state <> 'PENDING'",
        "request_id", tenant, cutoff, limit);
  }

  /**
   * Rows with a text key: select a batch of keys in {@code order}, then delete each by a statement
   * that repeats the condition (a row changed meanwhile is left alone). One transaction.
   */
  static PurgeResult byKey(Db db, String what, String table, String keyColumn, String timeColumn, String condition,
      String order, String tenant, Instant cutoff, int limit) {
    positive(limit);
    return db.transaction(what, c -> {
      List<String> keys = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + keyColumn + " FROM " + table + " WHERE tenant = ? AND "
          + timeColumn + " < ?" + condition + " ORDER BY " + order + " LIMIT ?")) {
        ps.setString(1, tenant);
        db.setInstant(ps, 2, cutoff);
        ps.setInt(3, limit + 1);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            keys.add(rs.getString(1));
          }
        }
      }
      int done = 0;
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE tenant = ? AND " + keyColumn
          + " = ? AND " + timeColumn + " < ?" + condition)) {
        for (String key : keys.subList(0, Math.min(limit, keys.size()))) {
          ps.setString(1, tenant);
          ps.setString(2, key);
          db.setInstant(ps, 3, cutoff);
          done += ps.executeUpdate();
        }
      }
      return new PurgeResult(done, keys.size() > limit);
    });
  }

  List<ConsentStatus> endedConsents(String tenant, String purposeId, Instant endedBefore, int limit) {
    return db.autocommit("ended consents", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + Subjects.NUMBER_COLUMNS + ", st.purpose_id, st.state, st.since, st.granted_at,"
          + " st.notice_version, st.seq FROM " + t.status + " st JOIN " + t.subject + " s ON s.id = st.subject_id"
          + " WHERE s.tenant = ? AND st.purpose_id = ?"
          + " AND (s.number_enc IS NOT NULL OR s.e164 IS NOT NULL)"
          + " AND ((st.state IN ('WITHDRAWN', 'EXPIRED') AND st.since < ?)"
          + " OR (st.state = 'ERASED' AND EXISTS (SELECT 1 FROM " + t.event + " e WHERE e.subject_id = st.subject_id"
          + " AND e.purpose_id = st.purpose_id AND e.seq < st.seq AND e.redacted = FALSE)))"
          + " ORDER BY s.subject_ref LIMIT ?")) {
        ps.setString(1, tenant);
        ps.setString(2, purposeId);
        db.setInstant(ps, 3, endedBefore);
        ps.setInt(4, limit);
        List<ConsentStatus> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            PhoneNumber n = subjects.number(rs, tenant);
            if (n == null) {
              continue;
            }
            out.add(new ConsentStatus(tenant, n, rs.getString("purpose_id"),
                dev.consent.ConsentState.valueOf(rs.getString("state")), db.requiredInstant(rs, "since"),
                db.instant(rs, "granted_at"), rs.getString("notice_version"), rs.getLong("seq")));
          }
        }
        return out;
      }
    });
  }

  int redactEnded(String tenant, PhoneNumber number, String purposeId, long throughSeq) {
    String ref = subjects.ref(tenant, number);
    return db.transaction("anonymise an ended consent", c -> {
      OptionalLong found = subjects.find(c, tenant, ref);
      if (found.isEmpty()) {
        return 0;
      }
      long subject = found.getAsLong();
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + t.subject + " WHERE id = ? FOR UPDATE")) {
        ps.setLong(1, subject);
        ps.executeQuery().close();
      }
      int redacted;
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + t.event + " SET evidence = '{}', data_key_id = NULL, redacted = TRUE"
          + " WHERE subject_id = ? AND purpose_id = ? AND redacted = FALSE AND (seq <= ? OR kind = 'ERASED')")) {
        ps.setLong(1, subject);
        ps.setString(2, purposeId);
        ps.setLong(3, throughSeq);
        redacted = ps.executeUpdate();
      }
      if (holdsNothing(c, subject)) {
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE " + t.subject + " SET e164 = NULL, number_enc = NULL, data_key_id = NULL WHERE id = ?")) {
          ps.setLong(1, subject);
          ps.executeUpdate();
        }
      }
      return redacted;
    });
  }

  /** Whether no record of the subject needs its number any more. */
  private boolean holdsNothing(Connection c, long subject) throws SQLException {
    for (String sql : List.of(
        "SELECT COUNT(*) FROM " + t.event + " WHERE subject_id = ? AND redacted = FALSE",
        "SELECT COUNT(*) FROM " + t.status + " WHERE subject_id = ? AND state <> 'ERASED'",
        "SELECT COUNT(*) FROM " + t.message + " WHERE subject_id = ?",
        "SELECT COUNT(*) FROM " + t.pending + " WHERE subject_id = ?")) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setLong(1, subject);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getLong(1) > 0) {
            return false;
          }
        }
      }
    }
    return true;
  }
}
