package dev.consent.jdbc;

import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import dev.consent.SuppressionReason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The suppression list: one row per (subject, scope). */
final class Suppressions {
  private final Db db;
  private final Tables t;
  private final Subjects subjects;
  private final Json json;
  private final String select;
  private final ChangeRows changes;

  Suppressions(Db db, Tables t, Subjects subjects, Json json, ChangeRows changes) {
    this.db = db;
    this.changes = changes;
    this.t = t;
    this.subjects = subjects;
    this.json = json;
    select = "SELECT s.subject_ref, x.scope, x.reason, x.created_at, x.evidence, x.data_key_id FROM " + t.suppression + " x JOIN "
        + t.subject + " s ON s.id = x.subject_id";
  }

  /**
   * Adds a suppression unless its scope is held; with a change (the change feed on), inserts it in the
   * same transaction when the suppression was added. Returns whether it was added.
   */
  boolean suppress(Suppression s, dev.consent.feed.@Nullable ConsentChange change) {
    Db.Work<Boolean> work = c -> {
      String ref = subjects.ref(s.tenant(), s.number());
      long subject = subjects.ensure(c, s.tenant(), s.number(), ref);
      Fields.Sealed evidence = subjects.fields().seal(c, s.tenant(), Fields.SUPPRESSION_EVIDENCE,
          Fields.suppressionRow(ref, s.scope()), json.write(s.evidence()));
      try (PreparedStatement ps = c.prepareStatement(
          db.insertIfAbsent(t.suppression, "subject_id, scope, reason, created_at, evidence, data_key_id", 6))) {
        ps.setLong(1, subject);
        ps.setString(2, s.scope());
        ps.setString(3, s.reason().name());
        db.setInstant(ps, 4, s.createdAt());
        ps.setString(5, evidence.text());
        ps.setString(6, evidence.keyId());
        boolean added = Db.inserted(ps);
        if (added && change != null) {
          changes.insert(c, change);
        }
        return added;
      }
    };
    return change == null ? db.autocommit("suppress", work) : db.transaction("suppress", work);
  }

  /** Removes a suppression; with a change, inserts it in the same transaction when there was one. */
  boolean lift(String tenant, PhoneNumber number, String scope, dev.consent.feed.@Nullable ConsentChange change) {
    Db.Work<Boolean> work = c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t.suppression + " WHERE scope = ? AND subject_id"
          + " IN (SELECT id FROM " + t.subject + " WHERE tenant = ? AND subject_ref = ?)")) {
        ps.setString(1, scope);
        ps.setString(2, tenant);
        ps.setString(3, subjects.ref(tenant, number));
        boolean lifted = ps.executeUpdate() > 0;
        if (lifted && change != null) {
          changes.insert(c, change);
        }
        return lifted;
      }
    };
    return change == null ? db.autocommit("lift suppression", work) : db.transaction("lift suppression", work);
  }

  List<Suppression> of(String tenant, PhoneNumber number) {
    return of(tenant, List.of(number)).getOrDefault(number, List.of());
  }

  /** A suppression row of the subject {@code ref} (whose number is {@code n}), its evidence decrypted. */
  Suppression suppression(Connection c, String tenant, PhoneNumber n, String ref, String scope, String reason,
      Instant createdAt, @Nullable String keyId, String evidence) throws SQLException {
    String clear = subjects.fields().open(c, tenant, Fields.SUPPRESSION_EVIDENCE, Fields.suppressionRow(ref, scope),
        keyId, evidence);
    return new Suppression(tenant, n, scope, SuppressionReason.valueOf(reason), createdAt, json.map(clear));
  }

  Map<PhoneNumber, List<Suppression>> of(String tenant, Collection<PhoneNumber> numbers) {
    Map<String, PhoneNumber> byRef = subjects.refs(tenant, numbers);
    Map<PhoneNumber, List<Suppression>> out = new HashMap<>();
    for (List<String> chunk : db.chunks(byRef.keySet())) {
      db.autocommit("read suppressions", c -> {
        try (PreparedStatement ps = c.prepareStatement(
            select + " WHERE s.tenant = ? AND " + db.anyOf("s.subject_ref", chunk.size())
                + " ORDER BY s.subject_ref, x.scope")) {
          ps.setString(1, tenant);
          db.bindAnyOf(c, ps, 2, chunk);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String ref = rs.getString("subject_ref");
              PhoneNumber n = byRef.get(ref);
              String scope = rs.getString("scope");
              out.computeIfAbsent(n, k -> new ArrayList<>()).add(suppression(c, tenant, n, ref, scope,
                  rs.getString("reason"), db.requiredInstant(rs, "created_at"), rs.getString("data_key_id"),
                  rs.getString("evidence")));
            }
          }
        }
        return null;
      });
    }
    out.replaceAll((n, list) -> List.copyOf(list));
    return out;
  }
}
