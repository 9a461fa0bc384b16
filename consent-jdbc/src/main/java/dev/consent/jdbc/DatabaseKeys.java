package dev.consent.jdbc;

import dev.consent.spi.KeyProvider;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fallback when the host configures no {@link KeyProvider}: random keys generated once per
 * tenant and kept in the {@code key} table, so every instance and every restart finds the same
 * subjects. They sit next to the data they protect, which is weaker than a host key: see {@link
 * JdbcConsentStore.Builder#keys}.
 */
final class DatabaseKeys implements KeyProvider {
  private static final String PSEUDONYM = "pseudonym";
  private final Db db;
  private final Tables t;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, SecretKey> cache = new ConcurrentHashMap<>();

  DatabaseKeys(Db db, Tables t) {
    this.db = db;
    this.t = t;
  }

  @Override
  public SecretKey pseudonymKey(String tenant) {
    return cache.computeIfAbsent(tenant, this::loadOrCreate);
  }

  private SecretKey loadOrCreate(String tenant) {
    byte[] fresh = new byte[32];
    random.nextBytes(fresh);
    String material = db.plain("read the pseudonym key", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          db.insertIfAbsent(t.key, "tenant, key_use, key_material, created_at", 4))) {
        ps.setString(1, tenant);
        ps.setString(2, PSEUDONYM);
        ps.setString(3, Base64.getEncoder().encodeToString(fresh));
        db.setInstant(ps, 4, Instant.now());
        Db.inserted(ps);
      }
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT key_material FROM " + t.key + " WHERE tenant = ? AND key_use = ?")) {
        ps.setString(1, tenant);
        ps.setString(2, PSEUDONYM);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getString(1);
        }
      }
    });
    return new SecretKeySpec(Base64.getDecoder().decode(material), "HmacSHA256");
  }
}
