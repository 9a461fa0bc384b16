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
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fallback when the host configures no {@link KeyProvider}: random keys generated once per
 * tenant and kept in the {@code key} table, so every instance and every restart finds the same
 * subjects and can decrypt the same values. They sit next to the data they protect, which is
 * weaker than a host key: whoever reads the database reads the key-encryption key ({@code
 * "data-kek"}) that wraps the data keys, so encryption at rest then only protects copies of single
 * tables and backups that leave the key table out. See {@link JdbcConsentStore.Builder#keys}. The
 * database KEK ({@code kekId "database"}) does not rotate; data keys do.
 */
final class DatabaseKeys implements KeyProvider {
  static final String KEK_ID = "database";
  private static final String PSEUDONYM = "pseudonym";
  private static final String KEK = "data-kek";
  private static final String WRAP_FIELD = "data-key";
  private final Db db;
  private final Tables t;
  private final SecureRandom random = new SecureRandom();
  private final FieldCipher cipher = new FieldCipher();
  private final Map<String, SecretKey> cache = new ConcurrentHashMap<>();

  DatabaseKeys(Db db, Tables t) {
    this.db = db;
    this.t = t;
  }

  @Override
  public SecretKey pseudonymKey(String tenant) {
    return cache.computeIfAbsent(tenant + "\u0000" + PSEUDONYM, k -> loadOrCreate(tenant, PSEUDONYM, "HmacSHA256"));
  }

  @Override
  public WrappedKey wrapDataKey(String tenant, SecretKey dataKey) {
    return new WrappedKey(KEK_ID, cipher.sealBytes(new FieldCipher.DataKey(KEK_ID, kek(tenant)), tenant,
        WRAP_FIELD, "", dataKey.getEncoded()));
  }

  @Override
  public SecretKey unwrapDataKey(String tenant, WrappedKey wrapped) {
    if (!KEK_ID.equals(wrapped.kekId())) {
      throw new ConsentStoreException("data key wrapped by key-encryption key " + wrapped.kekId()
          + ", which this store does not hold: configure the KeyProvider that wrapped it");
    }
    return new SecretKeySpec(cipher.openBytes(kek(tenant), tenant, WRAP_FIELD, "", wrapped.bytes()), "AES");
  }

  private SecretKey kek(String tenant) {
    return cache.computeIfAbsent(tenant + "\u0000" + KEK, k -> loadOrCreate(tenant, KEK, "AES"));
  }

  /**
   * Loads the tenant's keys on the caller's connection if it is in autocommit mode, so that a
   * thread holding a connection never waits for a second one (a full pool would stall it).
   */
  void warm(Connection c, String tenant) throws SQLException {
    if (!c.getAutoCommit()) {
      return;
    }
    for (String use : new String[] {PSEUDONYM, KEK}) {
      String k = tenant + "\u0000" + use;
      if (!cache.containsKey(k)) {
        String material = loadOrCreate(c, tenant, use);
        cache.putIfAbsent(k, new SecretKeySpec(Base64.getDecoder().decode(material),
            use.equals(KEK) ? "AES" : "HmacSHA256"));
      }
    }
  }

  private SecretKey loadOrCreate(String tenant, String use, String algorithm) {
    String material = db.plain("read the " + use + " key", c -> loadOrCreate(c, tenant, use));
    return new SecretKeySpec(Base64.getDecoder().decode(material), algorithm);
  }

  private String loadOrCreate(Connection c, String tenant, String use) throws SQLException {
    byte[] fresh = new byte[32];
    random.nextBytes(fresh);
    try (PreparedStatement ps = c.prepareStatement(
        db.insertIfAbsent(t.key, "tenant, key_use, key_material, created_at", 4))) {
      ps.setString(1, tenant);
      ps.setString(2, use);
      ps.setString(3, Base64.getEncoder().encodeToString(fresh));
      db.setInstant(ps, 4, Instant.now());
      Db.inserted(ps);
    }
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT key_material FROM " + t.key + " WHERE tenant = ? AND key_use = ?")) {
      ps.setString(1, tenant);
      ps.setString(2, use);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
