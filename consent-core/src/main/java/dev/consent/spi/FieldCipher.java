package dev.consent.spi;

import dev.consent.error.ConsentStoreException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Encryption of single values at rest (numbers, message bodies, evidence) for stores: AES-256-GCM
 * with a random 96-bit nonce per value, under a data key that the store keeps {@linkplain
 * KeyProvider#wrapDataKey wrapped} by the host.
 *
 * <p>A sealed value is Base64 (RFC 4648, with padding) of
 *
 * <pre>
 * version (1 byte, 1) | key id length n (1 byte) | key id (n ASCII bytes) | nonce (12 bytes) | ciphertext | tag (16 bytes)
 * </pre>
 *
 * The key id says which data key to open it with ({@link #keyId}). The GCM additional data binds
 * the value to where it is stored: {@code "consent-field/v1" 0x00 tenant 0x00 field 0x00 row 0x00}
 * followed by the header (version, key id). A value copied into another tenant, another column
 * ({@code field}, e.g. {@code "message.body"}) or another row ({@code row}, e.g. the subject
 * reference) fails to open, as does any altered, truncated or unknown-version value: all with a
 * {@link ConsentStoreException} that names the field only, never the value.
 *
 * <p>Thread-safe. An instance keeps, per thread that uses it, one {@link Cipher} (so a value costs no
 * provider look-up) and one nonce generator (a DRBG {@link SecureRandom} of that thread's own, so
 * threads never wait on one another for nonces): a store creates one instance and shares it.
 *
 * @since 0.3
 */
public final class FieldCipher {
  /** The format version written by this class. */
  public static final int VERSION = 1;
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] DOMAIN = "consent-field/v1\u0000".getBytes(StandardCharsets.UTF_8);
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  private final ThreadLocal<@Nullable Cipher> ciphers = new ThreadLocal<>();
  private final ThreadLocal<SecureRandom> nonces = ThreadLocal.withInitial(FieldCipher::nonceSource);

  /** A cipher with no thread's state yet. */
  public FieldCipher() {}

  /**
   * A data key and its id, unique within its tenant.
   *
   * @param id 1-64 characters of {@code A-Z a-z 0-9 . _ : -}
   * @param key an AES key of 256 bits
   */
  public record DataKey(String id, SecretKey key) {
    public DataKey {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(key, "key");
      if (!KEY_ID.matcher(id).matches()) {
        throw new IllegalArgumentException("a data key id has 1-64 characters of A-Z a-z 0-9 . _ : -");
      }
      byte[] encoded = key.getEncoded();
      if (encoded == null || encoded.length != 32) {
        throw new IllegalArgumentException("a data key is an AES key of 256 bits");
      }
    }

    @Override
    public String toString() {
      return "DataKey[" + id + "]";
    }
  }

  /** A new random AES-256 data key. */
  public static SecretKey newDataKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return new SecretKeySpec(bytes, "AES");
  }

  /** Encrypts {@code plaintext} for storage in {@code field} of {@code row} of {@code tenant}. */
  public String seal(DataKey key, String tenant, String field, String row, String plaintext) {
    return Base64.getEncoder().encodeToString(
        sealBytes(key, tenant, field, row, plaintext.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Decrypts what {@link #seal} produced for the same tenant, field and row.
   *
   * @throws ConsentStoreException if the value is malformed, of an unknown version, altered,
   *     truncated, stored elsewhere than where it was sealed, or sealed under another key
   */
  public String open(SecretKey key, String tenant, String field, String row, String sealed) {
    return new String(openBytes(key, tenant, field, row, decode(field, sealed)), StandardCharsets.UTF_8);
  }

  /**
   * The id of the data key that sealed {@code sealed}.
   *
   * @throws ConsentStoreException if the value is not a sealed value of a known version
   */
  public static String keyId(String field, String sealed) {
    return header(field, decode(field, sealed)).keyId;
  }

  /** {@link #seal} on bytes, without Base64: for wrapping keys. */
  public byte[] sealBytes(DataKey key, String tenant, String field, String row, byte[] plaintext) {
    byte[] id = key.id().getBytes(StandardCharsets.US_ASCII);
    byte[] nonce = new byte[NONCE];
    nonces.get().nextBytes(nonce);
    ByteArrayOutputStream out = new ByteArrayOutputStream(2 + id.length + NONCE + plaintext.length + 16);
    out.write(VERSION);
    out.write(id.length);
    out.writeBytes(id);
    int headerLength = out.size();
    out.writeBytes(nonce);
    try {
      Cipher c = cipher();
      c.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(aad(tenant, field, row, Arrays.copyOf(out.toByteArray(), headerLength)));
      out.writeBytes(c.doFinal(plaintext));
    } catch (GeneralSecurityException e) {
      ciphers.remove();
      throw new ConsentStoreException("cannot encrypt " + field + " (" + e.getClass().getSimpleName() + ")");
    }
    return out.toByteArray();
  }

  /** {@link #open} on bytes, without Base64: for unwrapping keys. */
  public byte[] openBytes(SecretKey key, String tenant, String field, String row, byte[] sealed) {
    Header h = header(field, sealed);
    if (sealed.length < h.length + NONCE + TAG_BITS / 8) {
      throw new ConsentStoreException("the encrypted " + field + " is truncated");
    }
    try {
      Cipher c = cipher();
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, h.length, NONCE));
      c.updateAAD(aad(tenant, field, row, Arrays.copyOf(sealed, h.length)));
      return c.doFinal(sealed, h.length + NONCE, sealed.length - h.length - NONCE);
    } catch (AEADBadTagException e) {
      throw new ConsentStoreException("the encrypted " + field + " does not authenticate: altered, moved from"
          + " another row or column, or sealed under another key");
    } catch (GeneralSecurityException e) {
      ciphers.remove();
      throw new ConsentStoreException("cannot decrypt " + field + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * This thread's cipher. Every use starts with {@code init}, which resets it, so a cipher left
   * mid-operation by a failure is harmless; one that failed otherwise is dropped (above).
   */
  private Cipher cipher() throws GeneralSecurityException {
    Cipher c = ciphers.get();
    if (c == null) {
      c = Cipher.getInstance(TRANSFORMATION);
      ciphers.set(c);
    }
    return c;
  }

  /**
   * A nonce generator for one thread: a DRBG seeded from the system's entropy, so nonces stay 96
   * random bits per value without a generator shared (and locked) across threads.
   */
  private static SecureRandom nonceSource() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }

  private record Header(String keyId, int length) {}

  private static Header header(String field, byte[] sealed) {
    if (sealed.length < 2) {
      throw new ConsentStoreException("the encrypted " + field + " is truncated");
    }
    if (sealed[0] != VERSION) {
      throw new ConsentStoreException("the encrypted " + field + " has unknown format version " + (sealed[0] & 0xff));
    }
    int n = sealed[1] & 0xff;
    if (n == 0 || sealed.length < 2 + n) {
      throw new ConsentStoreException("the encrypted " + field + " is truncated");
    }
    String id = new String(sealed, 2, n, StandardCharsets.US_ASCII);
    if (!KEY_ID.matcher(id).matches()) {
      throw new ConsentStoreException("the encrypted " + field + " names no valid data key");
    }
    return new Header(id, 2 + n);
  }

  private static byte[] decode(String field, String sealed) {
    try {
      return Base64.getDecoder().decode(Objects.requireNonNull(sealed, "sealed"));
    } catch (IllegalArgumentException e) {
      throw new ConsentStoreException("the encrypted " + field + " is not Base64");
    }
  }

  private static byte[] aad(String tenant, String field, String row, byte[] header) {
    byte[] t = tenant.getBytes(StandardCharsets.UTF_8);
    byte[] f = field.getBytes(StandardCharsets.UTF_8);
    byte[] r = row.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(DOMAIN.length + t.length + f.length + r.length + 3 + header.length)
        .put(DOMAIN).put(t).put((byte) 0).put(f).put((byte) 0).put(r).put((byte) 0).put(header).array();
  }
}
