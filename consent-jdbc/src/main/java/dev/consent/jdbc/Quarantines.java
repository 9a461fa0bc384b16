package dev.consent.jdbc;

import dev.consent.spi.QuarantineAdmission;
import dev.consent.spi.QuarantineSummary;
import dev.consent.spi.QuarantinedInbound;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The quarantine of unverified inbound (V6): admissions lock the tenant's row of the lock table, so
 * the budgets hold exactly across instances; the primary key keeps one item per (carrier, id).
 */
final class Quarantines {
  private static final String COLUMNS =
      "tenant, carrier, message_id, subject_ref, received_at, quarantined_at, attempts, next_attempt_at";

  private final Db db;
  private final Tables t;

  Quarantines(Db db, Tables t) {
    this.db = db;
    this.t = t;
  }

  QuarantineAdmission add(QuarantinedInbound item, int maxPerTenant, int maxPerSender) {
    Limits.check(item.tenant(), 128, "tenant");
    Limits.check(item.carrier(), 64, "carrier");
    db.autocommit("quarantine lock row", c -> {
      try (PreparedStatement ps = c.prepareStatement(db.insertIfAbsent(t.quarantineLock, "tenant", 1))) {
        ps.setString(1, item.tenant());
        return Db.inserted(ps);
      }
    });
    return db.transaction("quarantine inbound", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT tenant FROM " + t.quarantineLock + " WHERE tenant = ? FOR UPDATE")) {
        ps.setString(1, item.tenant());
        ps.executeQuery().close();
      }
      if (count(c, "carrier = ? AND message_id = ?", item.tenant(), item.carrier(), item.messageId()) > 0) {
        return QuarantineAdmission.ALREADY_HELD;
      }
      if (count(c, null, item.tenant()) >= maxPerTenant) {
        return QuarantineAdmission.TENANT_FULL;
      }
      if (count(c, "subject_ref = ?", item.tenant(), item.subjectRef()) >= maxPerSender) {
        return QuarantineAdmission.SENDER_FULL;
      }
      try (PreparedStatement ps = c.prepareStatement(db.insertIfAbsent(t.quarantine, COLUMNS, 8))) {
        ps.setString(1, item.tenant());
        ps.setString(2, item.carrier());
        ps.setString(3, item.messageId());
        ps.setString(4, item.subjectRef());
        db.setInstant(ps, 5, item.receivedAt());
        db.setInstant(ps, 6, item.quarantinedAt());
        ps.setInt(7, item.attempts());
        db.setInstant(ps, 8, item.nextAttemptAt());
        return Db.inserted(ps) ? QuarantineAdmission.ADDED : QuarantineAdmission.ALREADY_HELD;
      }
    });
  }

  private long count(Connection c, @Nullable String where, String... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + t.quarantine + " WHERE tenant = ?"
        + (where == null ? "" : " AND " + where))) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  List<QuarantinedInbound> due(String tenant, Instant now, int limit) {
    return db.autocommit("quarantine due", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + t.quarantine
          + " WHERE tenant = ? AND next_attempt_at <= ? ORDER BY next_attempt_at, carrier, message_id")) {
        ps.setString(1, tenant);
        db.setInstant(ps, 2, now);
        ps.setMaxRows(Math.max(limit, 0));
        List<QuarantinedInbound> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next() && out.size() < limit) {
            out.add(new QuarantinedInbound(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                db.requiredInstant(rs, 5), db.requiredInstant(rs, 6), rs.getInt(7), db.requiredInstant(rs, 8)));
          }
        }
        return out;
      }
    });
  }

  boolean reschedule(String tenant, String carrier, String messageId, int attempts, Instant next) {
    return db.autocommit("quarantine reschedule", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + t.quarantine
          + " SET attempts = ?, next_attempt_at = ? WHERE tenant = ? AND carrier = ? AND message_id = ?")) {
        ps.setInt(1, attempts);
        db.setInstant(ps, 2, next);
        ps.setString(3, tenant);
        ps.setString(4, carrier);
        ps.setString(5, messageId);
        return ps.executeUpdate() > 0;
      }
    });
  }

  boolean release(String tenant, String carrier, String messageId) {
    return db.autocommit("quarantine release", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM " + t.quarantine + " WHERE tenant = ? AND carrier = ? AND message_id = ?")) {
        ps.setString(1, tenant);
        ps.setString(2, carrier);
        ps.setString(3, messageId);
        return ps.executeUpdate() > 0;
      }
    });
  }

  QuarantineSummary summary(String tenant) {
    return db.autocommit("quarantine summary", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT COUNT(*), MIN(quarantined_at) FROM " + t.quarantine + " WHERE tenant = ?")) {
        ps.setString(1, tenant);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new QuarantineSummary(rs.getLong(1), db.instant(rs, 2));
        }
      }
    });
  }
}
