package dev.consent.jdbc;

import dev.consent.ConsentStoreException;
import dev.consent.DeliveryState;
import dev.consent.MessageRecord;
import dev.consent.PhoneNumber;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The message log. Delivery updates are one conditional UPDATE, so states only move forward. */
final class MessageLog {
  private final Db db;
  private final Tables t;
  private final Subjects subjects;
  private final String select;

  MessageLog(Db db, Tables t, Subjects subjects) {
    this.db = db;
    this.t = t;
    this.subjects = subjects;
    select = "SELECT m.tenant, m.message_id, " + Subjects.NUMBER_COLUMNS + ", m.data_key_id AS body_key, m.purpose_id, m.program_id, m.sender, m.carrier,"
        + " m.carrier_message_id, m.sent_at, m.state, m.error_code, m.body FROM " + t.message + " m JOIN "
        + t.subject + " s ON s.id = m.subject_id";
  }

  void log(MessageRecord m) {
    db.autocommit("log message", c -> {
      Fields.Sealed body = m.body() == null ? null
          : subjects.fields().seal(c, m.tenant(), Fields.MESSAGE_BODY, m.messageId(), m.body());
      insert(c, m, subjects.ensure(c, m.tenant(), m.number()), body);
      return null;
    });
  }

  private void insert(java.sql.Connection c, MessageRecord m, long subject, Fields.@Nullable Sealed body)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t.message + " (tenant, message_id, subject_id,"
        + " purpose_id, program_id, sender, carrier, carrier_message_id, sent_at, state, error_code, body, data_key_id)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, m.tenant());
      ps.setString(2, m.messageId());
      ps.setLong(3, subject);
      ps.setString(4, m.purposeId());
      ps.setString(5, m.programId());
      ps.setString(6, m.sender());
      ps.setString(7, m.carrier());
      ps.setString(8, m.carrierMessageId());
      db.setInstant(ps, 9, m.sentAt());
      ps.setString(10, m.state().name());
      ps.setString(11, m.errorCode());
      ps.setString(12, body == null ? null : body.text());
      ps.setString(13, body == null ? null : body.keyId());
      ps.executeUpdate();
    } catch (SQLException e) {
      if (Db.isUniqueViolation(e)) {
        throw new ConsentStoreException("message " + m.messageId() + " is already logged");
      }
      throw e;
    }
  }

  /**
   * Counts and logs in one transaction that first locks the number's subject row (SELECT ... FOR
   * UPDATE): reservations of one number take turns across instances, so the count is never stale.
   */
  boolean reserve(MessageRecord m, Instant since, int max) {
    if (m.purposeId() == null) {
      return false;
    }
    // sealed before the transaction: sealing may create or read the tenant's data key on a connection
    // of its own, which a pool held by racing transactions could not give
    Fields.Sealed body = m.body() == null ? null
        : subjects.fields().seal(m.tenant(), Fields.MESSAGE_BODY, m.messageId(), m.body());
    return db.transaction("reserve a send", c -> {
      long subject = subjects.ensure(c, m.tenant(), m.number());
      try (PreparedStatement lock = c.prepareStatement("SELECT id FROM " + t.subject + " WHERE id = ? FOR UPDATE")) {
        lock.setLong(1, subject);
        lock.executeQuery().close();
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + t.message
          + " WHERE subject_id = ? AND purpose_id = ? AND sent_at >= ?")) {
        ps.setLong(1, subject);
        ps.setString(2, m.purposeId());
        db.setInstant(ps, 3, since);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getInt(1) >= max) {
            return false;
          }
        }
      }
      insert(c, m, subject, body);
      return true;
    });
  }

  boolean confirm(String tenant, String messageId, String carrierMessageId) {
    return db.autocommit("confirm a send", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + t.message + " SET carrier_message_id = ?"
          + " WHERE tenant = ? AND message_id = ? AND carrier_message_id IS NULL")) {
        ps.setString(1, carrierMessageId);
        ps.setString(2, tenant);
        ps.setString(3, messageId);
        return ps.executeUpdate() == 1;
      }
    });
  }

  boolean release(String tenant, String messageId) {
    return db.autocommit("release a send", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t.message
          + " WHERE tenant = ? AND message_id = ? AND carrier_message_id IS NULL")) {
        ps.setString(1, tenant);
        ps.setString(2, messageId);
        return ps.executeUpdate() == 1;
      }
    });
  }

  Optional<MessageRecord> updateDelivery(String tenant, String carrierMessageId, DeliveryState state,
      @Nullable String errorCode) {
    List<String> behind = Arrays.stream(DeliveryState.values()).filter(s -> s.canMoveTo(state)).map(Enum::name).toList();
    if (!behind.isEmpty()) {
      db.autocommit("update delivery", c -> {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + t.message + " SET state = ?, error_code = ?"
            + " WHERE tenant = ? AND carrier_message_id = ? AND state IN ("
            + behind.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", ")) + ")")) {
          ps.setString(1, state.name());
          ps.setString(2, errorCode);
          ps.setString(3, tenant);
          ps.setString(4, carrierMessageId);
          return ps.executeUpdate();
        }
      });
    }
    return byCarrierId(tenant, carrierMessageId);
  }

  Optional<MessageRecord> byCarrierId(String tenant, String carrierMessageId) {
    return query("message by carrier id", " WHERE m.tenant = ? AND m.carrier_message_id = ? ORDER BY m.id LIMIT 1",
        tenant, carrierMessageId).stream().findFirst();
  }

  List<MessageRecord> messages(String tenant, PhoneNumber number) {
    return query("messages of a number", " WHERE s.tenant = ? AND s.subject_ref = ? ORDER BY m.sent_at, m.id",
        tenant, subjects.ref(tenant, number));
  }

  List<Instant> sendTimes(String tenant, PhoneNumber number, String purposeId, Instant since) {
    return query("send times", " WHERE s.tenant = ? AND s.subject_ref = ? AND m.purpose_id = ? AND m.sent_at >= ?"
        + " ORDER BY m.sent_at, m.id", tenant, subjects.ref(tenant, number), purposeId, since)
        .stream().map(MessageRecord::sentAt).toList();
  }

  Map<PhoneNumber, Integer> sendCounts(String tenant, Collection<PhoneNumber> numbers, String purposeId, Instant since) {
    Map<String, PhoneNumber> byRef = subjects.refs(tenant, numbers);
    Map<PhoneNumber, Integer> out = new HashMap<>(Db.capacity(byRef.size()));
    for (List<String> chunk : db.chunks(byRef.keySet())) {
      db.autocommit("send counts", c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT s.subject_ref, COUNT(*) FROM " + t.message + " m JOIN "
            + t.subject + " s ON s.id = m.subject_id WHERE s.tenant = ? AND " + db.anyOf("s.subject_ref", chunk.size())
            + " AND m.purpose_id = ? AND m.sent_at >= ? GROUP BY s.subject_ref")) {
          ps.setString(1, tenant);
          int i = db.bindAnyOf(c, ps, 2, chunk);
          ps.setString(i, purposeId);
          db.setInstant(ps, i + 1, since);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.put(byRef.get(rs.getString(1)), rs.getInt(2));
            }
          }
        }
        return null;
      });
    }
    return out;
  }

  private List<MessageRecord> query(String what, String where, Object... args) {
    return db.autocommit(what, c -> {
      try (PreparedStatement ps = c.prepareStatement(select + where)) {
        for (int i = 0; i < args.length; i++) {
          if (args[i] instanceof Instant at) {
            db.setInstant(ps, i + 1, at);
          } else {
            ps.setString(i + 1, (String) args[i]);
          }
        }
        List<MessageRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String tenant = rs.getString("tenant");
            String messageId = rs.getString("message_id");
            PhoneNumber number = subjects.number(rs, tenant);
            if (number == null) {
              throw new SQLException("message of an erased subject", "02000");
            }
            String body = rs.getString("body");
            out.add(new MessageRecord(tenant, messageId, number, rs.getString("purpose_id"), rs.getString("program_id"),
                rs.getString("sender"), rs.getString("carrier"), rs.getString("carrier_message_id"),
                db.requiredInstant(rs, "sent_at"), DeliveryState.valueOf(rs.getString("state")),
                rs.getString("error_code"), body == null ? null
                    : subjects.fields().open(c, tenant, Fields.MESSAGE_BODY, messageId, rs.getString("body_key"), body)));
          }
        }
        return out;
      }
    });
  }
}
