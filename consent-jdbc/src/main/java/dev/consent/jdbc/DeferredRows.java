package dev.consent.jdbc;

import dev.consent.DeferredMessage;
import dev.consent.DenyReason;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Deferred messages (V14). The number and body are sealed like message bodies, bound to the row's id;
 * a claim is one conditional UPDATE per due row, so of instances claiming at once each row goes to one.
 */
final class DeferredRows {
  static final String NUMBER = "deferral.number";
  static final String BODY = "deferral.body";
  private static final String COLUMNS = "tenant, id, subject_ref, number_sealed, body_sealed, data_key_id, purpose_id,"
      + " sender, declared_zone, reason, held_at, release_at, latest, campaign_id";

  private final Db db;
  private final Fields fields;
  private final String table;

  DeferredRows(Db db, Tables t, Fields fields) {
    this.db = db;
    this.fields = fields;
    this.table = t.deferral;
  }

  boolean defer(DeferredMessage d) {
    Limits.check(d.tenant(), 128, "tenant");
    OutboundMessage m = d.message();
    return db.autocommit("defer a message", c -> {
      List<Fields.Sealed> sealed = fields.sealAll(c, d.tenant(), List.of(NUMBER, BODY), d.id(),
          List.of(m.to().e164(), m.body()));
      try (PreparedStatement ps = c.prepareStatement(db.insertIfAbsent(table, COLUMNS, 14))) {
        ps.setString(1, d.tenant());
        ps.setString(2, d.id());
        ps.setString(3, d.subjectRef());
        ps.setString(4, sealed.get(0).text());
        ps.setString(5, sealed.get(1).text());
        ps.setString(6, sealed.get(0).keyId());
        ps.setString(7, m.purposeId());
        ps.setString(8, m.sender());
        ps.setString(9, m.declaredZone() == null ? null : m.declaredZone().getId());
        ps.setString(10, d.reason().name());
        db.setInstant(ps, 11, d.heldAt());
        db.setInstant(ps, 12, d.releaseAt());
        db.setInstant(ps, 13, d.latest());
        ps.setString(14, d.campaignId());
        return Db.inserted(ps);
      }
    });
  }

  /**
   * Reads the due rows that are free (a plain read), then claims each with an UPDATE that repeats the
   * condition: a row another instance claimed in between updates nothing and is left out.
   */
  List<DeferredMessage> claimDue(String tenant, Instant now, Instant claimUntil, int limit) {
    if (limit < 1) {
      return List.of();
    }
    return db.autocommit("claim deferred messages", c -> {
      List<DeferredMessage> due = query(c, " AND release_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)"
          + " ORDER BY release_at, id", limit, tenant, now, now);
      if (due.isEmpty()) {
        return due;
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET claimed_until = ? WHERE tenant = ?"
          + " AND id = ? AND release_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)")) {
        List<DeferredMessage> won = new ArrayList<>(due.size());
        for (DeferredMessage d : due) { // one statement each: a batch's counts may be SUCCESS_NO_INFO on some drivers
          db.setInstant(ps, 1, claimUntil);
          ps.setString(2, tenant);
          ps.setString(3, d.id());
          db.setInstant(ps, 4, now);
          db.setInstant(ps, 5, now);
          if (ps.executeUpdate() == 1) {
            won.add(d);
          }
        }
        return won;
      }
    });
  }

  boolean redefer(String tenant, String id, Instant releaseAt) {
    return db.autocommit("defer a message again", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET release_at = ?, claimed_until = NULL"
          + " WHERE tenant = ? AND id = ?")) {
        db.setInstant(ps, 1, releaseAt);
        ps.setString(2, tenant);
        ps.setString(3, id);
        return ps.executeUpdate() == 1;
      }
    });
  }

  boolean remove(String tenant, String id) {
    return delete("remove a deferred message", " AND id = ?", tenant, id) == 1;
  }

  List<DeferredMessage> of(String tenant, String subjectRef) {
    return db.autocommit("deferred messages of a subject", c -> query(c, " AND subject_ref = ? ORDER BY release_at, id",
        10_000, tenant, subjectRef));
  }

  int erase(String tenant, String subjectRef) {
    return delete("erase deferred messages", " AND subject_ref = ?", tenant, subjectRef);
  }

  private int delete(String what, String where, String tenant, String value) {
    return db.autocommit(what, c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE tenant = ?" + where)) {
        ps.setString(1, tenant);
        ps.setString(2, value);
        return ps.executeUpdate();
      }
    });
  }

  private List<DeferredMessage> query(Connection c, String where, int limit, Object... args) throws SQLException {
    return db.list(c, "SELECT " + COLUMNS + " FROM " + table + " WHERE tenant = ?" + where, limit, this::read, args);
  }

  private DeferredMessage read(Connection c, ResultSet rs) throws SQLException {
    String tenant = rs.getString(1);
    String id = rs.getString(2);
    String keyId = rs.getString(6);
    PhoneNumber number = PhoneNumber.ofE164(fields.open(c, tenant, NUMBER, id, keyId, rs.getString(4)));
    String body = fields.open(c, tenant, BODY, id, keyId, rs.getString(5));
    String zone = rs.getString(9);
    OutboundMessage m = new OutboundMessage(number, rs.getString(7), body, rs.getString(8),
        zone == null ? null : ZoneId.of(zone));
    return new DeferredMessage(tenant, id, rs.getString(3), m, DenyReason.valueOf(rs.getString(10)),
        db.requiredInstant(rs, 11), db.requiredInstant(rs, 12), db.requiredInstant(rs, 13), rs.getString(14));
  }
}
