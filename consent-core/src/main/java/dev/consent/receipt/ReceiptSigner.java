package dev.consent.receipt;

import dev.consent.ConsentReceipt;
import dev.consent.error.ConsentException;
import dev.consent.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Signs consent receipts with a host key as a JWS in compact serialization (RFC 7515), with EdDSA
 * over Ed25519 (RFC 8037) or ES256 (ECDSA P-256 with SHA-256, RFC 7518), using only the JDK. The
 * payload is exactly {@link ConsentReceipt#toJson()}; {@link ReceiptVerifier} checks it.
 *
 * <pre>{@code
 * KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
 * String jws = ReceiptSigner.ed25519(keys.getPrivate(), "receipts-2026").sign(receipt);
 * ReceiptVerification v = ReceiptVerifier.of(keys.getPublic()).verify(jws);
 * }</pre>
 *
 * <p>Immutable and thread-safe. The key never appears in messages or {@link #toString()}.
 *
 * @since 0.3
 */
public final class ReceiptSigner {
  private final PrivateKey key;
  private final String algorithm;
  private final String header;

  private ReceiptSigner(PrivateKey key, String algorithm, @Nullable String keyId) {
    this.key = key;
    this.algorithm = algorithm;
    Map<String, String> h = new LinkedHashMap<>();
    h.put("alg", algorithm);
    if (keyId != null) {
      if (keyId.isBlank() || keyId.length() > 200) {
        throw new InvalidInputException("key id must be 1-200 characters");
      }
      h.put("kid", keyId);
    }
    try {
      this.header = Jws.encode(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(h));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ConsentException("could not write the JWS header", e);
    }
  }

  /** A signer with an Ed25519 private key ({@code alg} EdDSA); {@code keyId} goes in the {@code kid} header. */
  public static ReceiptSigner ed25519(PrivateKey key, @Nullable String keyId) {
    return of(key, Jws.EDDSA, keyId);
  }

  /** A signer with a P-256 private key ({@code alg} ES256); {@code keyId} goes in the {@code kid} header. */
  public static ReceiptSigner es256(PrivateKey key, @Nullable String keyId) {
    return of(key, Jws.ES256, keyId);
  }

  /**
   * A signer whose algorithm follows the key: EdDSA for an Ed25519 key, ES256 for a P-256 key.
   *
   * @throws InvalidInputException for any other key
   * @since 0.5
   */
  public static ReceiptSigner of(PrivateKey key, @Nullable String keyId) {
    String algorithm = key == null ? null : Jws.algorithmFor(key);
    if (algorithm == null) {
      throw new InvalidInputException("the key is neither an Ed25519 nor a P-256 private key");
    }
    return of(key, algorithm, keyId);
  }

  private static ReceiptSigner of(PrivateKey key, String algorithm, @Nullable String keyId) {
    if (key == null) {
      throw new InvalidInputException("signing key is required");
    }
    if (!algorithm.equals(Jws.algorithmFor(key))) {
      throw new InvalidInputException("the key is not a " + (algorithm.equals(Jws.EDDSA) ? "Ed25519" : "P-256")
          + " private key");
    }
    return new ReceiptSigner(key, algorithm, keyId);
  }

  /** The JWS algorithm: {@code EdDSA} or {@code ES256}. */
  public String algorithm() {
    return algorithm;
  }

  /** The receipt's JSON signed as a compact JWS: {@code header.payload.signature}. */
  public String sign(ConsentReceipt receipt) {
    if (receipt == null) {
      throw new InvalidInputException("receipt is required");
    }
    return sign(receipt.toJson().getBytes(StandardCharsets.UTF_8));
  }

  /** Any payload signed as a compact JWS (the receipt's JSON in {@link #sign(ConsentReceipt)}). */
  public String sign(byte[] payload) {
    if (payload == null) {
      throw new InvalidInputException("payload is required");
    }
    String input = header + "." + Jws.encode(payload);
    try {
      Signature s = Signature.getInstance(Jws.jdkAlgorithm(algorithm));
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + Jws.encode(s.sign());
    } catch (GeneralSecurityException e) {
      throw new ConsentException("could not sign the receipt with " + algorithm, e);
    }
  }

  @Override
  public String toString() {
    return "ReceiptSigner[" + algorithm + "]";
  }
}
