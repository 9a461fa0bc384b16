package dev.consent.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;

/** Inbound de-duplication: the primary key (tenant, carrier, message_id) decides who was first. */
final class InboundLog {
  private final Db db;
  private final Tables t;

  InboundLog(Db db, Tables t) {
    this.db = db;
    this.t = t;
  }

  boolean handled(String tenant, String carrier, String messageId) {
    return db.autocommit("inbound look-up", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT 1 FROM " + t.inbound + " WHERE tenant = ? AND carrier = ? AND message_id = ?")) {
        ps.setString(1, tenant);
        ps.setString(2, carrier);
        ps.setString(3, messageId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  boolean mark(String tenant, String carrier, String messageId, Instant at) {
    Limits.check(carrier, 64, "carrier");
    Limits.check(messageId, 128, "inbound message id");
    return db.autocommit("mark inbound handled", c -> {
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
}
