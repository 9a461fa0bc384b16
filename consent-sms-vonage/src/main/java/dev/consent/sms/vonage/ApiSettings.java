package dev.consent.sms.vonage;

import java.net.URI;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What {@link SmsApi} and {@link MessagesApi} take from a checked {@link VonageCarrier.Builder}: where to
 * send, the credentials of the API in use, the per-request timeout and the clock.
 */
record ApiSettings(
    @Nullable URI baseUrl,
    @Nullable String apiKey,
    @Nullable String apiSecret,
    @Nullable String signatureSecret,
    SignatureMethod signatureMethod,
    @Nullable String applicationId,
    @Nullable PrivateKey privateKey,
    @Nullable URI deliveryReceiptUrl,
    Duration requestTimeout,
    Clock clock) {

  /** Never the secrets or the key. */
  @Override
  public String toString() {
    return "ApiSettings[" + (baseUrl != null ? baseUrl : "default hosts") + "]";
  }
}
