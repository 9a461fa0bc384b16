package dev.consent.sms.twilio;

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
 * @since 0.1
 */
public record TwilioWebhookRequest(
    String publicUrl, @Nullable String signature, @Nullable String contentType, byte[] body) {

  /** Header Twilio puts its signature in. */
  public static final String SIGNATURE_HEADER = "X-Twilio-Signature";

  public TwilioWebhookRequest {
    if (publicUrl == null || publicUrl.isBlank()) {
      throw new dev.consent.InvalidInputException("public URL is required");
    }
    if (body == null) {
      throw new dev.consent.InvalidInputException("body is required");
    }
    body = body.clone();
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
    return "TwilioWebhookRequest[" + (q < 0 ? publicUrl : publicUrl.substring(0, q)) + ", "
        + body.length + " bytes, signed=" + (signature != null) + "]";
  }
}
