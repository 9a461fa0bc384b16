package dev.consent.sms.vonage;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * How the SMS API signs requests and webhooks with the account's signature secret, as set in the
 * Vonage dashboard. {@link #MD5_HASH} appends the secret and hashes; the others are HMACs keyed
 * with the secret. Prefer {@link #HMAC_SHA256} or {@link #HMAC_SHA512}.
 *
 * <p>Vonage's dashboard defaults to {@code MD5 hash}. The two MD5-based methods are still taken,
 * so that an account that uses them keeps working, but the builders of {@link VonageWebhooks} and
 * of a signing {@link VonageCarrier} log a WARN when given one: {@code md5hash} is MD5 of the
 * parameters followed by the secret, so two parameter strings of the same length whose MD5 collide
 * carry the same signature (and MD5 collisions are cheap to make); HMAC-MD5 has no known forgery,
 * but MD5 has long been deprecated for new uses. The Messages API's webhooks are always HS256, whatever is set
 * here.
 *
 * @since 0.1
 */
public enum SignatureMethod {
  /** Vonage's {@code md5hash} ("MD5 hash" in the dashboard): MD5 of the parameter string followed by the secret. */
  MD5_HASH(null, "MD5 hash"),
  /** Vonage's {@code md5} ("MD5 HMAC"): HMAC-MD5. */
  HMAC_MD5("HmacMD5", "MD5 HMAC"),
  /** Vonage's {@code sha1} ("SHA1 HMAC"): HMAC-SHA1. */
  HMAC_SHA1("HmacSHA1", "SHA1 HMAC"),
  /** Vonage's {@code sha256} ("SHA-256 HMAC"): HMAC-SHA256. */
  HMAC_SHA256("HmacSHA256", "SHA-256 HMAC"),
  /** Vonage's {@code sha512} ("SHA-512 HMAC"): HMAC-SHA512. */
  HMAC_SHA512("HmacSHA512", "SHA-512 HMAC");

  private final @Nullable String mac;
  private final String dashboardName;

  SignatureMethod(@Nullable String mac, String dashboardName) {
    this.mac = mac;
    this.dashboardName = dashboardName;
  }

  /** The JCA MAC algorithm, or null for {@link #MD5_HASH}. */
  @Nullable
  String macAlgorithm() {
    return mac;
  }

  /** Whether the method is built on MD5 ({@code md5hash} or HMAC-MD5). */
  boolean md5Based() {
    return this == MD5_HASH || this == HMAC_MD5;
  }

  /**
   * Logs one WARN when the method is MD5-based, saying what to choose instead; names the method,
   * never the secret. The dashboard and the builder must change together, or signatures stop matching.
   */
  void warnIfWeak(Logger log, String owner) {
    if (md5Based()) {
      log.warn("{}: signature method {} (\"{}\" in the Vonage dashboard) is MD5-based and weak; choose \"{}\""
              + " (or \"{}\") as the signature method in the dashboard's API settings and pass SignatureMethod.{}"
              + " (or {}) here at the same time",
          owner, name(), dashboardName, HMAC_SHA256.dashboardName, HMAC_SHA512.dashboardName, HMAC_SHA256.name(), HMAC_SHA512.name());
    }
  }
}
