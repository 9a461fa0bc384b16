package dev.consent.carrier;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP seam between a carrier adapter and the network, so that a test (or a host with its own
 * HTTP stack, a proxy, a recording fake) can replace it. The default, {@link #jdk(Duration)}, runs
 * on the JDK {@link HttpClient}, follows no redirect and applies each request's timeout.
 *
 * <p>Whether a failed call may be retried depends on which exception is thrown: an implementation
 * throws {@link java.net.ConnectException} (or {@link java.net.http.HttpConnectTimeoutException})
 * only when no byte of the request can have reached the carrier; any other {@link IOException},
 * including a read timeout, means the request may have been accepted, and an adapter never resends
 * a send blindly.
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.5
 */
@FunctionalInterface
public interface CarrierHttp {

  /**
   * Performs one request and returns the answer, whatever its status.
   *
   * @throws java.net.ConnectException when no connection was made (safe to retry)
   * @throws IOException for any other failure (the outcome is unknown)
   * @throws InterruptedException when the calling thread was interrupted
   */
  Response execute(Request request) throws IOException, InterruptedException;

  /** The default seam on a new JDK {@link HttpClient} with this connect timeout, no redirects. */
  static CarrierHttp jdk(Duration connectTimeout) {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    return new JdkCarrierHttp(
        HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build());
  }

  /** The default seam on a client the host configured (proxy, TLS, executor). */
  static CarrierHttp jdk(HttpClient client) {
    return new JdkCarrierHttp(Objects.requireNonNull(client, "client"));
  }

  /**
   * One request. {@link #toString()} prints the method and the path only: headers hold
   * credentials, the body and the query personal data or ids.
   *
   * @param method {@code GET} or {@code POST}
   * @param uri the absolute URI, with its query
   * @param headers request headers (including {@code Authorization})
   * @param body the encoded body, empty for a GET
   * @param timeout how long to wait for the response once sent
   */
  record Request(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
    public Request {
      if (!"POST".equals(method) && !"GET".equals(method)) {
        throw new IllegalArgumentException("method must be POST or GET");
      }
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(timeout, "timeout");
      headers = Map.copyOf(headers);
      body = body.clone();
    }

    /** A POST. */
    public Request(URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
      this("POST", uri, headers, body, timeout);
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Request r
          && r.method.equals(method)
          && r.uri.equals(uri)
          && r.headers.equals(headers)
          && Arrays.equals(r.body, body)
          && r.timeout.equals(timeout);
    }

    @Override
    public int hashCode() {
      return Objects.hash(method, uri, headers, Arrays.hashCode(body), timeout);
    }

    @Override
    public String toString() {
      return "Request[" + method + " " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath() + ", "
          + body.length + " bytes]";
    }
  }

  /**
   * One response.
   *
   * @param status the HTTP status
   * @param headers response headers, names matched case-insensitively
   * @param body the raw body
   */
  record Response(int status, Map<String, List<String>> headers, byte[] body) {
    public Response {
      TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
      headers = Collections.unmodifiableMap(copy);
      body = body.clone();
    }

    /** A response whose headers have one value each. */
    public static Response of(int status, Map<String, String> headers, byte[] body) {
      TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.forEach((k, v) -> h.put(k, List.of(v)));
      return new Response(status, h, body);
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    /** The first value of a header, or null. */
    public @Nullable String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Response r && r.status == status && r.headers.equals(headers) && Arrays.equals(r.body, body);
    }

    @Override
    public int hashCode() {
      return Objects.hash(status, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
      return "Response[" + status + ", " + body.length + " bytes]";
    }
  }
}
