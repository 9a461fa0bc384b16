package dev.consent.jdbc;

import dev.consent.spi.FieldCipher;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Encrypted columns: every personal value the store keeps (numbers, message bodies, evidence) is
 * sealed with {@link FieldCipher} under the tenant's current data key, bound to its field and row,
 * and its row records the key in {@code data_key_id}. A NULL {@code data_key_id} means the column
 * holds a clear value: from before schema version 3, or {@code '{}'} after erasure.
 */
final class Fields {
  static final String NUMBER = "subject.number";
  static final String EVENT_EVIDENCE = "event.evidence";
  static final String SUPPRESSION_EVIDENCE = "suppression.evidence";
  static final String PENDING_EVIDENCE = "pending.evidence";
  static final String MESSAGE_BODY = "message.body";

  /** A sealed value and the id of its data key. */
  record Sealed(String keyId, String text) {}

  /** What erasure and redaction leave in an evidence column, without a key. */
  private static final String EMPTY = "{}";

  private final DataKeys keys;
  /**
   * Set once the database is known to hold every personal value encrypted (the V3 backfill is
   * done): from then on a clear value where a sealed one belongs is an integrity error, never data.
   */
  private volatile boolean sealedOnly;
  private final FieldCipher cipher = new FieldCipher();

  Fields(DataKeys keys) {
    this.keys = keys;
  }

  DataKeys keys() {
    return keys;
  }

  /** Seals with the tenant's current key, read on a connection of its own: outside transactions. */
  Sealed seal(String tenant, String field, String row, String clear) {
    FieldCipher.DataKey key = keys.current(tenant);
    Sealed sealed = new Sealed(key.id(), cipher.seal(key, tenant, field, row, clear));
    try {
      keys.sealed(null, tenant, key.id(), 1);
    } catch (SQLException e) {
      throw Db.failure("count data key seals", e);
    }
    return sealed;
  }

  /** Seals with the tenant's current key, read on the caller's connection. */
  Sealed seal(Connection c, String tenant, String field, String row, String clear) throws SQLException {
    FieldCipher.DataKey key = keys.current(c, tenant);
    Sealed sealed = new Sealed(key.id(), cipher.seal(key, tenant, field, row, clear));
    keys.sealed(c, tenant, key.id(), 1);
    return sealed;
  }

  /**
   * Seals several columns of one row under one key (the tenant's current key, read once on the
   * caller's connection): a row keeps a single key id for all its sealed columns.
   */
  List<Sealed> sealAll(Connection c, String tenant, List<String> fields, String row, List<String> clears)
      throws SQLException {
    FieldCipher.DataKey key = keys.current(c, tenant);
    List<Sealed> out = new java.util.ArrayList<>(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      out.add(new Sealed(key.id(), cipher.seal(key, tenant, fields.get(i), row, clears.get(i))));
    }
    keys.sealed(c, tenant, key.id(), fields.size());
    return out;
  }

  /** Called when the backfill of schema version 3 is known to be complete. */
  void sealedOnly() {
    sealedOnly = true;
  }

  boolean isSealedOnly() {
    return sealedOnly;
  }

  /** The error for a personal value found in clear after the backfill (never names the value or row). */
  static dev.consent.error.ConsentStoreException inClear(String field) {
    return new dev.consent.error.ConsentStoreException(field + " is held in clear where the store keeps it encrypted:"
        + " an integrity error (the row was changed outside the store), not data");
  }

  /**
   * The clear value of a column: decrypted if {@code keyId} is set, as stored otherwise (a row
   * written before schema version 3 and not yet backfilled; after the backfill only the empty
   * evidence that erasure leaves, anything else is refused as {@link #inClear}).
   *
   * @throws dev.consent.error.ConsentStoreException if it does not decrypt
   */
  String open(Connection c, String tenant, String field, String row, @Nullable String keyId, String stored)
      throws SQLException {
    if (keyId == null) {
      if (sealedOnly && !EMPTY.equals(stored)) {
        throw inClear(field);
      }
      return stored;
    }
    return cipher.open(keys.key(c, tenant, FieldCipher.keyId(field, stored)), tenant, field, row, stored);
  }

  /** {@link #open(Connection, String, String, String, String, String)} on the connection of a result set. */
  String open(ResultSet rs, String tenant, String field, String row, @Nullable String keyId, String stored)
      throws SQLException {
    return open(rs.getStatement().getConnection(), tenant, field, row, keyId, stored);
  }

  /**
   * The row identity of an event's evidence: subject reference and event id (known before the
   * append's transaction, so the evidence is sealed outside it).
   */
  static String eventRow(String subjectRef, String eventId) {
    return subjectRef + "/" + eventId;
  }

  /** The row identity of a suppression's evidence: subject reference and scope. */
  static String suppressionRow(String subjectRef, String scope) {
    return subjectRef + "/" + scope;
  }
}
