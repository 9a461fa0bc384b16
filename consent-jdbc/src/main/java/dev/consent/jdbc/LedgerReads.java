package dev.consent.jdbc;

import dev.consent.ConsentEvent;
import dev.consent.ConsentStatus;
import dev.consent.PhoneNumber;
import dev.consent.spi.EventChain;
import dev.consent.spi.StoredChain;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Status and history reads; campaign look-ups go one round trip per chunk of numbers. */
final class LedgerReads {
  private final Db db;
  private final Tables t;
  private final Rows rows;
  private final Subjects subjects;

  LedgerReads(Db db, Tables t, Rows rows, Subjects subjects) {
    this.db = db;
    this.t = t;
    this.rows = rows;
    this.subjects = subjects;
  }

  ConsentStatus status(String tenant, PhoneNumber number, String purposeId) {
    return db.autocommit("status", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          rows.statusSelect + " WHERE st.subject_id = (SELECT id FROM " + t.subject
              + " WHERE tenant = ? AND subject_ref = ?) AND st.purpose_id = ?")) {
        ps.setString(1, tenant);
        ps.setString(2, subjects.ref(tenant, number));
        ps.setString(3, purposeId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rows.status(rs, tenant, number) : ConsentStatus.none(tenant, number, purposeId);
        }
      }
    });
  }

  Map<PhoneNumber, ConsentStatus> statuses(String tenant, Collection<PhoneNumber> numbers, String purposeId) {
    Map<String, PhoneNumber> byRef = subjects.refs(tenant, numbers);
    Map<PhoneNumber, ConsentStatus> out = new HashMap<>(Db.capacity(byRef.size()));
    for (List<String> chunk : db.chunks(byRef.keySet())) {
      db.autocommit("batched statuses", c -> {
        try (PreparedStatement ps = c.prepareStatement(rows.statusSelect + " WHERE s.tenant = ? AND "
            + db.anyOf("s.subject_ref", chunk.size()) + " AND st.purpose_id = ?")) {
          ps.setString(1, tenant);
          ps.setString(db.bindAnyOf(c, ps, 2, chunk), purposeId);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              PhoneNumber n = byRef.get(rs.getString("subject_ref"));
              out.put(n, rows.status(rs, tenant, n));
            }
          }
        }
        return null;
      });
    }
    return out;
  }

  List<ConsentStatus> statuses(String tenant, PhoneNumber number) {
    return db.autocommit("statuses of a number", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          rows.statusSelect + " WHERE s.tenant = ? AND s.subject_ref = ? ORDER BY st.purpose_id")) {
        ps.setString(1, tenant);
        ps.setString(2, subjects.ref(tenant, number));
        List<ConsentStatus> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rows.status(rs, tenant, number));
          }
        }
        return out;
      }
    });
  }

  List<ConsentEvent> history(String tenant, PhoneNumber number) {
    return db.autocommit("history", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          rows.eventSelect + " WHERE s.tenant = ? AND s.subject_ref = ? ORDER BY e.seq")) {
        ps.setString(1, tenant);
        ps.setString(2, subjects.ref(tenant, number));
        List<ConsentEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rows.event(rs, number));
          }
        }
        return List.copyOf(out);
      }
    });
  }

  List<PhoneNumber> numbers(String tenant, @Nullable PhoneNumber after, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return db.autocommit("numbers", c -> {
      // numbers are encrypted: pages go in subject reference order, resuming after the reference of "after"
      try (PreparedStatement ps = c.prepareStatement("SELECT " + Subjects.NUMBER_COLUMNS + " FROM " + t.subject
          + " s WHERE s.tenant = ? AND s.last_seq > 0 AND (s.number_enc IS NOT NULL OR s.e164 IS NOT NULL)"
          + " AND s.subject_ref > ? ORDER BY s.subject_ref LIMIT ?")) {
        ps.setString(1, tenant);
        ps.setString(2, after == null ? "" : subjects.ref(tenant, after));
        ps.setInt(3, limit);
        List<PhoneNumber> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(subjects.number(rs, tenant));
          }
        }
        return out;
      }
    });
  }

  /** The chain as stored and the head from the subject row, read in one transaction so they agree. */
  StoredChain chain(String tenant, String ref) {
    return db.transaction("read a chain", c -> {
      long headSeq = 0;
      String headHash = EventChain.GENESIS;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT last_seq, last_hash FROM " + t.subject + " WHERE tenant = ? AND subject_ref = ?")) {
        ps.setString(1, tenant);
        ps.setString(2, ref);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            headSeq = rs.getLong(1);
            headHash = rs.getString(2);
          }
        }
      }
      List<ConsentEvent> events = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          rows.eventSelect + " WHERE s.tenant = ? AND s.subject_ref = ? ORDER BY e.seq")) {
        ps.setString(1, tenant);
        ps.setString(2, ref);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            events.add(rows.eventToVerify(rs));
          }
        }
      }
      return new StoredChain(ref, events, headSeq, headHash);
    });
  }

  List<String> subjectRefs(String tenant, @Nullable String after, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return db.autocommit("subject references", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT subject_ref FROM " + t.subject
          + " WHERE tenant = ? AND last_seq > 0 AND subject_ref > ? ORDER BY subject_ref LIMIT ?")) {
        ps.setString(1, tenant);
        ps.setString(2, after == null ? "" : after);
        ps.setInt(3, limit);
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
        return out;
      }
    });
  }
}
