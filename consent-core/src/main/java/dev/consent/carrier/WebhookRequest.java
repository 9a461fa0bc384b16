package dev.consent.carrier;

import dev.consent.LogText;
import dev.consent.error.InvalidInputException;
import java.util.ArrayList;
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
 * A webhook request exactly as the host's HTTP server received it, for any carrier adapter's
 * webhooks ({@code TwilioWebhooks}, {@code VonageWebhooks}). Adapters run no server: the host copies
 * the method, the URL the carrier called, the headers and the raw body bytes (unparsed, because a
 * signature covers them exactly).
 *
 * <p>{@code url} is the URL the carrier called, with its raw (still percent-encoded) query string,
 * e.g. {@code "https://example.com/twilio/inbound?tenant=acme"}. Twilio signs it, so it must be the
 * public URL configured in Twilio's console: behind a TLS-terminating proxy, build it from the host's
 * own configured public base URL and the request's raw path and query, never from {@code
 * X-Forwarded-*} headers, which a client can set. Vonage reads only its query.
 *
 * <pre>{@code
 * // JDK HttpServer:
 * var req = new WebhookRequest(ex.getRequestMethod(), publicBase + ex.getRequestURI(),
 *     ex.getRequestHeaders(), ex.getRequestBody().readNBytes(64 * 1024 + 1));
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #toString()} prints no header value, no query and no body.
 *
 * @param method the HTTP method, upper-cased, e.g. {@code POST}
 * @param url the URL the carrier called, with its raw query string (absolute for Twilio)
 * @param headers the headers; names are matched case-insensitively
 * @param body the raw body bytes (personal data: never logged), empty for a GET
 * @since 0.5
 */
public record WebhookRequest(String method, String url, Map<String, List<String>> headers, byte[] body) {

  public WebhookRequest {
    if (method == null || method.isBlank()) {
      throw new InvalidInputException("webhook request: method is required");
    }
    if (url == null || url.isBlank()) {
      throw new InvalidInputException("webhook request: URL is required");
    }
    if (headers == null || body == null) {
      throw new InvalidInputException("webhook request: headers and body are required");
    }
    method = method.toUpperCase(Locale.ROOT);
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> h.merge(k, List.copyOf(v), WebhookRequest::concat));
    headers = Collections.unmodifiableMap(h);
    body = body.clone();
  }

  /** A request whose headers have one value each; a null value leaves the header out. */
  public static WebhookRequest of(String method, String url, Map<String, @Nullable String> headers, byte[] body) {
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> {
      if (v != null) {
        h.put(k, List.of(v));
      }
    });
    return new WebhookRequest(method, url, h, body);
  }

  /** The first value of a header, looked up case-insensitively. */
  public Optional<String> header(String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** The media type of {@code Content-Type}, lower-cased and without parameters; empty if absent. */
  public String mediaType() {
    String t = header("Content-Type").orElse("");
    int semi = t.indexOf(';');
    return (semi < 0 ? t : t.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  /** The raw query string (still percent-encoded, without {@code ?} and fragment), or null. */
  public @Nullable String rawQuery() {
    int q = url.indexOf('?');
    if (q < 0) {
      return null;
    }
    int hash = url.indexOf('#', q);
    return url.substring(q + 1, hash < 0 ? url.length() : hash);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The body's length, without copying it. */
  public int bodyLength() {
    return body.length;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebhookRequest r
        && r.method.equals(method)
        && r.url.equals(url)
        && r.headers.equals(headers)
        && Arrays.equals(r.body, body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, url, headers, Arrays.hashCode(body));
  }

  /** Method, path, header names and body size only: values may hold tokens, numbers and texts. */
  @Override
  public String toString() {
    int q = url.indexOf('?');
    return "WebhookRequest[" + LogText.safe(method) + " " + LogText.safe(q < 0 ? url : url.substring(0, q))
        + ", headers=" + headers.keySet().stream().map(LogText::safe).toList() + ", body=" + body.length + " bytes]";
  }
}
