package dev.consent.spi;

import dev.consent.PhoneNumber;
import dev.consent.error.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
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
 * <p>Each thread keeps one {@link Mac} initialised with the last key it used (and the encoded prefix
 * of the last tenant), so a reference costs one HMAC, not a key schedule: the key is validated and
 * the {@code Mac} re-initialised only when the provider hands out a different key.
 *
 * <p>Thread-safe.
 *
 * @since 0.2
 */
public final class Pseudonyms {
  private static final byte[] DOMAIN = "consent-subject/v1\u0000".getBytes(StandardCharsets.UTF_8);
  private static final byte[] INBOUND_DOMAIN = "consent-inbound/v1\u0000".getBytes(StandardCharsets.UTF_8);
  private static final HexFormat HEX = HexFormat.of();
  private final KeyProvider keys;
  private final ThreadLocal<Keyed> macs = ThreadLocal.withInitial(Keyed::new);

  public Pseudonyms(KeyProvider keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /** The reference of {@code number} within {@code tenant}. */
  public String of(String tenant, PhoneNumber number) {
    Keyed k = macs.get();
    // Everything that can fail runs before the Mac is fed, so a failed call leaves no half-fed state behind.
    Mac mac = k.macFor(keys.pseudonymKey(tenant));
    byte[] prefix = k.prefixOf(tenant);
    byte[] digits = number.e164().getBytes(StandardCharsets.US_ASCII);
    mac.update(DOMAIN);
    mac.update(prefix);
    return HEX.formatHex(mac.doFinal(digits));
  }

  /**
   * The keyed hash of an inbound message's carrier id: {@code HMAC-SHA256(pseudonymKey(tenant),
   * "consent-inbound/v1" 0x00 tenant 0x00 carrier 0x00 messageId)} in lower-case hex. Stores keep it
   * after retention deletes the inbound receipt, so that a replayed webhook is still recognised as a
   * duplicate without the id being kept in clear. Domain-separated from {@link #of subject references}.
   *
   * @since 0.4
   */
  public String inbound(String tenant, String carrier, String messageId) {
    Keyed k = macs.get();
    Mac mac = k.macFor(keys.pseudonymKey(tenant));
    byte[] prefix = k.prefixOf(tenant);
    byte[] carrierBytes = (carrier + "\u0000").getBytes(StandardCharsets.UTF_8);
    byte[] id = messageId.getBytes(StandardCharsets.UTF_8);
    mac.update(INBOUND_DOMAIN);
    mac.update(prefix);
    mac.update(carrierBytes);
    return HEX.formatHex(mac.doFinal(id));
  }

  /**
   * A keyed hash of any other secret or personal value the kit keeps only as a digest (a
   * confirmation code with its request, a rate-limit key made of a number prefix, a client address, a
   * reply text): {@code HMAC-SHA256(pseudonymKey(tenant), "consent-" label "/v1" 0x00 tenant 0x00
   * value)} in lower-case hex. The label separates uses from each other and from {@link #of subject
   * references}; without the key a digest cannot be tested against guesses.
   *
   * @param label lower-case letters and hyphens, naming the use
   * @since 0.5
   */
  public String keyed(String tenant, String label, String value) {
    if (label == null || !label.matches("[a-z][a-z-]{0,31}")) {
      throw new dev.consent.error.InvalidInputException("a keyed-hash label is 1-32 lower-case letters and hyphens");
    }
    Keyed k = macs.get();
    Mac mac = k.macFor(keys.pseudonymKey(tenant));
    byte[] prefix = k.prefixOf(tenant);
    byte[] domain = ("consent-" + label + "/v1\u0000").getBytes(StandardCharsets.UTF_8);
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    mac.update(domain);
    mac.update(prefix);
    return HEX.formatHex(mac.doFinal(bytes));
  }

  /** One thread's {@code Mac} with the key it was initialised with. Never shared between threads. */
  private static final class Keyed {
    private final Mac mac = newMac();
    private SecretKey key;
    private String tenant;
    private byte[] prefix;

    Mac macFor(SecretKey given) {
      if (given != key && (key == null || !key.equals(given))) {
        init(given);
      }
      return mac;
    }

    private void init(SecretKey given) {
      byte[] encoded = given == null ? null : given.getEncoded();
      if (encoded == null || encoded.length < 32) {
        throw new ConfigurationException("the key provider's pseudonym key must have at least 256 bits");
      }
      Arrays.fill(encoded, (byte) 0);
      key = null;
      try {
        mac.init(given);
      } catch (GeneralSecurityException e) {
        throw new ConfigurationException("the key provider's pseudonym key cannot be used for HMAC-SHA256", e);
      }
      key = given;
    }

    byte[] prefixOf(String t) {
      if (!t.equals(tenant)) {
        prefix = (t + "\u0000").getBytes(StandardCharsets.UTF_8);
        tenant = t;
      }
      return prefix;
    }
  }

  private static Mac newMac() {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }
}
