package dev.consent.sms.vonage;

import dev.consent.LogText;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A webhook request as the host's HTTP server received it, for {@link VonageWebhooks}. Carrier
 * adapters run no server: the host copies the method, the raw query string, the headers and the
 * raw body bytes (unparsed, because a signature covers them exactly).
 *
 * <pre>{@code
 * // JDK HttpServer
 * WebhookRequest req = new WebhookRequest(ex.getRequestMethod(), ex.getRequestURI().getRawQuery(),
 *     ex.getRequestHeaders(), ex.getRequestBody().readNBytes(VonageWebhooks.MAX_BODY + 1));
 * }</pre>
 *
 * <p>Immutable; {@link #toString()} prints no header value and no body.
 *
 * @param method the HTTP method, e.g. {@code POST}
 * @param rawQuery the query string still URL-encoded, without {@code ?}, or null
 * @param headers the headers; names are matched case-insensitively
 * @param body the raw body bytes (empty for GET)
 * @deprecated since 0.5, use the request type every adapter shares, {@link
 *     dev.consent.carrier.WebhookRequest}, which carries the URL the carrier called (its query is
 *     read) instead of the raw query alone. To be removed in 0.6.
 * @since 0.1
 */
@Deprecated(since = "0.5", forRemoval = true)
public record WebhookRequest(
    String method, @Nullable String rawQuery, Map<String, List<String>> headers, byte[] body) {

  public WebhookRequest {
    method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Objects.requireNonNull(headers, "headers").forEach((k, v) -> h.merge(k, List.copyOf(v), WebhookRequest::concat));
    headers = Collections.unmodifiableMap(h);
    body = Objects.requireNonNull(body, "body").clone();
  }

  /** A request whose headers have one value each. */
  public static WebhookRequest of(
      String method, @Nullable String rawQuery, Map<String, String> headers, byte[] body) {
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> h.put(k, List.of(v)));
    return new WebhookRequest(method, rawQuery, h, body);
  }

  /** The same request in the shape every adapter takes; its URL is {@code /} and the raw query. */
  public dev.consent.carrier.WebhookRequest toWebhookRequest() {
    return new dev.consent.carrier.WebhookRequest(method, rawQuery == null ? "/" : "/?" + rawQuery, headers, body);
  }

  /** The first value of a header, looked up case-insensitively. */
  public Optional<String> header(String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  int bodyLength() {
    return body.length;
  }

  byte[] rawBody() {
    return body;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebhookRequest r
        && r.method.equals(method)
        && Objects.equals(r.rawQuery, rawQuery)
        && r.headers.equals(headers)
        && Arrays.equals(r.body, body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, rawQuery, headers, Arrays.hashCode(body));
  }

  /** Method, header names and body size only: values may hold tokens, numbers and texts. */
  @Override
  public String toString() {
    return "WebhookRequest[" + LogText.safe(method) + ", headers="
        + headers.keySet().stream().map(LogText::safe).toList() + ", body=" + body.length + " bytes]";
  }
}
