package dev.consent.jdbc;

import dev.consent.error.ConsentStoreException;
import dev.consent.spi.FieldCipher;
import dev.consent.spi.KeyProvider;
import dev.consent.spi.WrappedKey;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;

/**
 * The data keys of each tenant, kept in the {@code data_key} table only wrapped by the host's
 * {@link KeyProvider}. The current key of a tenant is its highest generation not retired; every
 * key, retired or not, stays readable. Unwrapped keys are cached for the life of the store (a key
 * id never changes its key); which key is current is cached for {@link #CURRENT_TTL_NANOS}, so
 * other instances pick up a rotation within that time.
 *
 * <p>Each key counts what it seals ({@link #sealed}): instances add their counts to the key's row in
 * batches, and a key whose count reaches the store's limit is rotated (AES-GCM with random 96-bit
 * nonces is safe for about 2^32 seals under one key, NIST SP 800-38D 8.3; the default limit is half
 * that, which leaves room for the counts an instance holds when it stops).
 */
final class DataKeys {
  private static final org.slf4j.Logger log = StoreLog.LOG;
  static final long CURRENT_TTL_NANOS = TimeUnit.SECONDS.toNanos(30);
  private final Db db;
  private final Tables t;
  private final KeyProvider provider;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, SecretKey> unwrapped = new ConcurrentHashMap<>();
  private final Map<String, Current> current = new ConcurrentHashMap<>();

  /** The default number of seals after which a data key is rotated: 2^31. */
  static final long DEFAULT_SEAL_LIMIT = 1L << 31;

  private final long sealLimit;
  private final long flushEvery;
  /** Seals not yet added to their key's row, per tenant and key id. */
  private final Map<String, AtomicLong> unflushed = new ConcurrentHashMap<>();

  private record Current(FieldCipher.DataKey key, long loadedAt) {}

  /** A stored data key as the table holds it. */
  record Stored(String keyId, long generation, WrappedKey wrapped, boolean retired) {}

  DataKeys(Db db, Tables t, KeyProvider provider, long sealLimit) {
    this.db = db;
    this.t = t;
    this.provider = provider;
    this.sealLimit = sealLimit;
    this.flushEvery = Math.max(1, Math.min(1_000, sealLimit / 20));
  }

  /**
   * Counts {@code n} values sealed with {@code keyId}; every {@code flushEvery} seals adds them to
   * the key's row and, once the row's count reaches the limit, rotates the tenant's key (unless
   * another instance did). {@code c}: the caller's connection if it may be used now (autocommit),
   * else null (the counts wait for the next call that can write).
   */
  void sealed(@Nullable Connection c, String tenant, String keyId, int n) throws SQLException {
    AtomicLong pending = unflushed.computeIfAbsent(tenant + "\u0000" + keyId, k -> new AtomicLong());
    if (pending.addAndGet(n) < flushEvery || (c != null && !c.getAutoCommit())) {
      return; // a caller inside a transaction leaves the count to the next call that can write
    }
    long count = pending.getAndSet(0);
    if (count == 0) {
      return;
    }
    try {
      if (c != null) {
        countAndRotate(c, tenant, keyId, count);
      } else {
        db.plain("count data key seals", own -> {
          countAndRotate(own, tenant, keyId, count);
          return null;
        });
      }
    } catch (SQLException | RuntimeException e) {
      pending.addAndGet(count); // not counted in the row: kept for the next flush
      throw e;
    }
  }

  private void countAndRotate(Connection c, String tenant, String keyId, long count) throws SQLException {
    if (addSeals(c, tenant, keyId, count) < sealLimit) {
      return;
    }
    Stored newest = newest(c, tenant);
    if (newest != null && newest.keyId().equals(keyId)) {
      String next = insert(c, tenant, newest.generation() + 1);
      if (next != null) {
        log.info("a data key of tenant {} sealed {} values or more: new writes use {} (the full key still decrypts"
            + " what it sealed)", tenant, sealLimit, next);
      }
    }
    current.remove(tenant);
  }

