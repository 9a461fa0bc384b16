package dev.consent.spi;

import javax.crypto.SecretKey;

/**
 * The host's keys, held outside the store (a KMS, an HSM, a vault, or for tests {@link
 * dev.consent.memory.InMemoryKeyProvider}). Stores use them so that what they hold survives the
 * erasure of a person without identifying them:
 *
 * <ul>
 *   <li>{@link #pseudonymKey} turns a tenant's numbers into {@linkplain Pseudonyms pseudonymous
 *       subject references} (HMAC-SHA256). The ledger's hashes cover the reference, not the number,
 *       so a chain still verifies after the number is erased; the suppression list keeps the
 *       reference so an erased number is never messaged again. Whoever holds this key can test a
 *       guessed number against a reference, so it must not live in the same database.
 * </ul>
 *
 * <p>A key must never change for a tenant once records exist: references made with it are how
 * records are found. Implementations are thread-safe and may be called on every store operation,
 * so they should cache.
 *
 * @since 0.2
 */
public interface KeyProvider {

  /** The HMAC-SHA256 key of {@code tenant}'s subject references (at least 256 bits). */
  SecretKey pseudonymKey(String tenant);
}
