package dev.consent.jdbc;

import dev.consent.PhoneNumber;
import dev.consent.ReviewDecision;
import dev.consent.ReviewItem;
import dev.consent.ReviewResolution;
import dev.consent.spi.PurgeResult;
import dev.consent.spi.ReviewSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The review queue of unclear replies (V8). The number and text are sealed like message bodies, bound
 * to the item's row; resolving is one conditional UPDATE from OPEN, so racing resolutions have one winner.
 */
final class ReviewItems {
  static final String NUMBER = "review.number";
  static final String TEXT = "review.text";
  private static final String OPEN = "OPEN";
  private static final String RESOLVED = "RESOLVED";
  private static final String COLUMNS = "tenant, id, subject_ref, number_sealed, text_sealed, data_key_id, program_id,"
      + " sender, carrier, inbound_message_id, classification, clarification_sent, received_at, deadline, state,"
      + " decision, source, decided_by, decided_at";

  private final Db db;
  private final Tables t;
  private final Fields fields;
  private final String table;

  ReviewItems(Db db, Tables t, Fields fields) {
    this.db = db;
    this.t = t;
    this.fields = fields;
    this.table = t.review;
  }

  boolean enqueue(ReviewItem item) {
    if (!item.isOpen()) {
      throw new dev.consent.error.InvalidInputException("a review item is queued open");
    }
    Limits.check(item.tenant(), 128, "tenant");
    return db.autocommit("queue review item", c -> {
      // one key for both columns: the row has one data_key_id
      List<Fields.Sealed> sealed = fields.sealAll(c, item.tenant(), List.of(NUMBER, TEXT), item.id(),
          List.of(item.number().e164(), item.text()));
      Fields.Sealed number = sealed.get(0);
      Fields.Sealed text = sealed.get(1);
      try (PreparedStatement ps = c.prepareStatement(db.insertIfAbsent(table, COLUMNS, 19))) {
        ps.setString(1, item.tenant());
        ps.setString(2, item.id());
        ps.setString(3, item.subjectRef());
        ps.setString(4, number.text());
        ps.setString(5, text.text());
        ps.setString(6, number.keyId());
        ps.setString(7, item.programId());
        ps.setString(8, item.sender());
        ps.setString(9, item.carrier());
        ps.setString(10, item.inboundMessageId());
        ps.setString(11, item.classification());
        ps.setBoolean(12, item.clarificationSent());
        db.setInstant(ps, 13, item.receivedAt());
        db.setInstant(ps, 14, item.deadline());
        ps.setString(15, OPEN);
        ps.setString(16, null);
        ps.setString(17, null);
        ps.setString(18, null);
        db.setInstant(ps, 19, null);
        return Db.inserted(ps);
      }
    });
  }

  List<ReviewItem> open(String tenant, @Nullable Instant afterReceivedAt, @Nullable String afterId, int limit) {
    if (afterReceivedAt == null) {
      return query("open review items", " AND state = ? ORDER BY received_at, id", limit, tenant, OPEN);
    }
    return query("open review items", " AND state = ? AND (received_at > ? OR (received_at = ? AND id > ?))"
        + " ORDER BY received_at, id", limit, tenant, OPEN, afterReceivedAt, afterReceivedAt,
        afterId == null ? "" : afterId);
  }

  Optional<ReviewItem> item(String tenant, String id) {
    return query("review item", " AND id = ?", 1, tenant, id).stream().findFirst();
  }

  List<ReviewItem> openOf(String tenant, String subjectRef, String sender) {
    return query("open review items of a subject", " AND subject_ref = ? AND sender = ? AND state = ?"
        + " ORDER BY received_at, id", 1000, tenant, subjectRef, sender, OPEN);
  }

  List<ReviewItem> overdue(String tenant, Instant now, int limit) {
    return query("overdue review items", " AND state = ? AND deadline <= ? ORDER BY deadline, id", limit, tenant, OPEN,
        now);
  }

  boolean resolve(String tenant, String id, ReviewResolution r) {
    return db.autocommit("resolve review item", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET state = ?, decision = ?, source = ?,"
          + " decided_by = ?, decided_at = ? WHERE tenant = ? AND id = ? AND state = ?")) {
        ps.setString(1, RESOLVED);
        ps.setString(2, r.decision().name());
        ps.setString(3, r.source().name());
        ps.setString(4, r.decidedBy());
        db.setInstant(ps, 5, r.decidedAt());
        ps.setString(6, tenant);
        ps.setString(7, id);
        ps.setString(8, OPEN);
        return ps.executeUpdate() == 1;
      }
    });
  }

  int erase(String tenant, String subjectRef) {
    return db.autocommit("erase review items", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE tenant = ? AND subject_ref = ?")) {
        ps.setString(1, tenant);
        ps.setString(2, subjectRef);
        return ps.executeUpdate();
      }
    });
  }

  /**
   * Retention: deletes at most {@code limit} resolved items decided before the cut-off, oldest
   * decision first (the (tenant, state) index prefix finds them), each by a delete that repeats the
   * condition.
   */
  PurgeResult purgeResolved(String tenant, Instant resolvedBefore, int limit) {
    return Retention.byKey(db, "retention of review items", table, "id", "decided_at", " AND state = '" + RESOLVED + "'",
        "decided_at, id", tenant, resolvedBefore, limit);
  }

  ReviewSummary summary(String tenant) {
    return db.autocommit("review summary", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT COUNT(*), MIN(received_at) FROM " + table + " WHERE tenant = ? AND state = ?")) {
        ps.setString(1, tenant);
        ps.setString(2, OPEN);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new ReviewSummary(rs.getLong(1), db.instant(rs, 2));
        }
      }
    });
  }

  private List<ReviewItem> query(String what, String where, int limit, Object... args) {
    return db.autocommit(what, c -> db.list(c, "SELECT " + COLUMNS + " FROM " + table + " WHERE tenant = ?" + where,
        limit, this::read, args));
  }

  private ReviewItem read(Connection c, ResultSet rs) throws SQLException {
    String tenant = rs.getString(1);
    String id = rs.getString(2);
    String keyId = rs.getString(6);
    PhoneNumber number = PhoneNumber.ofE164(fields.open(c, tenant, NUMBER, id, keyId, rs.getString(4)));
    String text = fields.open(c, tenant, TEXT, id, keyId, rs.getString(5));
    ReviewResolution resolution = RESOLVED.equals(rs.getString(15))
        ? new ReviewResolution(ReviewDecision.valueOf(rs.getString(16)), ReviewResolution.Source.valueOf(rs.getString(17)),
            rs.getString(18), db.requiredInstant(rs, 19))
        : null;
    return new ReviewItem(tenant, id, rs.getString(3), number, text, rs.getString(7), rs.getString(8), rs.getString(9),
        rs.getString(10), rs.getString(11), rs.getBoolean(12), db.requiredInstant(rs, 13), db.requiredInstant(rs, 14),
        resolution);
  }
}
