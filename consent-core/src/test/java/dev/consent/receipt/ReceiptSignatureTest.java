package dev.consent.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.InvalidInputException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Receipt signatures (JWS compact, EdDSA and ES256)")
class ReceiptSignatureTest {
  // RFC 8037 Appendix A.1/A.4: the Ed25519 key and the JWS of "Example of Ed25519 signing".
  static final String RFC8037_D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
  static final String RFC8037_X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
  static final String RFC8037_JWS = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"
      + ".hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
  // RFC 7515 Appendix A.3: the P-256 public key and the ES256 JWS.
  static final String RFC7515_X = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
  static final String RFC7515_Y = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
  static final String RFC7515_JWS = "eyJhbGciOiJFUzI1NiJ9"
      + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
      + ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

  static byte[] b64(String s) {
    return Base64.getUrlDecoder().decode(s);
  }

  static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static PrivateKey edPrivate(String d) throws Exception {
    return KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, b64(d)));
  }

  /** RFC 8032 5.1.2: little-endian y, the top bit of the last byte is the parity of x. */
  static PublicKey edPublic(String x) throws Exception {
    byte[] raw = b64(x);
    boolean xOdd = (raw[raw.length - 1] & 0x80) != 0;
    raw[raw.length - 1] &= 0x7f;
    byte[] bigEndian = new byte[raw.length];
    for (int i = 0; i < raw.length; i++) {
      bigEndian[i] = raw[raw.length - 1 - i];
    }
    return KeyFactory.getInstance("Ed25519").generatePublic(
        new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, bigEndian))));
  }

  static PublicKey p256(String x, String y) throws Exception {
    AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
    params.init(new ECGenParameterSpec("secp256r1"));
    ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
        new ECPoint(new BigInteger(1, b64(x)), new BigInteger(1, b64(y))), spec));
  }

  static KeyPair ec(String curve) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(curve));
    return g.generateKeyPair();
  }

  @Test
  @DisplayName("EdDSA reproduces the RFC 8037 A.4 JWS byte for byte and verifies it")
  void rfc8037() throws Exception {
    String jws = ReceiptSigner.ed25519(edPrivate(RFC8037_D), null)
        .sign("Example of Ed25519 signing".getBytes(StandardCharsets.UTF_8));
    assertThat(jws).isEqualTo(RFC8037_JWS);
    assertThat(ReceiptVerifier.of(edPublic(RFC8037_X)).verify(RFC8037_JWS)).isInstanceOfSatisfying(
        ReceiptVerification.Valid.class, v -> {
          assertThat(v.payload()).isEqualTo("Example of Ed25519 signing");
          assertThat(v.algorithm()).isEqualTo("EdDSA");
          assertThat(v.keyId()).isNull();
        });
  }

  @Test
  @DisplayName("ES256 verifies the RFC 7515 A.3 JWS (raw R||S signature) and rejects it once altered")
  void rfc7515() throws Exception {
    ReceiptVerifier v = ReceiptVerifier.of(p256(RFC7515_X, RFC7515_Y));
    assertThat(v.algorithm()).isEqualTo("ES256");
    assertThat(v.verify(RFC7515_JWS).isValid()).isTrue();
    String altered = RFC7515_JWS.replace(".DtEhU3", ".DtEhU4");
    assertThat(v.verify(altered)).isInstanceOfSatisfying(ReceiptVerification.Invalid.class,
        i -> assertThat(i.reason()).isEqualTo(ReceiptVerification.Reason.BAD_SIGNATURE));
    // the last character's unused bits changed: same bytes, but not the canonical encoding
    String padded = RFC7515_JWS.substring(0, RFC7515_JWS.length() - 2) + "1R";
    assertThat(v.verify(padded)).isInstanceOfSatisfying(ReceiptVerification.Invalid.class,
        i -> assertThat(i.reason()).isEqualTo(ReceiptVerification.Reason.MALFORMED));
  }

  @Test
  @DisplayName("ES256 signatures are the 64-byte R||S form and carry the key id")
  void es256Raw() throws Exception {
    KeyPair k = ec("secp256r1");
    String jws = ReceiptSigner.es256(k.getPrivate(), "host-key-1").sign("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    String[] parts = jws.split("\\.");
    assertThat(new String(b64(parts[0]), StandardCharsets.UTF_8)).isEqualTo("{\"alg\":\"ES256\",\"kid\":\"host-key-1\"}");
    assertThat(b64(parts[2])).hasSize(64);
    assertThat(ReceiptVerifier.of(k.getPublic()).verify(jws)).isInstanceOfSatisfying(ReceiptVerification.Valid.class,
        v -> assertThat(v.keyId()).isEqualTo("host-key-1"));

    // the JDK's default DER encoding is not what JWS carries: rejected
    Signature der = Signature.getInstance("SHA256withECDSA");
    der.initSign(k.getPrivate());
    der.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    String withDer = parts[0] + "." + parts[1] + "." + b64(der.sign());
    assertThat(ReceiptVerifier.of(k.getPublic()).verify(withDer).isValid()).isFalse();
  }

  @Test
  @DisplayName("rejects a tampered payload or header and a signature from another key")
  void tampered() throws Exception {
    KeyPair k = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String jws = ReceiptSigner.ed25519(k.getPrivate(), "a").sign("{\"status\":\"given\"}".getBytes(StandardCharsets.UTF_8));
    String[] p = jws.split("\\.");
    ReceiptVerifier v = ReceiptVerifier.of(k.getPublic());
    assertThat(v.verify(jws).isValid()).isTrue();
    assertThat(reason(v, p[0] + "." + b64("{\"status\":\"gone\"}".getBytes(StandardCharsets.UTF_8)) + "." + p[2]))
        .isEqualTo(ReceiptVerification.Reason.BAD_SIGNATURE);
    assertThat(reason(v, b64("{\"alg\":\"EdDSA\",\"kid\":\"b\"}".getBytes(StandardCharsets.UTF_8)) + "." + p[1] + "." + p[2]))
        .isEqualTo(ReceiptVerification.Reason.BAD_SIGNATURE);
    assertThat(reason(ReceiptVerifier.of(other.getPublic()), jws)).isEqualTo(ReceiptVerification.Reason.BAD_SIGNATURE);
  }

  @Test
  @DisplayName("takes the algorithm from the key, never from the token: none, HS256 and the other curve are refused")
  void algorithmConfusion() throws Exception {
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    KeyPair p256 = ec("secp256r1");
    String payload = b64("{\"status\":\"given\"}".getBytes(StandardCharsets.UTF_8));
    ReceiptVerifier v = ReceiptVerifier.of(ed.getPublic());

    String none = b64("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + payload + ".";
    assertThat(v.verify(none).isValid()).isFalse();
    String noneWithSig = b64("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + payload + ".AAAA";
    assertThat(reason(v, noneWithSig)).isEqualTo(ReceiptVerification.Reason.ALGORITHM_NOT_ALLOWED);

    // HS256 keyed with the public key's bytes: the classic confusion attack
    String hsHeader = b64("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(ed.getPublic().getEncoded(), "HmacSHA256"));
    String hs = hsHeader + "." + payload + "."
        + b64(mac.doFinal((hsHeader + "." + payload).getBytes(StandardCharsets.US_ASCII)));
    assertThat(reason(v, hs)).isEqualTo(ReceiptVerification.Reason.ALGORITHM_NOT_ALLOWED);

    String es = ReceiptSigner.es256(p256.getPrivate(), null).sign("{}".getBytes(StandardCharsets.UTF_8));
    assertThat(reason(v, es)).isEqualTo(ReceiptVerification.Reason.ALGORITHM_NOT_ALLOWED);
    String eddsa = ReceiptSigner.ed25519(ed.getPrivate(), null).sign("{}".getBytes(StandardCharsets.UTF_8));
    assertThat(reason(ReceiptVerifier.of(p256.getPublic()), eddsa))
        .isEqualTo(ReceiptVerification.Reason.ALGORITHM_NOT_ALLOWED);

    String lower = b64("{\"alg\":\"eddsa\"}".getBytes(StandardCharsets.UTF_8)) + "." + payload + ".AAAA";
    assertThat(reason(v, lower)).isEqualTo(ReceiptVerification.Reason.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  @DisplayName("refuses crit extensions, duplicate header names and malformed tokens without throwing")
  void malformed() throws Exception {
    KeyPair k = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    ReceiptVerifier v = ReceiptVerifier.of(k.getPublic());
    String jws = ReceiptSigner.ed25519(k.getPrivate(), null).sign("{}".getBytes(StandardCharsets.UTF_8));
    String[] p = jws.split("\\.");
    String crit = b64("{\"alg\":\"EdDSA\",\"crit\":[\"exp\"],\"exp\":1}".getBytes(StandardCharsets.UTF_8));
    assertThat(reason(v, crit + "." + p[1] + "." + p[2])).isEqualTo(ReceiptVerification.Reason.UNSUPPORTED_HEADER);
    String dup = b64("{\"alg\":\"none\",\"alg\":\"EdDSA\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(reason(v, dup + "." + p[1] + "." + p[2])).isEqualTo(ReceiptVerification.Reason.MALFORMED);
    for (String bad : new String[] {null, "", "a.b", "a.b.c.d", jws + "=", p[0] + "." + p[1] + ".", "!!." + p[1] + "." + p[2],
        b64("[1]".getBytes(StandardCharsets.UTF_8)) + "." + p[1] + "." + p[2], jws.replace('-', '+')}) {
      if (bad != null && bad.equals(jws)) {
        continue;
      }
      assertThat(v.verify(bad).isValid()).as("%s", bad).isFalse();
    }
    assertThat(reason(v, "a.b")).isEqualTo(ReceiptVerification.Reason.MALFORMED);
  }

  @Test
  @DisplayName("signers and verifiers accept only Ed25519 and P-256 keys")
  void keys() throws Exception {
    KeyPair p384 = ec("secp384r1");
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    KeyPair ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair();
    KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    assertThatThrownBy(() -> ReceiptSigner.es256(p384.getPrivate(), null)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ReceiptSigner.es256(ed.getPrivate(), null)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ReceiptSigner.ed25519(ed448.getPrivate(), null)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ReceiptSigner.ed25519(rsa.getPrivate(), null)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ReceiptVerifier.of(rsa.getPublic())).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ReceiptVerifier.of(p384.getPublic())).isInstanceOf(InvalidInputException.class);
    assertThat(ReceiptSigner.ed25519(ed.getPrivate(), "k").toString()).doesNotContain(ed.getPrivate().toString());
  }

  private static ReceiptVerification.Reason reason(ReceiptVerifier v, String jws) {
    ReceiptVerification r = v.verify(jws);
    assertThat(r).isInstanceOf(ReceiptVerification.Invalid.class);
    return ((ReceiptVerification.Invalid) r).reason();
  }
}
