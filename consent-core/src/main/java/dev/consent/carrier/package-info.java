/**
 * What the carrier adapters share, for adapter authors: one webhook request shape ({@link
 * dev.consent.carrier.WebhookRequest}), one sealed webhook result ({@link
 * dev.consent.carrier.WebhookResult}), one HTTP seam ({@link dev.consent.carrier.CarrierHttp}, on
 * the JDK {@code HttpClient} by default) and one retry policy ({@link
 * dev.consent.carrier.Backoff}: bounded attempts, a total deadline, exponential backoff with full
 * jitter under a cap, {@code Retry-After} honoured).
 *
 * <p>A host's webhook endpoint uses the request and result types with every adapter alike:
 *
 * <pre>{@code
 * WebhookRequest req = new WebhookRequest(exchange.getRequestMethod(),
 *     publicBase + exchange.getRequestURI(),                 // the URL the carrier called, raw query
 *     exchange.getRequestHeaders(), body);
 * WebhookResult r = twilioWebhooks.inbound(req);             // or vonageWebhooks.inbound(req)
 * if (r instanceof WebhookResult.Inbound in) {                // Java 17: no patterns in switch
 *   kit.inbound().handle(in.message());
 * } else if (r instanceof WebhookResult.Delivery d) {
 *   kit.inbound().handle(d.report());
 * }                                                          // Rejected, Ignored, PartStored: nothing to do
 * respond(r.httpStatus());
 * }</pre>
 *
 * <p>An adapter sends through {@link dev.consent.carrier.CarrierHttp} and retries with {@link
 * dev.consent.carrier.Backoff#run}, deciding per attempt, with typed values, whether another try
 * is safe (no message can exist) and useful. Nothing here logs or prints a header value, a body or a
 * query string.
 *
 * @since 0.5
 */
@NullMarked
package dev.consent.carrier;

import org.jspecify.annotations.NullMarked;
