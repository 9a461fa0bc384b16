package dev.consent.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * A data key encrypted ("wrapped") by a key-encryption key that never leaves the host's {@link
 * KeyProvider} (a KMS, an HSM, a vault). Stores keep only wrapped keys; {@code kekId} names the
 * key-encryption key so a provider that rotates its keys can still unwrap what older ones wrapped.
 *
 * @param kekId the provider's name for the key-encryption key (1-200 characters)
 * @param bytes the wrapped key as the provider produced it (opaque to stores); copied on the way in
 *     and out
 * @since 0.3
 */
public record WrappedKey(String kekId, byte[] bytes) {
  public WrappedKey {
    Objects.requireNonNull(kekId, "kekId");
    Objects.requireNonNull(bytes, "bytes");
    if (kekId.isEmpty() || kekId.length() > 200) {
      throw new IllegalArgumentException("kekId must have 1-200 characters");
    }
    if (bytes.length == 0) {
      throw new IllegalArgumentException("a wrapped key cannot be empty");
    }
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WrappedKey w && kekId.equals(w.kekId) && Arrays.equals(bytes, w.bytes);
  }

  @Override
  public int hashCode() {
    return 31 * kekId.hashCode() + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "WrappedKey[kekId=" + kekId + ", " + bytes.length + " bytes]";
  }
}