  /** Adds to the key's seal count and returns the new count. */
  private long addSeals(Connection c, String tenant, String keyId, long count) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + t.dataKey + " SET sealed_count = sealed_count + ?"
        + " WHERE tenant = ? AND key_id = ?")) {
      ps.setLong(1, count);
      ps.setString(2, tenant);
      ps.setString(3, keyId);
      ps.executeUpdate();
    }
    return sealedCount(c, tenant, keyId);
  }

  private long sealedCount(Connection c, String tenant, String keyId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT sealed_count FROM " + t.dataKey + " WHERE tenant = ? AND key_id = ?")) {
      ps.setString(1, tenant);
      ps.setString(2, keyId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /** How many seals the key's row has counted (the counts instances still hold are not in it). */
  long sealedCount(String tenant, String keyId) {
    return db.plain("read a data key's seal count", c -> sealedCount(c, tenant, keyId));
  }

  /** {@link #current(Connection, String)} on a connection of its own. */
  FieldCipher.DataKey current(String tenant) {
    FieldCipher.DataKey cached = cachedCurrent(tenant);
    return cached != null ? cached : db.plain("read the current data key", c -> current(c, tenant));
  }

  private FieldCipher.@Nullable DataKey cachedCurrent(String tenant) {
    Current c = current.get(tenant);
    return c != null && System.nanoTime() - c.loadedAt() < CURRENT_TTL_NANOS ? c.key() : null;
  }

  /**
   * The key new values of {@code tenant} are sealed with, read on the caller's connection; the
   * tenant's first key is created here (on a connection of its own if the caller's is in a
   * transaction, so that a rollback cannot take away a key already cached).
   */
  FieldCipher.DataKey current(Connection conn, String tenant) throws SQLException {
    FieldCipher.DataKey cached = cachedCurrent(tenant);
    if (cached != null) {
      return cached;
    }
    warm(conn, tenant);
    Stored s = newest(conn, tenant);
    if (s == null) {
      if (conn.getAutoCommit()) {
        insert(conn, tenant, 1);
      } else {
        db.plain("create the first data key", c -> insert(c, tenant, 1));
      }
      s = newest(conn, tenant);
      if (s == null) {
        throw new SQLException("data key vanished after insert", "02000");
      }
    }
    FieldCipher.DataKey key = new FieldCipher.DataKey(s.keyId(), unwrap(tenant, s.keyId(), s.wrapped()));
    current.put(tenant, new Current(key, System.nanoTime()));
    return key;
  }

  /** The data key {@code keyId} of {@code tenant}, retired or not, read on the caller's connection. */
  SecretKey key(Connection c, String tenant, String keyId) throws SQLException {
    SecretKey k = unwrapped.get(tenant + "\u0000" + keyId);
    if (k != null) {
      return k;
    }
    warm(c, tenant);
    WrappedKey w = null;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT wrapped_key, kek_id FROM " + t.dataKey + " WHERE tenant = ? AND key_id = ?")) {
      ps.setString(1, tenant);
      ps.setString(2, keyId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          w = new WrappedKey(rs.getString(2), Base64.getDecoder().decode(rs.getString(1)));
        }
      }
    }
    if (w == null) {
      throw new ConsentStoreException("data key " + keyId + " is not in the store: the value cannot be decrypted");
    }
    return unwrap(tenant, keyId, w);
  }

  /**
   * Lets a store-kept key provider ({@link DatabaseKeys}) load the tenant's keys on the caller's
   * connection, so that no thread holding a connection waits for a second one.
   */
  void warm(Connection c, String tenant) throws SQLException {
    if (provider instanceof DatabaseKeys own) {
      own.warm(c, tenant);
    }
  }

  /** Starts a new data key for new writes; returns its id. Older keys stay readable. */
  String rotate(String tenant) {
    String id = db.plain("rotate the data key", c -> {
      for (int attempt = 0; attempt < 5; attempt++) {
        long next = 1;
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT MAX(generation) FROM " + t.dataKey + " WHERE tenant = ?")) {
          ps.setString(1, tenant);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              next = rs.getLong(1) + 1;
            }
          }
        }
        String inserted = insert(c, tenant, next);
        if (inserted != null) {
          return inserted;
        }
      }
      throw new SQLException("lost the race for a new data key generation five times", "40001");
    });
    current.remove(tenant);
    return id;
  }

  /**
   * Wraps every data key of {@code tenant} again under the provider's current key-encryption key;
   * returns how many changed KEK.
   */
  int rewrap(String tenant) {
    int changed = 0;
    for (Stored s : all(tenant)) {
      SecretKey key = unwrap(tenant, s.keyId(), s.wrapped());
      WrappedKey again = provider.wrapDataKey(tenant, key);
      if (again.kekId().equals(s.wrapped().kekId())) {
        continue;
      }
      int updated = db.plain("rewrap a data key", c -> {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + t.dataKey + " SET wrapped_key = ?, kek_id = ?"
            + " WHERE tenant = ? AND key_id = ? AND kek_id = ?")) {
          ps.setString(1, Base64.getEncoder().encodeToString(again.bytes()));
          ps.setString(2, again.kekId());
          ps.setString(3, tenant);
          ps.setString(4, s.keyId());
          ps.setString(5, s.wrapped().kekId());
          return ps.executeUpdate();
        }
      });
      changed += updated;
    }
    return changed;
  }

  /** Every data key of the tenant, oldest first. */
  List<Stored> all(String tenant) {
    return db.plain("list data keys", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT key_id, generation, wrapped_key, kek_id, retired_at FROM "
          + t.dataKey + " WHERE tenant = ? ORDER BY generation")) {
        ps.setString(1, tenant);
        List<Stored> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(stored(rs));
          }
        }
        return out;
      }
    });
  }

  /** Marks {@code keyId} retired: it is never current again, and stays readable. */
  boolean retire(String tenant, String keyId, Instant at) {
    return db.plain("retire a data key", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + t.dataKey + " SET retired_at = ?"
          + " WHERE tenant = ? AND key_id = ? AND retired_at IS NULL")) {
        db.setInstant(ps, 1, at);
        ps.setString(2, tenant);
        ps.setString(3, keyId);
        return ps.executeUpdate() == 1;
      }
    });
  }

  private Stored newest(Connection c, String tenant) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT key_id, generation, wrapped_key, kek_id, retired_at FROM "
        + t.dataKey + " WHERE tenant = ? AND retired_at IS NULL ORDER BY generation DESC LIMIT 1")) {
      ps.setString(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? stored(rs) : null;
      }
    }
  }

  private Stored stored(ResultSet rs) throws SQLException {
    return new Stored(rs.getString(1), rs.getLong(2),
        new WrappedKey(rs.getString(4), Base64.getDecoder().decode(rs.getString(3))), rs.getObject(5) != null);
  }

  /** Inserts a new key of {@code generation}; its id, or null if another instance took the generation. */
  private String insert(Connection c, String tenant, long generation) throws SQLException {
    byte[] idBytes = new byte[8];
    random.nextBytes(idBytes);
    String id = "dk" + generation + "-" + HexFormat.of().formatHex(idBytes);
    SecretKey key = FieldCipher.newDataKey();
    WrappedKey w = provider.wrapDataKey(tenant, key);
    try (PreparedStatement ps = c.prepareStatement(db.insertIfAbsent(t.dataKey,
        "tenant, key_id, generation, wrapped_key, kek_id, created_at", 6))) {
      ps.setString(1, tenant);
      ps.setString(2, id);
      ps.setLong(3, generation);
      ps.setString(4, Base64.getEncoder().encodeToString(w.bytes()));
      ps.setString(5, w.kekId());
      db.setInstant(ps, 6, Instant.now());
      if (!Db.inserted(ps)) {
        return null;
      }
    }
    unwrapped.put(tenant + "\u0000" + id, key);
    return id;
  }

  private SecretKey unwrap(String tenant, String keyId, WrappedKey w) {
    return unwrapped.computeIfAbsent(tenant + "\u0000" + keyId, k -> provider.unwrapDataKey(tenant, w));
  }
}
