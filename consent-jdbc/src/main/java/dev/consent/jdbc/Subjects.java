package dev.consent.jdbc;

import dev.consent.PhoneNumber;
import dev.consent.spi.EventChain;
import dev.consent.spi.Pseudonyms;
import java.lang.ref.SoftReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The subjects table: one row per (tenant, number) that every other table references by id. Rows
 * are found by the number's pseudonymous reference ({@link Pseudonyms}), never by the number, so
 * erasure can remove the number and keep the row; the row also holds the head of the number's hash
 * chain and is the per-number lock.
 */
final class Subjects {
  private static final int BACKFILL_PAGE = 500;
  private final Db db;
  private final Tables t;
  /** The columns {@link #number} reads, from a subject table aliased {@code s}. */
  static final String NUMBER_COLUMNS = "s.subject_ref, s.e164, s.number_enc, s.data_key_id AS number_key";
  private final Pseudonyms pseudonyms;
  private final Fields fields;
  private final AtomicReference<SoftReference<Batch>> lastBatch = new AtomicReference<>(new SoftReference<>(null));

  Subjects(Db db, Tables t, Pseudonyms pseudonyms, Fields fields) {
    this.db = db;
    this.t = t;
    this.pseudonyms = pseudonyms;
    this.fields = fields;
  }

  Fields fields() {
    return fields;
  }

  /**
   * The number of the subject row read with {@link #NUMBER_COLUMNS}, decrypted; null once erased.
   *
   * @throws dev.consent.error.ConsentStoreException if the stored number does not decrypt
   */
  @Nullable PhoneNumber number(ResultSet rs, String tenant) throws SQLException {
    String sealed = rs.getString("number_enc");
    if (sealed != null) {
      return PhoneNumber.ofE164(fields.open(rs, tenant, Fields.NUMBER, rs.getString("subject_ref"),
          rs.getString("number_key"), sealed));
    }
    String clear = rs.getString("e164");
    if (clear != null && fields.isSealedOnly()) {
      throw Fields.inClear(Fields.NUMBER);
    }
    return clear == null ? null : PhoneNumber.ofE164(clear);
  }

  String ref(String tenant, PhoneNumber number) {
    return pseudonyms.of(tenant, number);
  }

  /**
   * Reference to number, for the numbers of a batch look-up (distinct references; read-only). The
   * answer for the last batch is kept (softly): a campaign check asks for the suppressions and then
   * the statuses of the same numbers, and one HMAC per number is a tenth of such a check.
   */
  Map<String, PhoneNumber> refs(String tenant, Collection<PhoneNumber> numbers) {
    Batch last = lastBatch.get().get();
    if (last != null && last.tenant().equals(tenant) && last.sameNumbers(numbers)) {
      return last.byRef();
    }
    Map<String, PhoneNumber> out = new LinkedHashMap<>(Db.capacity(numbers.size()));
    for (PhoneNumber n : numbers) {
      out.put(ref(tenant, n), n);
    }
    Map<String, PhoneNumber> byRef = Collections.unmodifiableMap(out);
    lastBatch.set(new SoftReference<>(new Batch(tenant, new ArrayList<>(numbers), byRef)));
    return byRef;
  }

  /** A batch look-up's numbers in the order given and their references. */
  private record Batch(String tenant, List<PhoneNumber> numbers, Map<String, PhoneNumber> byRef) {
    boolean sameNumbers(Collection<PhoneNumber> other) {
      if (other.size() != numbers.size()) {
        return false;
      }
      Iterator<PhoneNumber> mine = numbers.iterator();
      for (PhoneNumber n : other) {
        PhoneNumber m = mine.next();
        if (m != n && !m.equals(n)) {
          return false;
        }
      }
      return true;
    }
  }

  OptionalLong find(Connection c, String tenant, String ref) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT id FROM " + t.subject + " WHERE tenant = ? AND subject_ref = ?")) {
      ps.setString(1, tenant);
      ps.setString(2, ref);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  long ensure(Connection c, String tenant, PhoneNumber number) throws SQLException {
    fields.keys().warm(c, tenant);
    return ensure(c, tenant, number, ref(tenant, number));
  }

