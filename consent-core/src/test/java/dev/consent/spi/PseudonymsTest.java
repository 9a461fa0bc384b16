package dev.consent.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.PhoneNumber;
import dev.consent.error.ConfigurationException;
import dev.consent.memory.InMemoryKeyProvider;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Pseudonyms")
class PseudonymsTest {
  private static final PhoneNumber ALICE = PhoneNumber.parse("+14155550101");
  private static final PhoneNumber BOB = PhoneNumber.parse("+4915123456789");

  private static SecretKey key(int seed) {
    byte[] b = new byte[32];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (seed * 31 + i);
    }
    return new SecretKeySpec(b, "HmacSHA256");
  }

  /** A key provider whose pseudonym key is whatever {@code current} holds (data keys: an in-memory provider's). */
  private static KeyProvider pseudonymKeys(AtomicReference<SecretKey> current) {
    InMemoryKeyProvider wrapping = new InMemoryKeyProvider();
    return new KeyProvider() {
      @Override
      public SecretKey pseudonymKey(String tenant) {
        return current.get();
      }

      @Override
      public WrappedKey wrapDataKey(String tenant, SecretKey dataKey) {
        return wrapping.wrapDataKey(tenant, dataKey);
      }

      @Override
      public SecretKey unwrapDataKey(String tenant, WrappedKey wrapped) {
        return wrapping.unwrapDataKey(tenant, wrapped);
      }
    };
  }

  /** The documented construction, computed from scratch with a fresh Mac. */
  private static String expected(SecretKey key, String tenant, PhoneNumber n) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(key);
    return HexFormat.of().formatHex(mac.doFinal(
        ("consent-subject/v1\u0000" + tenant + "\u0000" + n.e164()).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  @DisplayName("inbound message references are HMAC-SHA256 over their own domain, tenant, carrier and id")
  void inboundReferences() throws Exception {
    AtomicReference<SecretKey> current = new AtomicReference<>(key(1));
    Pseudonyms p = new Pseudonyms(pseudonymKeys(current));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(key(1));
    String want = HexFormat.of().formatHex(mac.doFinal(
        "consent-inbound/v1\u0000acme\u0000twilio\u0000SM0123".getBytes(StandardCharsets.UTF_8)));
    assertThat(p.of("acme", ALICE)).isEqualTo(expected(key(1), "acme", ALICE));
    assertThat(p.inbound("acme", "twilio", "SM0123")).isEqualTo(want).doesNotContain("SM0123");
    assertThat(p.inbound("acme", "vonage", "SM0123")).isNotEqualTo(want);
    assertThat(p.inbound("brand-b", "twilio", "SM0123")).isNotEqualTo(want);
    assertThat(p.of("acme", ALICE)).as("the subject reference is unchanged after").isEqualTo(expected(key(1), "acme", ALICE));
    current.set(key(2));
    assertThat(p.inbound("acme", "twilio", "SM0123")).isNotEqualTo(want);
  }

  @Test
  @DisplayName("are HMAC-SHA256 over domain, tenant and number, also when keys and tenants alternate")
  void documentedConstruction() throws Exception {
    AtomicReference<SecretKey> current = new AtomicReference<>(key(1));
    Pseudonyms p = new Pseudonyms(pseudonymKeys(current));
    assertThat(p.of("acme", ALICE)).isEqualTo(expected(key(1), "acme", ALICE));
    assertThat(p.of("acme", BOB)).isEqualTo(expected(key(1), "acme", BOB));
    assertThat(p.of("brand-b", ALICE)).isEqualTo(expected(key(1), "brand-b", ALICE));
    current.set(key(2));
    assertThat(p.of("acme", ALICE)).isEqualTo(expected(key(2), "acme", ALICE)).isNotEqualTo(expected(key(1), "acme", ALICE));
    current.set(key(1));
    // An equal key in a new object: same reference.
    assertThat(p.of("acme", ALICE)).isEqualTo(expected(key(1), "acme", ALICE));
  }

  @Test
  @DisplayName("refuse a short or missing key on every call, and a refused or failed call leaves nothing behind")
  void badKeys() throws Exception {
    AtomicReference<SecretKey> current = new AtomicReference<>(new SecretKeySpec(new byte[16], "HmacSHA256"));
    Pseudonyms p = new Pseudonyms(pseudonymKeys(current));
    assertThatThrownBy(() -> p.of("acme", ALICE)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("256 bits");
    current.set(key(3));
    assertThat(p.of("acme", ALICE)).isEqualTo(expected(key(3), "acme", ALICE));
    current.set(new SecretKeySpec(new byte[16], "HmacSHA256"));
    assertThatThrownBy(() -> p.of("acme", ALICE)).isInstanceOf(ConfigurationException.class);
    current.set(null);
    assertThatThrownBy(() -> p.of("acme", ALICE)).isInstanceOf(ConfigurationException.class);
    current.set(key(3));
    assertThatThrownBy(() -> p.of("acme", null)).isInstanceOf(NullPointerException.class);
    assertThat(p.of("acme", BOB)).isEqualTo(expected(key(3), "acme", BOB));
  }

  @Test
  @DisplayName("keyed digests are HMAC-SHA256 over their own labelled domain, tenant and value; labels are checked")
  void keyedDigests() throws Exception {
    AtomicReference<SecretKey> current = new AtomicReference<>(key(3));
    Pseudonyms p = new Pseudonyms(pseudonymKeys(current));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(key(3));
    String want = HexFormat.of().formatHex(mac.doFinal(
        "consent-code/v1\u0000acme\u0000req-1:123456".getBytes(StandardCharsets.UTF_8)));
    assertThat(p.keyed("acme", "code", "req-1:123456")).isEqualTo(want);
    assertThat(p.keyed("acme", "rate-client", "req-1:123456")).isNotEqualTo(want);
    assertThat(p.keyed("other", "code", "req-1:123456")).isNotEqualTo(want);
    assertThat(p.keyed("acme", "code", ALICE.e164())).isNotEqualTo(p.of("acme", ALICE));
    current.set(key(4));
    assertThat(p.keyed("acme", "code", "req-1:123456")).as("another key, another digest").isNotEqualTo(want);
    for (String bad : new String[] {"", "Code", "code/v2", "c0de", "a".repeat(33)}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.keyed("acme", bad, "x"))
          .isInstanceOf(dev.consent.error.InvalidInputException.class);
    }
  }
}
