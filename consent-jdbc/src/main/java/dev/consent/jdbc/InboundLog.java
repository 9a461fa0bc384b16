package dev.consent.jdbc;

import dev.consent.spi.Pseudonyms;
import dev.consent.spi.PurgeResult;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Inbound de-duplication: the primary key (tenant, carrier, message_id) decides who was first.
 * Retention deletes a receipt (the message id in clear) and keeps, in the same transaction, its keyed
 * hash ({@link Pseudonyms#inbound}) in the digest table, for good: a replay is a duplicate however late.
 */
final class InboundLog {
  private final Db db;
  private final Tables t;
  private final Pseudonyms pseudonyms;

  InboundLog(Db db, Tables t, Pseudonyms pseudonyms) {
    this.db = db;
    this.t = t;
    this.pseudonyms = pseudonyms;
  }

  /** One statement, so one snapshot: a purge that commits meanwhile shows either the receipt or its digest. */
  boolean handled(String tenant, String carrier, String messageId) {
    String digest = pseudonyms.inbound(tenant, carrier, messageId);
    return db.autocommit("inbound look-up", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT 1 FROM " + t.inbound + " WHERE tenant = ? AND carrier = ? AND message_id = ?"
              + " UNION ALL SELECT 1 FROM " + t.inboundDigest + " WHERE tenant = ? AND digest = ?")) {
        ps.setString(1, tenant);
        ps.setString(2, carrier);
        ps.setString(3, messageId);
        ps.setString(4, tenant);
        ps.setString(5, digest);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  /**
   * Stores the receipt unless the message was handled: its receipt is held, or its digest (retention
   * replaced the receipt by it), in which case the id is not stored in clear again.
   */
  boolean mark(String tenant, String carrier, String messageId, Instant at) {
    Limits.check(carrier, 64, "carrier");
    Limits.check(messageId, 128, "inbound message id");
    String digest = pseudonyms.inbound(tenant, carrier, messageId);
    return db.autocommit("mark inbound handled", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT 1 FROM " + t.inboundDigest + " WHERE tenant = ? AND digest = ?")) {
        ps.setString(1, tenant);
        ps.setString(2, digest);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return false;
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          db.insertIfAbsent(t.inbound, "tenant, carrier, message_id, handled_at", 4))) {
        ps.setString(1, tenant);
        ps.setString(2, carrier);
        ps.setString(3, messageId);
        db.setInstant(ps, 4, at);
        return Db.inserted(ps);
      }
    });
  }

  /** Deletes at most {@code limit} receipts handled before {@code cutoff}, each replaced by its digest. */
  PurgeResult purge(String tenant, Instant cutoff, int limit) {
    return db.transaction("retention of inbound receipts", c -> {
      List<String[]> keys = new ArrayList<>();
      List<Instant> handled = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT carrier, message_id, handled_at FROM " + t.inbound
          + " WHERE tenant = ? AND handled_at < ? ORDER BY carrier, message_id LIMIT ?")) {
        ps.setString(1, tenant);
        db.setInstant(ps, 2, cutoff);
        ps.setInt(3, limit + 1);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            keys.add(new String[] {rs.getString(1), rs.getString(2)});
            handled.add(db.instant(rs, 3));
          }
        }
      }
      int done = 0;
      try (PreparedStatement keep = c.prepareStatement(
              db.insertIfAbsent(t.inboundDigest, "tenant, digest, handled_at", 3));
          PreparedStatement delete = c.prepareStatement("DELETE FROM " + t.inbound
              + " WHERE tenant = ? AND carrier = ? AND message_id = ? AND handled_at < ?")) {
        for (int i = 0; i < Math.min(limit, keys.size()); i++) {
          String[] k = keys.get(i);
          keep.setString(1, tenant);
          keep.setString(2, pseudonyms.inbound(tenant, k[0], k[1]));
          db.setInstant(keep, 3, handled.get(i));
          Db.inserted(keep);
          delete.setString(1, tenant);
          delete.setString(2, k[0]);
          delete.setString(3, k[1]);
          db.setInstant(delete, 4, cutoff);
          done += delete.executeUpdate();
        }
      }
      return new PurgeResult(done, keys.size() > limit);
    });
  }
}