  /**
   * The subject's id, inserting the row if needed; a row whose number was erased gets it back (the
   * person is in touch again). Runs in autocommit mode so that losing an insert race to another
   * instance is an ordinary outcome, not an aborted transaction.
   */
  long ensure(Connection c, String tenant, PhoneNumber number, String ref) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT id, number_enc, e164 FROM " + t.subject + " WHERE tenant = ? AND subject_ref = ?")) {
      ps.setString(1, tenant);
      ps.setString(2, ref);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          long id = rs.getLong(1);
          if (rs.getString(2) == null && rs.getString(3) == null) {
            restoreNumber(c, id, tenant, ref, number);
          }
          return id;
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(insertSubject())) {
      bindNewSubject(c, ps, tenant, ref, number);
      Db.inserted(ps);
    }
    return find(c, tenant, ref).orElseThrow(() -> new SQLException("subject row vanished after insert", "02000"));
  }

  /** Inserts a subject row unless one with its reference exists (see {@link Db#insertIfAbsent}). */
  private String insertSubject() {
    return db.insertIfAbsent(t.subject, "tenant, number_enc, data_key_id, subject_ref, last_seq, last_hash", 6);
  }

  /** Binds a new subject row for {@link #insertSubject}: its number sealed, its chain at the genesis. */
  private void bindNewSubject(Connection c, PreparedStatement ps, String tenant, String ref, PhoneNumber number)
      throws SQLException {
    Fields.Sealed sealed = fields.seal(c, tenant, Fields.NUMBER, ref, number.e164());
    ps.setString(1, tenant);
    ps.setString(2, sealed.text());
    ps.setString(3, sealed.keyId());
    ps.setString(4, ref);
    ps.setLong(5, 0);
    ps.setString(6, EventChain.GENESIS);
  }

  /**
   * {@link #ensure} for many numbers (reference to number): one look-up per chunk, the missing rows
   * inserted in one batch (if absent: a row another instance inserted first is kept) and read back.
   * Returns reference to subject id.
   */
  Map<String, Long> ensureAll(String tenant, Map<String, PhoneNumber> byRef) {
    return db.autocommit("ensure subjects", c -> {
      fields.keys().warm(c, tenant);
      Map<String, Long> ids = new HashMap<>(Db.capacity(byRef.size()));
      find(c, tenant, byRef, ids, true);
      // in reference order: a batch of inserts runs as one transaction on PostgreSQL, and two
      // instances inserting overlapping batches in different orders would deadlock
      List<String> missing = byRef.keySet().stream().filter(ref -> !ids.containsKey(ref)).sorted().toList();
      if (missing.isEmpty()) {
        return ids;
      }
      try (PreparedStatement ps = c.prepareStatement(insertSubject())) {
        for (String ref : missing) {
          bindNewSubject(c, ps, tenant, ref, byRef.get(ref));
          ps.addBatch();
        }
        try {
          ps.executeBatch();
        } catch (SQLException e) {
          // H2 has no insert-if-absent: a row another thread inserted first fails the batch there;
          // the rows still missing are then ensured one by one
          if (!Db.isUniqueViolation(e) && !(e.getNextException() != null && Db.isUniqueViolation(e.getNextException()))) {
            throw e;
          }
          find(c, tenant, byRef, ids, false);
          for (String ref : missing) {
            if (!ids.containsKey(ref)) {
              ids.put(ref, ensure(c, tenant, byRef.get(ref), ref));
            }
          }
          return ids;
        }
      }
      Map<String, PhoneNumber> inserted = new LinkedHashMap<>();
      missing.forEach(ref -> inserted.put(ref, byRef.get(ref)));
      find(c, tenant, inserted, ids, false);
      if (ids.size() != byRef.size()) {
        throw new SQLException("subject rows vanished after insert", "02000");
      }
      return ids;
    });
  }

  /** Reads the ids of the given references' rows into {@code ids}; gives erased rows their number back. */
  private void find(Connection c, String tenant, Map<String, PhoneNumber> byRef, Map<String, Long> ids,
      boolean restore) throws SQLException {
    for (List<String> chunk : db.chunks(byRef.keySet())) {
      try (PreparedStatement ps = c.prepareStatement("SELECT id, subject_ref, number_enc, e164 FROM " + t.subject
          + " WHERE tenant = ? AND " + db.anyOf("subject_ref", chunk.size()))) {
        ps.setString(1, tenant);
        db.bindAnyOf(c, ps, 2, chunk);
        List<Long> erased = new ArrayList<>();
        List<String> erasedRefs = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.put(rs.getString(2), rs.getLong(1));
            if (restore && rs.getString(3) == null && rs.getString(4) == null) {
              erased.add(rs.getLong(1));
              erasedRefs.add(rs.getString(2));
            }
          }
        }
        for (int i = 0; i < erased.size(); i++) {
          restoreNumber(c, erased.get(i), tenant, erasedRefs.get(i), byRef.get(erasedRefs.get(i)));
        }
      }
    }
  }

  /** Gives an erased subject row its number back, encrypted (the person is in touch again). */
  void restoreNumber(Connection c, long id, String tenant, String ref, PhoneNumber number) throws SQLException {
    Fields.Sealed sealed = fields.seal(c, tenant, Fields.NUMBER, ref, number.e164());
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + t.subject + " SET number_enc = ?, data_key_id = ?"
        + " WHERE id = ? AND number_enc IS NULL AND e164 IS NULL")) {
      ps.setString(1, sealed.text());
      ps.setString(2, sealed.keyId());
      ps.setLong(3, id);
      ps.executeUpdate();
    }
  }

  /** Gives rows written before schema version 2 their reference; returns how many it filled in. */
  int backfill(Connection c) throws SQLException {
    int total = 0;
    while (true) {
      record Row(long id, String tenant, String e164) {}
      List<Row> page = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id, tenant, e164 FROM " + t.subject
          + " WHERE subject_ref IS NULL AND e164 IS NOT NULL ORDER BY id LIMIT " + BACKFILL_PAGE)) {
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            page.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3)));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE " + t.subject + " SET subject_ref = ? WHERE id = ? AND subject_ref IS NULL")) {
        for (Row r : page) {
          ps.setString(1, ref(r.tenant(), PhoneNumber.ofE164(r.e164())));
          ps.setLong(2, r.id());
          total += ps.executeUpdate();
        }
      }
      if (page.size() < BACKFILL_PAGE) {
        return total;
      }
    }
  }
}
