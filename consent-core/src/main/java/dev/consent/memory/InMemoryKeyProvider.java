package dev.consent.memory;

import dev.consent.spi.KeyProvider;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link KeyProvider} holding random keys in memory, one per tenant, created on first use: for
 * tests and demos. Keys are lost with the process, so records made with them cannot be found by
 * number afterwards; production hosts keep keys in a KMS or vault.
 *
 * <p>Thread-safe.
 *
 * @since 0.2
 */
public final class InMemoryKeyProvider implements KeyProvider {
  private final SecureRandom random = new SecureRandom();
  private final Map<String, SecretKey> pseudonymKeys = new ConcurrentHashMap<>();

  @Override
  public SecretKey pseudonymKey(String tenant) {
    return pseudonymKeys.computeIfAbsent(tenant, t -> randomKey("HmacSHA256"));
  }

  private SecretKey randomKey(String algorithm) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return new SecretKeySpec(bytes, algorithm);
  }
}
