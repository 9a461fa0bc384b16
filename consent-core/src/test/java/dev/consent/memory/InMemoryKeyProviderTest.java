package dev.consent.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.ConsentStoreException;
import dev.consent.spi.FieldCipher;
import dev.consent.spi.WrappedKey;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("InMemoryKeyProvider")
class InMemoryKeyProviderTest {
  private final InMemoryKeyProvider keys = new InMemoryKeyProvider();
  private final SecretKey dataKey = FieldCipher.newDataKey();

  @Test
  @DisplayName("wraps a data key so that only the same tenant unwraps it")
  void wrapsPerTenant() {
    WrappedKey w = keys.wrapDataKey("t1", dataKey);
    assertThat(w.kekId()).isEqualTo(keys.currentKeyEncryptionKey());
    assertThat(java.util.Collections.indexOfSubList(java.util.Arrays.asList(box(w.bytes())), java.util.Arrays.asList(box(dataKey.getEncoded())))).isEqualTo(-1);
    assertThat(keys.unwrapDataKey("t1", w).getEncoded()).isEqualTo(dataKey.getEncoded());
    assertThat(keys.unwrapDataKey("t1", w).getAlgorithm()).isEqualTo("AES");
    assertThatThrownBy(() -> keys.unwrapDataKey("t2", w)).isInstanceOf(ConsentStoreException.class);
  }

  @Test
  @DisplayName("an altered or truncated wrapped key, or one from another provider, fails typed")
  void tampered() {
    WrappedKey w = keys.wrapDataKey("t1", dataKey);
    byte[] bad = w.bytes();
    bad[bad.length - 1] ^= 1;
    assertThatThrownBy(() -> keys.unwrapDataKey("t1", new WrappedKey(w.kekId(), bad)))
        .isInstanceOf(ConsentStoreException.class);
    assertThatThrownBy(() -> keys.unwrapDataKey("t1", new WrappedKey(w.kekId(), java.util.Arrays.copyOf(w.bytes(), 20))))
        .isInstanceOf(ConsentStoreException.class);
    assertThatThrownBy(() -> new InMemoryKeyProvider().unwrapDataKey("t1", w)).isInstanceOf(ConsentStoreException.class);
    bad[0] = 9;
    assertThatThrownBy(() -> keys.unwrapDataKey("t1", new WrappedKey(w.kekId(), bad)))
        .isInstanceOf(ConsentStoreException.class).hasMessageContaining("version");
  }

  @Test
  @DisplayName("rotating the KEK keeps old wraps readable until the old KEK is destroyed")
  void rotation() {
    WrappedKey old = keys.wrapDataKey("t1", dataKey);
    String first = keys.currentKeyEncryptionKey();
    String second = keys.rotateKeyEncryptionKey();
    assertThat(second).isNotEqualTo(first);
    WrappedKey fresh = keys.wrapDataKey("t1", dataKey);
    assertThat(fresh.kekId()).isEqualTo(second);
    assertThat(keys.unwrapDataKey("t1", old).getEncoded()).isEqualTo(dataKey.getEncoded());
    assertThatThrownBy(() -> keys.destroyKeyEncryptionKey(second)).isInstanceOf(IllegalArgumentException.class);
    keys.destroyKeyEncryptionKey(first);
    assertThatThrownBy(() -> keys.unwrapDataKey("t1", old)).isInstanceOf(ConsentStoreException.class)
        .hasMessageContaining(first);
    assertThat(keys.unwrapDataKey("t1", fresh).getEncoded()).isEqualTo(dataKey.getEncoded());
  }

  @Test
  @DisplayName("WrappedKey copies its bytes and compares by value")
  void wrappedKeyValue() {
    byte[] bytes = {1, 2, 3};
    WrappedKey w = new WrappedKey("k", bytes);
    bytes[0] = 9;
    assertThat(w.bytes()[0]).isEqualTo((byte) 1);
    w.bytes()[1] = 9;
    assertThat(w).isEqualTo(new WrappedKey("k", new byte[] {1, 2, 3})).hasSameHashCodeAs(new WrappedKey("k", new byte[] {1, 2, 3}));
    assertThat(w.toString()).contains("3 bytes");
  }

  private static Byte[] box(byte[] bytes) {
    Byte[] out = new Byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[i];
    }
    return out;
  }
}
