package dev.consent.jdbc;

import dev.consent.DeliveryState;
import dev.consent.MessageRecord;
import dev.consent.PhoneNumber;
import dev.consent.error.ConsentStoreException;
import dev.consent.error.InvalidInputException;
import dev.consent.spi.CampaignReservation;
import dev.consent.spi.CampaignSlot;
import dev.consent.spi.SendCap;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
  boolean reserve(MessageRecord m, List<SendCap> caps) {
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
      Instant since = SendCap.earliest(caps);
      if (since != null
          && SendCap.firstFull(caps, m, logged(c, List.of(subject), since).getOrDefault(subject, List.of())) != null) {
        return false;
      }
      insert(c, m, subject, body);
      return true;
    });
  }

  /**
   * One campaign batch ({@link dev.consent.spi.MessageLogStore#reserveCampaign}): the subjects are
   * ensured in one batch, then one transaction locks their rows (in id order, so that two instances
   * reserving overlapping batches do not deadlock), reads the campaign's messages to them and, for
   * the capped slots, their send times, decides every slot in order, and inserts the reserved ones
   * in one batch. A fixed number of statements per batch, none per slot.
   */
  List<CampaignReservation> reserveCampaign(String tenant, String campaignId, List<CampaignSlot> slots) {
    CampaignSlot.checkCampaignId(campaignId);
    for (CampaignSlot s : slots) {
      if (!s.message().tenant().equals(tenant)) {
        throw new InvalidInputException("every campaign send must be of tenant '" + tenant + "'");
      }
    }
    if (slots.isEmpty()) {
      return List.of();
    }
    List<String> refs = new ArrayList<>(slots.size());
    Map<String, PhoneNumber> byRef = new LinkedHashMap<>();
    List<Fields.@Nullable Sealed> bodies = new ArrayList<>(slots.size());
    for (CampaignSlot s : slots) {
      MessageRecord m = s.message();
      String ref = subjects.ref(tenant, m.number());
      refs.add(ref);
      byRef.putIfAbsent(ref, m.number());
      bodies.add(m.body() == null ? null
          : subjects.fields().seal(tenant, Fields.MESSAGE_BODY, m.messageId(), m.body()));
    }
    Map<String, Long> ids = subjects.ensureAll(tenant, byRef);
    return db.transaction("reserve campaign sends", c -> {
      List<Long> subjectIds = ids.values().stream().distinct().sorted().toList();
      for (String in : idLists(subjectIds)) {
        try (PreparedStatement lock = c.prepareStatement("SELECT id FROM " + t.subject + " WHERE id IN (" + in
            + ") ORDER BY id FOR UPDATE")) {
          lock.executeQuery().close();
        }
      }
      Map<Long, CampaignReservation.AlreadyInCampaign> held = held(c, tenant, campaignId, subjectIds);
      Map<Long, List<SendCap.Logged>> logged = logged(c, slots, refs, ids);
      List<CampaignReservation> out = new ArrayList<>(slots.size());
      List<Integer> inserts = new ArrayList<>();
      for (int i = 0; i < slots.size(); i++) {
        CampaignSlot s = slots.get(i);
        MessageRecord m = s.message();
        long subject = ids.get(refs.get(i));
        CampaignReservation.AlreadyInCampaign earlier = held.get(subject);
        if (earlier != null) {
          out.add(earlier);
          continue;
        }
        CampaignReservation.CapReached full =
            SendCap.firstFull(s.caps(), m, logged.getOrDefault(subject, List.of()));
        if (full != null) {
          out.add(full);
          continue;
        }
        held.put(subject, new CampaignReservation.AlreadyInCampaign(m.messageId(), null));
        logged.computeIfAbsent(subject, k -> new ArrayList<>()).add(SendCap.Logged.of(m));
        inserts.add(i);
        out.add(new CampaignReservation.Reserved());
      }
      insertCampaign(c, campaignId, slots, refs, ids, bodies, inserts);
      return out;
    });
  }

  /** The campaign's messages to these subjects (at most one each: the unique key). */
  private Map<Long, CampaignReservation.AlreadyInCampaign> held(Connection c, String tenant, String campaignId,
      List<Long> subjectIds) throws SQLException {
    Map<Long, CampaignReservation.AlreadyInCampaign> out = new HashMap<>();
    for (String in : idLists(subjectIds)) {
      try (PreparedStatement ps = c.prepareStatement("SELECT subject_id, message_id, carrier_message_id FROM "
          + t.message + " WHERE subject_id IN (" + in + ") AND campaign_id = ? AND tenant = ?")) {
        ps.setString(1, campaignId);
        ps.setString(2, tenant);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getLong(1), new CampaignReservation.AlreadyInCampaign(rs.getString(2), rs.getString(3)));
          }
        }
      }
    }
    return out;
  }

  /** The gated messages of the capped slots' subjects, from the earliest cap start on. */
  private Map<Long, List<SendCap.Logged>> logged(Connection c, List<CampaignSlot> slots, List<String> refs,
      Map<String, Long> ids) throws SQLException {
    Instant since = null;
    java.util.Set<Long> capped = new java.util.TreeSet<>();
    for (int i = 0; i < slots.size(); i++) {
      Instant start = SendCap.earliest(slots.get(i).caps());
      if (start != null) {
        capped.add(ids.get(refs.get(i)));
        since = since == null || start.isBefore(since) ? start : since;
      }
    }
    return since == null ? new HashMap<>() : logged(c, new ArrayList<>(capped), since);
  }

  /** The gated messages to these subjects sent at or after {@code since}, per subject. */
  private Map<Long, List<SendCap.Logged>> logged(Connection c, List<Long> subjectIds, Instant since)
      throws SQLException {
    Map<Long, List<SendCap.Logged>> out = new HashMap<>();
    for (String in : idLists(subjectIds)) {
      try (PreparedStatement ps = c.prepareStatement("SELECT subject_id, purpose_id, program_id, sent_at FROM "
          + t.message + " WHERE subject_id IN (" + in + ") AND purpose_id IS NOT NULL AND sent_at >= ?")) {
        db.setInstant(ps, 1, since);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(
                new SendCap.Logged(rs.getString(2), rs.getString(3), db.requiredInstant(rs, "sent_at")));
          }
        }
      }
    }
    return out;
  }

  /** Rows per multi-row INSERT: 13 parameters each, far below every driver's parameter limit. */
  private static final int INSERT_ROWS = 1000;

  /** The reserved rows, in multi-row INSERTs of up to {@value #INSERT_ROWS} rows. */
  private void insertCampaign(Connection c, String campaignId, List<CampaignSlot> slots, List<String> refs,
      Map<String, Long> ids, List<Fields.@Nullable Sealed> bodies, List<Integer> inserts) throws SQLException {
    for (int from = 0; from < inserts.size(); from += INSERT_ROWS) {
      List<Integer> rows = inserts.subList(from, Math.min(inserts.size(), from + INSERT_ROWS));
      String values = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), ".repeat(rows.size());
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t.message + " (tenant, message_id, subject_id,"
          + " purpose_id, program_id, sender, carrier, sent_at, state, body, data_key_id, campaign_id, carrier_message_id)"
          + " VALUES " + values.substring(0, values.length() - 2))) {
        int p = 1;
        for (int i : rows) {
          MessageRecord m = slots.get(i).message();
          Fields.Sealed body = bodies.get(i);
          ps.setString(p++, m.tenant());
          ps.setString(p++, m.messageId());
          ps.setLong(p++, ids.get(refs.get(i)));
          ps.setString(p++, m.purposeId());
          ps.setString(p++, m.programId());
          ps.setString(p++, m.sender());
          ps.setString(p++, m.carrier());
          db.setInstant(ps, p++, m.sentAt());
          ps.setString(p++, m.state().name());
          ps.setString(p++, body == null ? null : body.text());
          ps.setString(p++, body == null ? null : body.keyId());
          ps.setString(p++, campaignId);
          ps.setNull(p++, java.sql.Types.VARCHAR);
        }
        ps.executeUpdate();
      } catch (SQLException e) {
        if (Db.isUniqueViolation(e)) {
          throw new ConsentStoreException("a campaign message id is already logged");
        }
        throw e;
      }
    }
  }

  /** Subject ids as literal IN lists (numbers read from the database: nothing to bind), in chunks. */
  private List<String> idLists(List<Long> subjectIds) {
    List<String> out = new ArrayList<>();
    int chunk = Math.min(db.chunkSize(), 1000);
    for (int i = 0; i < subjectIds.size(); i += chunk) {
      out.add(subjectIds.subList(i, Math.min(subjectIds.size(), i + chunk)).stream().map(String::valueOf)
          .collect(Collectors.joining(",")));
    }
    return out;
  }

  /**
   * {@link #confirm} for many messages: one UPDATE joined to the list of ids per {@value #INSERT_ROWS}
   * messages on PostgreSQL and MariaDB/MySQL (a batch of single-row updates costs MariaDB a round trip
   * each); on H2, embedded, one batch of conditional updates.
   */
  void confirmAll(String tenant, Map<String, String> carrierIds) {
    if (carrierIds.isEmpty()) {
      return;
    }
    db.autocommit("confirm sends", c -> {
      if (db.dialect == Dialect.H2) {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + t.message + " SET carrier_message_id = ?"
            + " WHERE tenant = ? AND message_id = ? AND carrier_message_id IS NULL")) {
          for (Map.Entry<String, String> e : carrierIds.entrySet()) {
            ps.setString(1, e.getValue());
            ps.setString(2, tenant);
            ps.setString(3, e.getKey());
            ps.addBatch();
          }
          ps.executeBatch();
        }
        return null;
      }
      List<Map.Entry<String, String>> all = new ArrayList<>(carrierIds.entrySet());
      for (int from = 0; from < all.size(); from += INSERT_ROWS) {
        List<Map.Entry<String, String>> rows = all.subList(from, Math.min(all.size(), from + INSERT_ROWS));
        try (PreparedStatement ps = c.prepareStatement(confirmStatement(rows.size()))) {
          int p = 1;
          for (Map.Entry<String, String> e : rows) {
            ps.setString(p++, e.getKey());
            ps.setString(p++, e.getValue());
          }
          ps.setString(p, tenant);
          ps.executeUpdate();
        }
      }
      return null;
    });
  }

  /** Sets the carrier ids of {@code rows} messages still unconfirmed, from (message id, carrier id) pairs. */
  private String confirmStatement(int rows) {
    if (db.dialect == Dialect.POSTGRESQL) {
      String values = "(?, ?), ".repeat(rows);
      return "UPDATE " + t.message + " m SET carrier_message_id = u.cid FROM (VALUES "
          + values.substring(0, values.length() - 2) + ") AS u(mid, cid)"
          + " WHERE m.tenant = ? AND m.message_id = u.mid AND m.carrier_message_id IS NULL";
    }
    String selects = "SELECT ? AS mid, ? AS cid" + " UNION ALL SELECT ?, ?".repeat(rows - 1);
    return "UPDATE " + t.message + " m JOIN (" + selects + ") u ON m.message_id = u.mid"
        + " SET m.carrier_message_id = u.cid WHERE m.tenant = ? AND m.carrier_message_id IS NULL";
  }

  /** {@link #release} for many messages: one batch of conditional deletes. */
  void releaseAll(String tenant, Collection<String> messageIds) {
    if (messageIds.isEmpty()) {
      return;
    }
    db.autocommit("release sends", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t.message
          + " WHERE tenant = ? AND message_id = ? AND carrier_message_id IS NULL")) {
        for (String id : messageIds) {
          ps.setString(1, tenant);
          ps.setString(2, id);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
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

  /** Send times of the gated messages of one program to one number: the index on (subject, program, sent_at). */
  List<Instant> programSendTimes(String tenant, PhoneNumber number, String programId, Instant since) {
    return db.autocommit("program send times", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT m.sent_at FROM " + t.message + " m JOIN " + t.subject
          + " s ON s.id = m.subject_id WHERE s.tenant = ? AND s.subject_ref = ? AND m.program_id = ?"
          + " AND m.purpose_id IS NOT NULL AND m.sent_at >= ? ORDER BY m.sent_at, m.id")) {
        ps.setString(1, tenant);
        ps.setString(2, subjects.ref(tenant, number));
        ps.setString(3, programId);
        db.setInstant(ps, 4, since);
        List<Instant> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(db.requiredInstant(rs, "sent_at"));
          }
        }
        return out;
      }
    });
  }

  Map<PhoneNumber, Integer> sendCounts(String tenant, Collection<PhoneNumber> numbers, String purposeId, Instant since) {
    return counts(tenant, numbers, "m.purpose_id = ?", purposeId, since);
  }

  Map<PhoneNumber, Integer> programSendCounts(String tenant, Collection<PhoneNumber> numbers, String programId,
      Instant since) {
    return counts(tenant, numbers, "m.program_id = ? AND m.purpose_id IS NOT NULL", programId, since);
  }

  /** Gated messages per number that match {@code where} (one parameter, {@code id}), one query per chunk. */
  private Map<PhoneNumber, Integer> counts(String tenant, Collection<PhoneNumber> numbers, String where, String id,
      Instant since) {
    Map<String, PhoneNumber> byRef = subjects.refs(tenant, numbers);
    Map<PhoneNumber, Integer> out = new HashMap<>(Db.capacity(byRef.size()));
    for (List<String> chunk : db.chunks(byRef.keySet())) {
      db.autocommit("send counts", c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT s.subject_ref, COUNT(*) FROM " + t.message + " m JOIN "
            + t.subject + " s ON s.id = m.subject_id WHERE s.tenant = ? AND " + db.anyOf("s.subject_ref", chunk.size())
            + " AND " + where + " AND m.sent_at >= ? GROUP BY s.subject_ref")) {
          ps.setString(1, tenant);
          int i = db.bindAnyOf(c, ps, 2, chunk);
          ps.setString(i, id);
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
        db.bind(ps, args);
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
