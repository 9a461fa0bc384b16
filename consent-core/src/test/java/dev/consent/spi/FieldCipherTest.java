package dev.consent.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.ConsentStoreException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("FieldCipher")
class FieldCipherTest {
  private static final String NUMBER = "+12125550123";
  private final FieldCipher.DataKey key = new FieldCipher.DataKey("k1", FieldCipher.newDataKey());
  private final FieldCipher cipher = new FieldCipher();

  private String sealed() {
    return cipher.seal(key, "t1", "subject.number", "ref-a", NUMBER);
  }

  @Test
  @DisplayName("round-trips a value, names its data key, and never shows the clear value")
  void roundTrip() {
    String s = sealed();
    assertThat(cipher.open(key.key(), "t1", "subject.number", "ref-a", s)).isEqualTo(NUMBER);
    assertThat(FieldCipher.keyId("subject.number", s)).isEqualTo("k1");
    assertThat(s).doesNotContain("2125550123");
    assertThat(new String(Base64.getDecoder().decode(s), java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("2125550123");
    assertThat(Base64.getDecoder().decode(s)[0]).isEqualTo((byte) FieldCipher.VERSION);
  }

  @Test
  @DisplayName("uses a fresh nonce per value: the same value seals differently every time")
  void randomNonce() {
    assertThat(sealed()).isNotEqualTo(sealed());
  }

  @Test
  @DisplayName("a wrong key fails typed, without the value in the message")
  void wrongKey() {
    assertThatThrownBy(() -> cipher.open(FieldCipher.newDataKey(), "t1", "subject.number", "ref-a", sealed()))
        .isInstanceOf(ConsentStoreException.class).hasMessageContaining("subject.number")
        .hasMessageNotContaining("2125550123");
  }

  @Test
  @DisplayName("another tenant, column or row (wrong additional data) fails typed")
  void wrongAad() {
    String s = sealed();
    assertThatThrownBy(() -> cipher.open(key.key(), "t2", "subject.number", "ref-a", s))
        .isInstanceOf(ConsentStoreException.class).hasMessageContaining("does not authenticate");
    assertThatThrownBy(() -> cipher.open(key.key(), "t1", "message.body", "ref-a", s))
        .isInstanceOf(ConsentStoreException.class);
    assertThatThrownBy(() -> cipher.open(key.key(), "t1", "subject.number", "ref-b", s))
        .isInstanceOf(ConsentStoreException.class);
  }

  @Test
  @DisplayName("every flipped byte, and every truncation, fails typed")
  void tampered() {
    byte[] raw = Base64.getDecoder().decode(sealed());
    for (int i = 0; i < raw.length; i++) {
      byte[] bad = raw.clone();
      bad[i] ^= 0x01;
      String text = Base64.getEncoder().encodeToString(bad);
      assertThatThrownBy(() -> cipher.open(key.key(), "t1", "subject.number", "ref-a", text))
          .as("byte %d", i).isInstanceOf(ConsentStoreException.class);
    }
    for (int n = 0; n < raw.length; n++) {
      String text = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(raw, n));
      assertThatThrownBy(() -> cipher.open(key.key(), "t1", "subject.number", "ref-a", text))
          .as("length %d", n).isInstanceOf(ConsentStoreException.class);
    }
  }

  @Test
  @DisplayName("an unknown format version, or a value that is not Base64, fails typed")
  void badVersion() {
    byte[] raw = Base64.getDecoder().decode(sealed());
    raw[0] = 2;
    String v2 = Base64.getEncoder().encodeToString(raw);
    assertThatThrownBy(() -> cipher.open(key.key(), "t1", "subject.number", "ref-a", v2))
        .isInstanceOf(ConsentStoreException.class).hasMessageContaining("version 2");
    assertThatThrownBy(() -> FieldCipher.keyId("subject.number", v2)).isInstanceOf(ConsentStoreException.class);
    assertThatThrownBy(() -> cipher.open(key.key(), "t1", "event.evidence", "r", "{\"a\":\"b\"}"))
        .isInstanceOf(ConsentStoreException.class).hasMessageContaining("Base64");
  }

  @Test
  @DisplayName("data keys must be 256-bit AES keys with a plain id")
  void dataKeyChecks() {
    assertThatThrownBy(() -> new FieldCipher.DataKey("bad id", FieldCipher.newDataKey()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FieldCipher.DataKey("k", new javax.crypto.spec.SecretKeySpec(new byte[16], "AES")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(key.toString()).doesNotContain(Base64.getEncoder().encodeToString(key.key().getEncoded()));
  }

  @Test
  @DisplayName("one instance shared by many threads: every value round-trips, on this and on another instance,"
      + " and no two values share a nonce")
  void concurrentUse() throws Exception {
    int threads = 8;
    int perThread = 2_000;
    FieldCipher other = new FieldCipher();
    Set<String> nonces = ConcurrentHashMap.newKeySet();
    AtomicInteger checked = new AtomicInteger();
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int me = t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            String clear = "+1212555" + String.format("%04d", i) + "/" + me;
            String row = "ref-" + me + "-" + i;
            String s = cipher.seal(key, "t1", "subject.number", row, clear);
            assertThat(cipher.open(key.key(), "t1", "subject.number", row, s)).isEqualTo(clear);
            assertThat(other.open(key.key(), "t1", "subject.number", row, s)).isEqualTo(clear);
            byte[] raw = Base64.getDecoder().decode(s);
            int header = 2 + (raw[1] & 0xff);
            assertThat(nonces.add(HexFormat.of().formatHex(raw, header, header + 12))).as("nonce unique").isTrue();
            checked.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(checked).hasValue(threads * perThread);
    assertThat(nonces).hasSize(threads * perThread);
  }

  @Test
  @DisplayName("a failed open leaves the thread's cipher usable for the next seal and open")
  void usableAfterFailure() {
    String s = sealed();
    String other = cipher.seal(key, "t1", "subject.number", "ref-b", "+12125550199");
    assertThatThrownBy(() -> cipher.open(key.key(), "t2", "subject.number", "ref-a", s))
        .isInstanceOf(ConsentStoreException.class);
    assertThatThrownBy(() -> cipher.open(FieldCipher.newDataKey(), "t1", "subject.number", "ref-a", s))
        .isInstanceOf(ConsentStoreException.class);
    assertThat(cipher.open(key.key(), "t1", "subject.number", "ref-a", s)).isEqualTo(NUMBER);
    assertThat(cipher.open(key.key(), "t1", "subject.number", "ref-b", other)).isEqualTo("+12125550199");
    assertThat(cipher.open(key.key(), "t1", "subject.number", "ref-a", sealed())).isEqualTo(NUMBER);
  }
}
