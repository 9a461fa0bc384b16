package dev.consent.sms.twilio;

import dev.consent.LogText;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A webhook request exactly as the host's HTTP server received it, to be verified and parsed by
 * {@link TwilioWebhooks}.
 *
 * <p>{@code publicUrl} is the URL Twilio called, as configured in the Twilio console: scheme, host,
 * path and the raw (still percent-encoded) query string, e.g. {@code
 * "https://example.com/twilio/inbound?tenant=acme"}. Behind a TLS-terminating proxy, build it from
 * the host's own configured public base URL and the request's raw path and query; never from
 * {@code X-Forwarded-*} headers, which a client can set.
 *
 * <pre>{@code
 * // JDK HttpServer:
 * var req = new TwilioWebhookRequest(
 *     publicBase + exchange.getRequestURI().toString(),      // raw path and query
 *     exchange.getRequestHeaders().getFirst("X-Twilio-Signature"),
 *     exchange.getRequestHeaders().getFirst("Content-Type"),
 *     exchange.getRequestBody().readNBytes(TwilioWebhooks.DEFAULT_MAX_BODY + 1));
 * }</pre>
 *
 * @param publicUrl the full public URL with its raw query string
 * @param signature the {@code X-Twilio-Signature} header, or null if absent
 * @param contentType the {@code Content-Type} header, or null if absent
 * @param body the raw body bytes (personal data: never logged)
 * @deprecated since 0.5, use the request type every adapter shares, {@link
 *     dev.consent.carrier.WebhookRequest} (method, URL, all headers, body), with {@link
 *     TwilioWebhooks#inbound(dev.consent.carrier.WebhookRequest)}. To be removed in 0.6.
 * @since 0.1
 */
@Deprecated(since = "0.5", forRemoval = true)
public record TwilioWebhookRequest(
    String publicUrl, @Nullable String signature, @Nullable String contentType, byte[] body) {

  /** Header Twilio puts its signature in ({@link TwilioWebhooks#SIGNATURE_HEADER}). */
  public static final String SIGNATURE_HEADER = "X-Twilio-Signature";

  public TwilioWebhookRequest {
    if (publicUrl == null || publicUrl.isBlank()) {
      throw new dev.consent.error.InvalidInputException("public URL is required");
    }
    if (body == null) {
      throw new dev.consent.error.InvalidInputException("body is required");
    }
    body = body.clone();
  }

  /** The same request in the shape every adapter takes: a form POST to {@code publicUrl}. */
  public dev.consent.carrier.WebhookRequest toWebhookRequest() {
    java.util.Map<String, @Nullable String> headers = new java.util.HashMap<>();
    headers.put(SIGNATURE_HEADER, signature);
    headers.put("Content-Type", contentType);
    return dev.consent.carrier.WebhookRequest.of("POST", publicUrl, headers, body);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TwilioWebhookRequest r
        && r.publicUrl.equals(publicUrl)
        && java.util.Objects.equals(r.signature, signature)
        && java.util.Objects.equals(r.contentType, contentType)
        && Arrays.equals(r.body, body);
  }

  @Override
  public int hashCode() {
    return publicUrl.hashCode() * 31 + Arrays.hashCode(body);
  }

  /** Shows the path only: the query and body may hold personal data. */
  @Override
  public String toString() {
    int q = publicUrl.indexOf('?');
    return "TwilioWebhookRequest[" + LogText.safe(q < 0 ? publicUrl : publicUrl.substring(0, q)) + ", "
        + body.length + " bytes, signed=" + (signature != null) + "]";
  }
}
