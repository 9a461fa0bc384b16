package dev.consent.receipt;

import java.math.BigInteger;
import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.spec.ECParameterSpec;
import java.util.Base64;

/** Helpers shared by the receipt signer and verifier (RFC 7515 compact serialization). Not API. */
final class Jws {
  static final String EDDSA = "EdDSA";
  static final String ES256 = "ES256";
  private static final BigInteger P256_ORDER =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Jws() {}

  /** The JWS algorithm for a key: EdDSA for Ed25519, ES256 for P-256; null for anything else. */
  static @org.jspecify.annotations.Nullable String algorithmFor(Key key) {
    if (key instanceof EdECKey ed && "Ed25519".equalsIgnoreCase(ed.getParams().getName())) {
      return EDDSA;
    }
    if (key instanceof ECKey ec) {
      ECParameterSpec p = ec.getParams();
      if (p != null && p.getOrder().equals(P256_ORDER) && p.getCofactor() == 1
          && p.getCurve().getField().getFieldSize() == 256) {
        return ES256;
      }
    }
    return null;
  }

  /** The JDK signature algorithm; ES256 uses the raw R||S (IEEE P1363) form JWS requires, not DER. */
  static String jdkAlgorithm(String jwsAlgorithm) {
    return EDDSA.equals(jwsAlgorithm) ? "Ed25519" : "SHA256withECDSAinP1363Format";
  }

  static String encode(byte[] bytes) {
    return B64.encodeToString(bytes);
  }
}
