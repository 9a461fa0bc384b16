package dev.consent.spi;

import javax.crypto.SecretKey;

/**
 * The host's keys, held outside the store (a KMS, an HSM, a vault, or for tests {@link
 * dev.consent.memory.InMemoryKeyProvider}). Stores use them so that what they hold survives the
 * erasure of a person without identifying them, and so that what they hold at rest is encrypted:
 *
 * <ul>
 *   <li>{@link #pseudonymKey} turns a tenant's numbers into {@linkplain Pseudonyms pseudonymous
 *       subject references} (HMAC-SHA256). The ledger's hashes cover the reference, not the number,
 *       so a chain still verifies after the number is erased; the suppression list keeps the
 *       reference so an erased number is never messaged again. Whoever holds this key can test a
 *       guessed number against a reference, so it must not live in the same database.
 *   <li>{@link #wrapDataKey} and {@link #unwrapDataKey} are envelope encryption: a store encrypts
 *       numbers, message bodies and evidence with its own AES-256 data keys ({@link FieldCipher})
 *       and keeps each data key only wrapped by a key-encryption key (KEK) of the host. A KMS does
 *       this with its encrypt/decrypt (or wrap/unwrap) call; the KEK never leaves it.
 * </ul>
 *
 * <p>The pseudonym key must never change for a tenant once records exist: references made with it
 * are how records are found. Key-encryption keys may rotate: {@link #wrapDataKey} uses the current
 * one and names it in {@link WrappedKey#kekId()}, {@link #unwrapDataKey} must keep accepting every
 * KEK that wrapped a key still stored (stores can rewrap their keys under the new KEK, after which
 * the old one may be destroyed). Implementations are thread-safe; stores cache unwrapped keys, so
 * unwrapping is rare.
 *
 * @since 0.2
 */
public interface KeyProvider {

  /** The HMAC-SHA256 key of {@code tenant}'s subject references (at least 256 bits). */
  SecretKey pseudonymKey(String tenant);

  /**
   * Wraps a data key of {@code tenant} under the current key-encryption key. The result must only
   * unwrap for the same tenant.
   *
   * @throws dev.consent.error.ConsentStoreException if the key service cannot be reached or refuses
   * @since 0.3
   */
  WrappedKey wrapDataKey(String tenant, SecretKey dataKey);

  /**
   * Unwraps what {@link #wrapDataKey} returned for {@code tenant}, with whichever key-encryption
   * key {@link WrappedKey#kekId()} names. The returned key's algorithm is {@code AES}.
   *
   * @throws dev.consent.error.ConsentStoreException if the KEK is unknown or destroyed, the bytes were
   *     altered or belong to another tenant, or the key service cannot be reached
   * @since 0.3
   */
  SecretKey unwrapDataKey(String tenant, WrappedKey wrapped);
}
