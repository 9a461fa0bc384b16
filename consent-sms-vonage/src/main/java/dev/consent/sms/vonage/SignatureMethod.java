package dev.consent.sms.vonage;

/**
 * How the SMS API signs requests and webhooks with the account's signature secret, as set in the
 * Vonage dashboard. {@link #MD5_HASH} appends the secret and hashes; the others are HMACs keyed
 * with the secret. Prefer {@link #HMAC_SHA256} or {@link #HMAC_SHA512}.
 *
 * @since 0.1
 */
public enum SignatureMethod {
  /** Vonage's {@code md5hash}: MD5 of the parameter string followed by the secret. */
  MD5_HASH(null),
  /** Vonage's {@code md5}: HMAC-MD5. */
  HMAC_MD5("HmacMD5"),
  /** Vonage's {@code sha1}: HMAC-SHA1. */
  HMAC_SHA1("HmacSHA1"),
  /** Vonage's {@code sha256}: HMAC-SHA256. */
  HMAC_SHA256("HmacSHA256"),
  /** Vonage's {@code sha512}: HMAC-SHA512. */
  HMAC_SHA512("HmacSHA512");

  private final @org.jspecify.annotations.Nullable String mac;

  SignatureMethod(@org.jspecify.annotations.Nullable String mac) {
    this.mac = mac;
  }

  /** The JCA MAC algorithm, or null for {@link #MD5_HASH}. */
  @org.jspecify.annotations.Nullable
  String macAlgorithm() {
    return mac;
  }
}
