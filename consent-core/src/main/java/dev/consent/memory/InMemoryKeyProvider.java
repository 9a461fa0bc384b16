package dev.consent.memory;

import dev.consent.error.ConsentStoreException;
import dev.consent.spi.FieldCipher;
import dev.consent.spi.KeyProvider;
import dev.consent.spi.WrappedKey;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link KeyProvider} holding random keys in memory, created on first use: for tests and demos.
 * Keys are lost with the process, so records made with them cannot be found by number or decrypted
 * afterwards; production hosts keep keys in a KMS or vault.
 *
 * <p>Data keys are wrapped with AES-256-GCM under a key-encryption key (KEK) named {@code
 * "mem-kek-1"}, {@code "mem-kek-2"}, ...; the additional data binds a wrapped key to its tenant.
 * {@link #rotateKeyEncryptionKey()} starts a new KEK for new wraps and keeps the old ones for
 * unwrapping until {@link #destroyKeyEncryptionKey} drops one, as a KMS would.
 *
 * <p>Thread-safe.
 *
 * @since 0.2
 */
public final class InMemoryKeyProvider implements KeyProvider {
  private static final String WRAP_FIELD = "data-key";
  private final SecureRandom random = new SecureRandom();
  private final FieldCipher cipher = new FieldCipher();
  private final Map<String, SecretKey> pseudonymKeys = new ConcurrentHashMap<>();
  private final Map<String, SecretKey> keks = new ConcurrentHashMap<>();
  private final AtomicInteger generation = new AtomicInteger();
  private volatile String currentKek;

  public InMemoryKeyProvider() {
    currentKek = rotateKeyEncryptionKey();
  }

  @Override
  public SecretKey pseudonymKey(String tenant) {
    return pseudonymKeys.computeIfAbsent(tenant, t -> randomKey("HmacSHA256"));
  }

  @Override
  public WrappedKey wrapDataKey(String tenant, SecretKey dataKey) {
    String id = currentKek;
    SecretKey kek = keks.get(id);
    if (kek == null) {
      throw new ConsentStoreException("key-encryption key " + id + " was destroyed");
    }
    return new WrappedKey(id, cipher.sealBytes(new FieldCipher.DataKey(id, kek), tenant, WRAP_FIELD, "",
        dataKey.getEncoded()));
  }

  @Override
  public SecretKey unwrapDataKey(String tenant, WrappedKey wrapped) {
    SecretKey kek = keks.get(wrapped.kekId());
    if (kek == null) {
      throw new ConsentStoreException("key-encryption key " + wrapped.kekId() + " is unknown or destroyed");
    }
    byte[] key = cipher.openBytes(kek, tenant, WRAP_FIELD, "", wrapped.bytes());
    return new SecretKeySpec(key, "AES");
  }

  /**
   * Starts a new key-encryption key: later wraps use it; keys wrapped before still unwrap.
   *
   * @return the new KEK's id
   * @since 0.3
   */
  public String rotateKeyEncryptionKey() {
    String id = "mem-kek-" + generation.incrementAndGet();
    keks.put(id, randomKey("AES"));
    currentKek = id;
    return id;
  }

  /** The id of the key-encryption key that wraps new data keys. @since 0.3 */
  public String currentKeyEncryptionKey() {
    return currentKek;
  }

  /**
   * Destroys a key-encryption key that is no longer current: data keys it wrapped no longer unwrap.
   *
   * @throws IllegalArgumentException if {@code kekId} is the current KEK
   * @since 0.3
   */
  public void destroyKeyEncryptionKey(String kekId) {
    if (kekId.equals(currentKek)) {
      throw new IllegalArgumentException("the current key-encryption key cannot be destroyed");
    }
    keks.remove(kekId);
  }

  private SecretKey randomKey(String algorithm) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return new SecretKeySpec(bytes, algorithm);
  }
}
