package dev.consent.jdbc;

import dev.consent.ConsentEvent;
import dev.consent.ConsentStatus;
import dev.consent.PhoneNumber;
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

  LedgerReads(Db db, Tables t, Rows rows) {
    this.db = db;
    this.t = t;
    this.rows = rows;
  }

  ConsentStatus status(String tenant, PhoneNumber number, String purposeId) {
    return db.autocommit("status", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          rows.statusSelect + " WHERE s.tenant = ? AND s.e164 = ? AND st.purpose_id = ?")) {
        ps.setString(1, tenant);
        ps.setString(2, number.e164());
        ps.setString(3, purposeId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rows.status(rs, tenant, number) : ConsentStatus.none(tenant, number, purposeId);
        }
      }
    });
  }

  Map<PhoneNumber, ConsentStatus> statuses(String tenant, Collection<PhoneNumber> numbers, String purposeId) {
    Map<String, PhoneNumber> byE164 = new HashMap<>();
    numbers.forEach(n -> byE164.put(n.e164(), n));
    Map<PhoneNumber, ConsentStatus> out = new HashMap<>();
    for (List<String> chunk : db.chunks(numbers)) {
      db.autocommit("batched statuses", c -> {
        try (PreparedStatement ps = c.prepareStatement(rows.statusSelect + " WHERE s.tenant = ? AND "
            + db.anyOf("s.e164", chunk.size()) + " AND st.purpose_id = ?")) {
          ps.setString(1, tenant);
          ps.setString(db.bindAnyOf(c, ps, 2, chunk), purposeId);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              PhoneNumber n = byE164.get(rs.getString("e164"));
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
          rows.statusSelect + " WHERE s.tenant = ? AND s.e164 = ? ORDER BY st.purpose_id")) {
        ps.setString(1, tenant);
        ps.setString(2, number.e164());
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
          rows.eventSelect + " WHERE s.tenant = ? AND s.e164 = ? ORDER BY e.seq")) {
        ps.setString(1, tenant);
        ps.setString(2, number.e164());
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
      try (PreparedStatement ps = c.prepareStatement("SELECT e164 FROM " + t.subject
          + " WHERE tenant = ? AND last_seq > 0 AND e164 > ? ORDER BY e164 LIMIT ?")) {
        ps.setString(1, tenant);
        ps.setString(2, after == null ? "" : after.e164());
        ps.setInt(3, limit);
        List<PhoneNumber> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(PhoneNumber.ofE164(rs.getString(1)));
          }
        }
        return out;
      }
    });
  }
}
