package dev.consent.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Moves values between keys, in bounded batches, while the store keeps serving: encrypting the
 * clear values of a database written before schema version 3 ({@link #backfill}), and moving values
 * from old data keys to the current one after a rotation ({@link #reencrypt}). Every row is
 * rewritten by a compare-and-set on its key id and stored value, so a row changed or erased in the
 * meantime is left alone (and found again by the next batch if it still needs work).
 */
final class Encryption {
  private static final Logger log = StoreLog.LOG;
  private static final int BACKFILL_BATCH = 500;
  private static final String DONE_MARKER = "encrypted-v3";

  /**
   * Rows with encrypted columns under one key column: how to read them (and their identity) and
   * rewrite one. {@code fields} and {@code valueColumns} pair up; {@code clearColumn} is where a row
   * written before version 3 holds its single value in clear (null for tables born encrypted).
   */
  private record Target(List<String> fields, String from, String tenantColumn, List<String> valueColumns,
      @Nullable String clearColumn, String keyColumn, String pk, String rowIdentity, String cleared) {

    Target(String field, String from, String tenantColumn, String valueColumn, String clearColumn, String keyColumn,
        String pk, String rowIdentity, String cleared) {
      this(List.of(field), from, tenantColumn, List.of(valueColumn), clearColumn, keyColumn, pk, rowIdentity, cleared);
    }

    String field() {
      return String.join("+", fields);
    }
  }

  private final Db db;
  private final Tables t;
  private final Fields fields;
  private final List<Target> targets;

  Encryption(Db db, Tables t, Fields fields) {
    this.db = db;
    this.t = t;
    this.fields = fields;
    targets = List.of(
        new Target(Fields.NUMBER, t.subject + " s", "s.tenant", "s.number_enc", "s.e164", "s.data_key_id",
            "s.id", "s.subject_ref", ", e164 = NULL"),
        new Target(Fields.EVENT_EVIDENCE, t.event + " e JOIN " + t.subject + " s ON s.id = e.subject_id", "e.tenant",
            "e.evidence", "e.evidence", "e.data_key_id", "e.subject_id, e.seq", "s.subject_ref, e.event_id", ""),
        new Target(Fields.SUPPRESSION_EVIDENCE, t.suppression + " x JOIN " + t.subject + " s ON s.id = x.subject_id",
            "s.tenant", "x.evidence", "x.evidence", "x.data_key_id", "x.subject_id, x.scope", "s.subject_ref, x.scope", ""),
        new Target(Fields.PENDING_EVIDENCE, t.pending + " p", "p.tenant", "p.evidence", "p.evidence", "p.data_key_id",
            "p.tenant, p.request_id", "p.request_id", ""),
        new Target(Fields.MESSAGE_BODY, t.message + " m", "m.tenant", "m.body", "m.body", "m.data_key_id", "m.id",
            "m.message_id", ""),
        // the review queue (V8) was born encrypted: two sealed columns under one key, nothing to backfill
        new Target(List.of(ReviewItems.NUMBER, ReviewItems.TEXT), t.review + " r", "r.tenant",
            List.of("r.number_sealed", "r.text_sealed"), null, "r.data_key_id", "r.tenant, r.id", "r.id", ""),
        // so were deferred messages (V14)
        new Target(List.of(DeferredRows.NUMBER, DeferredRows.BODY), t.deferral + " d", "d.tenant",
            List.of("d.number_sealed", "d.body_sealed"), null, "d.data_key_id", "d.tenant, d.id", "d.id", ""));
  }

  /** A row read for rewriting: its stored values, one per value column read. */
  private record Row(Object[] pk, String tenant, String identity, @Nullable String keyId, List<String> values) {}

  /**
   * Encrypts every clear personal value (rows written before schema version 3) and empties the
   * clear number column; once done, records that in the key table so later starts skip the scan.
   * Returns how many values it encrypted.
   */
  int backfill(Connection c) throws SQLException {
    if (done(c)) {
      fields.sealedOnly();
      return 0;
    }
    int total = 0;
    for (Target target : targets) {
      if (target.clearColumn() == null) {
        continue;
      }
      String clearPredicate = target.field().equals(Fields.NUMBER)
          ? target.keyColumn() + " IS NULL AND s.e164 IS NOT NULL AND s.subject_ref IS NOT NULL"
          : target.field().equals(Fields.EVENT_EVIDENCE) ? target.keyColumn() + " IS NULL AND e.redacted = FALSE"
          : target.keyColumn() + " IS NULL AND " + target.clearColumn() + " IS NOT NULL";
      while (true) {
        List<Row> page = read(c, target, clearPredicate, List.of(target.clearColumn()), List.of(), BACKFILL_BATCH);
        int changed = 0;
        for (Row r : page) {
          changed += rewrite(c, target, r, r.values());
        }
        total += changed;
        if (page.size() < BACKFILL_BATCH) {
          break;
        }
        if (changed == 0) {
          throw new SQLException("encrypting " + target.field() + " made no progress", "55000");
        }
      }
    }
    markDone(c);
    fields.sealedOnly();
    if (total > 0) {
      log.info("consent schema: encrypted {} values written before version 3", total);
    }
    return total;
  }

  /**
   * Moves at most {@code batchSize} values of {@code tenant} from older data keys to the current
   * one; when none is left, retires every older key.
   */
  ReencryptResult reencrypt(String tenant, int batchSize) {
    if (batchSize < 1) {
      throw new dev.consent.error.InvalidInputException("batchSize must be at least 1");
    }
    String current = fields.keys().current(tenant).id();
    // Rows are found by the ids of the tenant's other keys (retired ones too: an instance that had not
    // yet seen a rotation may still have written with one), so each look-up is an index probe on
    // data_key_id, never a scan of the tenant's rows.
    List<String> old = new ArrayList<>();
    for (DataKeys.Stored k : fields.keys().all(tenant)) {
      if (!k.keyId().equals(current)) {
        old.add(k.keyId());
      }
    }
    List<String> args = new ArrayList<>();
    args.add(tenant);
    args.addAll(old);
    ReencryptResult done = old.isEmpty() ? new ReencryptResult(0, 0, List.of()) : db.autocommit("re-encrypt", c -> {
      int rewritten = 0;
      for (Target target : targets) {
        if (rewritten >= batchSize) {
          break;
        }
        for (Row r : read(c, target, oldKeys(target, old.size()), target.valueColumns(), args, batchSize - rewritten)) {
          rewritten += rewrite(c, target, r, open(c, target, r));
        }
      }
      long remaining = 0;
      for (Target target : targets) {
        remaining += count(c, target, oldKeys(target, old.size()), args);
      }
      return new ReencryptResult(rewritten, remaining, List.of());
    });
    if (!done.complete()) {
      return done;
    }
    List<String> retired = new ArrayList<>();
    for (DataKeys.Stored k : fields.keys().all(tenant)) {
      if (!k.retired() && !k.keyId().equals(current) && fields.keys().retire(tenant, k.keyId(), Instant.now())) {
        retired.add(k.keyId());
      }
    }
    return new ReencryptResult(done.rewritten(), 0, retired);
  }

  /**
   * Every encrypted value of {@code tenant}, decrypted: for audits and tests that look for a value
   * in every form the store keeps it.
   */
  List<String> clearValues(String tenant) {
    return db.autocommit("read encrypted values", c -> {
      List<String> out = new ArrayList<>();
      for (Target target : targets) {
        String predicate = target.tenantColumn() + " = ? AND " + target.keyColumn() + " IS NOT NULL";
        for (Row r : read(c, target, predicate, target.valueColumns(), List.of(tenant), Integer.MAX_VALUE)) {
          out.addAll(open(c, target, r));
        }
      }
      return out;
    });
  }

  /** The clear values of a row read under its key. */
  private List<String> open(Connection c, Target target, Row r) throws SQLException {
    List<String> clear = new ArrayList<>(r.values().size());
    for (int i = 0; i < r.values().size(); i++) {
      clear.add(fields.open(c, r.tenant(), target.fields().get(i), r.identity(), r.keyId(), r.values().get(i)));
    }
    return clear;
  }

  private List<Row> read(Connection c, Target target, String predicate, List<String> valueColumns, List<String> args,
      int limit) throws SQLException {
    String[] pkColumns = target.pk().split(", ");
    String[] identity = target.rowIdentity().split(", ");
    String sql = "SELECT " + target.pk() + ", " + target.tenantColumn() + ", " + target.rowIdentity() + ", "
        + target.keyColumn() + ", " + String.join(", ", valueColumns) + " FROM " + target.from() + " WHERE " + predicate
        + " ORDER BY " + target.pk() + " LIMIT " + limit;
    List<Row> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        ps.setString(i + 1, args.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Object[] pk = new Object[pkColumns.length];
          int col = 1;
          for (int i = 0; i < pk.length; i++) {
            pk[i] = rs.getObject(col++);
          }
          String tenant = rs.getString(col++);
          StringBuilder id = new StringBuilder();
          for (int i = 0; i < identity.length; i++) {
            id.append(i == 0 ? "" : "/").append(rs.getString(col++));
          }
          String keyId = rs.getString(col++);
          List<String> values = new ArrayList<>(valueColumns.size());
          for (int i = 0; i < valueColumns.size(); i++) {
            values.add(rs.getString(col++));
          }
          out.add(new Row(pk, tenant, id.toString(), keyId, values));
        }
      }
    }
    return out;
  }

  /**
   * Seals the clear values under the current key (one key for the row) into the row, if the row
   * still holds what was read: a compare-and-set on the key id and every value read.
   */
  private int rewrite(Connection c, Target target, Row r, List<String> clear) throws SQLException {
    List<Fields.Sealed> sealed = fields.sealAll(c, r.tenant(), target.fields(), r.identity(), clear);
    String table = target.from().split(" ")[0];
    List<String> readColumns = r.keyId() == null ? List.of(bare(target.clearColumn()))
        : target.valueColumns().stream().map(Encryption::bare).toList();
    StringBuilder set = new StringBuilder();
    for (String column : target.valueColumns()) {
      set.append(bare(column)).append(" = ?, ");
    }
    set.append(bare(target.keyColumn())).append(" = ?").append(r.keyId() == null ? target.cleared() : "");
    StringBuilder where = new StringBuilder();
    for (String pk : target.pk().split(", ")) {
      where.append(bare(pk)).append(" = ? AND ");
    }
    where.append(bare(target.keyColumn())).append(r.keyId() == null ? " IS NULL" : " = ?");
    for (String column : readColumns) {
      where.append(" AND ").append(column).append(" = ?");
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET " + set + " WHERE " + where)) {
      int i = 1;
      for (Fields.Sealed value : sealed) {
        ps.setString(i++, value.text());
      }
      ps.setString(i++, sealed.get(0).keyId());
      for (Object pk : r.pk()) {
        ps.setObject(i++, pk);
      }
      if (r.keyId() != null) {
        ps.setString(i++, r.keyId());
      }
      for (String value : r.values()) {
        ps.setString(i++, value);
      }
      return ps.executeUpdate();
    }
  }

  /** The tenant's rows of {@code target} under one of {@code keys} data keys (parameters: tenant, then the key ids). */
  private static String oldKeys(Target target, int keys) {
    return target.tenantColumn() + " = ? AND " + target.keyColumn() + " IN (" + "?, ".repeat(keys - 1) + "?)";
  }

  private long count(Connection c, Target target, String predicate, List<String> args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + target.from() + " WHERE " + predicate)) {
      for (int i = 0; i < args.size(); i++) {
        ps.setString(i + 1, args.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private boolean done(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT COUNT(*) FROM " + t.key + " WHERE tenant = '' AND key_use = ?")) {
      ps.setString(1, DONE_MARKER);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  private void markDone(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        db.insertIfAbsent(t.key, "tenant, key_use, key_material, created_at", 4))) {
      ps.setString(1, "");
      ps.setString(2, DONE_MARKER);
      ps.setString(3, "-");
      db.setInstant(ps, 4, Instant.now());
      Db.inserted(ps);
    }
  }

  private static String bare(String column) {
    return column.substring(column.indexOf('.') + 1);
  }

}
