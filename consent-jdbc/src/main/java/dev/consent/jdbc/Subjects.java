package dev.consent.jdbc;

import dev.consent.PhoneNumber;
import dev.consent.spi.EventChain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * The subjects table: one row per (tenant, number) that every other table references by id, so
 * that replacing the clear number with a keyed hash and a ciphertext later is a migration of this
 * table only. The row also holds the head of the number's hash chain and is the per-number lock.
 */
final class Subjects {
  private final Db db;
  private final Tables t;

  Subjects(Db db, Tables t) {
    this.db = db;
    this.t = t;
  }

  OptionalLong find(Connection c, String tenant, PhoneNumber number) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + t.subject + " WHERE tenant = ? AND e164 = ?")) {
      ps.setString(1, tenant);
      ps.setString(2, number.e164());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  /**
   * The subject's id, inserting the row if needed. Runs in autocommit mode so that losing an insert
   * race to another instance is an ordinary outcome, not an aborted transaction.
   */
  long ensure(Connection c, String tenant, PhoneNumber number) throws SQLException {
    OptionalLong id = find(c, tenant, number);
    if (id.isPresent()) {
      return id.getAsLong();
    }
    try (PreparedStatement ps = c.prepareStatement(db.insertIfAbsent(t.subject, "tenant, e164, last_seq, last_hash", 4))) {
      ps.setString(1, tenant);
      ps.setString(2, number.e164());
      ps.setLong(3, 0);
      ps.setString(4, EventChain.GENESIS);
      Db.inserted(ps);
    }
    return find(c, tenant, number).orElseThrow(() -> new SQLException("subject row vanished after insert", "02000"));
  }
}
