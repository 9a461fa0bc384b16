package dev.consent.jdbc;

import dev.consent.spi.FieldCipher;
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

  private final DataKeys keys;

  Fields(DataKeys keys) {
    this.keys = keys;
  }

  DataKeys keys() {
    return keys;
  }

  Sealed seal(String tenant, String field, String row, String clear) {
    FieldCipher.DataKey key = keys.current(tenant);
    return new Sealed(key.id(), FieldCipher.seal(key, tenant, field, row, clear));
  }

  /**
   * The clear value of a column: decrypted if {@code keyId} is set, as stored otherwise.
   *
   * @throws dev.consent.ConsentStoreException if it does not decrypt
   */
  String open(String tenant, String field, String row, @Nullable String keyId, String stored) {
    if (keyId == null) {
      return stored;
    }
    return FieldCipher.open(keys.key(tenant, FieldCipher.keyId(field, stored)), tenant, field, row, stored);
  }

  /** The row identity of an event's evidence: subject reference and sequence number. */
  static String eventRow(String subjectRef, long seq) {
    return subjectRef + "/" + seq;
  }

  /** The row identity of a suppression's evidence: subject reference and scope. */
  static String suppressionRow(String subjectRef, String scope) {
    return subjectRef + "/" + scope;
  }
}
