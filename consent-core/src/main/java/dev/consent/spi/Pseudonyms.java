package dev.consent.spi;

import dev.consent.ConfigurationException;
import dev.consent.PhoneNumber;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Pseudonymous subject references: {@code HMAC-SHA256(pseudonymKey(tenant), "consent-subject/v1" 0x00
 * tenant 0x00 e164)} in lower-case hex. Stores key every record of a person by this reference, so lookups need
 * the number and the key, and an erased record keeps nothing that identifies the person without the
 * key.
 *
 * <p>Thread-safe.
 *
 * @since 0.2
 */
public final class Pseudonyms {
  private static final byte[] DOMAIN = "consent-subject/v1\u0000".getBytes(StandardCharsets.UTF_8);
  private final KeyProvider keys;
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(Pseudonyms::newMac);

  public Pseudonyms(KeyProvider keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /** The reference of {@code number} within {@code tenant}. */
  public String of(String tenant, PhoneNumber number) {
    SecretKey key = keys.pseudonymKey(tenant);
    if (key == null || key.getEncoded() == null || key.getEncoded().length < 32) {
      throw new ConfigurationException("the key provider's pseudonym key must have at least 256 bits");
    }
    Mac mac = macs.get();
    try {
      mac.init(key);
    } catch (GeneralSecurityException e) {
      throw new ConfigurationException("the key provider's pseudonym key cannot be used for HMAC-SHA256", e);
    }
    mac.update(DOMAIN);
    mac.update((tenant + "\u0000").getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(mac.doFinal(number.e164().getBytes(StandardCharsets.US_ASCII)));
  }

  private static Mac newMac() {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }
}
