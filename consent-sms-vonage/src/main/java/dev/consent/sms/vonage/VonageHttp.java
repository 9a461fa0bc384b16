package dev.consent.sms.vonage;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The one HTTP call {@link VonageCarrier} makes, behind a seam that tests and hosts can replace
 * (a proxy, a recording fake). The default runs on the JDK {@link HttpClient}.
 *
 * <p>An implementation throws {@link ConnectException} (or its JDK subtype for a connect timeout)
 * only when no connection was made, so no message can exist and the call may be repeated; any
 * other {@link IOException} means the request may have reached Vonage and the outcome is unknown.
 * Implementations must be thread-safe.
 *
 * @deprecated since 0.5, use the seam every adapter shares, {@link dev.consent.carrier.CarrierHttp}
 *     ({@code execute} instead of {@code send}; response headers with all their values). To be
 *     removed in 0.6.
 * @since 0.1
 */
@Deprecated(since = "0.5", forRemoval = true)
@FunctionalInterface
public interface VonageHttp extends dev.consent.carrier.CarrierHttp {

  /** Adapts the shared seam's call to {@link #send}. */
  @Override
  default dev.consent.carrier.CarrierHttp.Response execute(dev.consent.carrier.CarrierHttp.Request request)
      throws IOException {
    Response r = send(new Request(request.method(), request.uri(), request.headers(), request.body(), request.timeout()));
    return dev.consent.carrier.CarrierHttp.Response.of(r.status(), r.headers(), r.body());
  }

  /**
   * Sends one request (its {@link Request#method()}) and returns Vonage's answer, whatever its status.
   *
   * @throws ConnectException when no connection could be made (safe to retry)
   * @throws IOException when the outcome is unknown (never retried)
   */
  Response send(Request request) throws IOException;

  /** The default seam on a JDK {@link HttpClient} with the given connect timeout. */
  static VonageHttp jdk(Duration connectTimeout) {
    return over(dev.consent.carrier.CarrierHttp.jdk(connectTimeout));
  }

  /** The default seam on a client the host configured (proxy, TLS, executor). */
  static VonageHttp jdk(HttpClient client) {
    return over(dev.consent.carrier.CarrierHttp.jdk(client));
  }

  /** This 0.4 seam over the shared one: each header's first value; an interrupt as InterruptedIOException. */
  private static VonageHttp over(dev.consent.carrier.CarrierHttp shared) {
    return request -> {
      dev.consent.carrier.CarrierHttp.Response r;
      try {
        r = shared.execute(new dev.consent.carrier.CarrierHttp.Request(request.method(), request.uri(), request.headers(),
            request.body(), request.timeout()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while waiting for Vonage");
      }
      Map<String, String> first = new java.util.HashMap<>();
      r.headers().forEach((name, values) -> first.put(name, values.isEmpty() ? "" : values.get(0)));
      return new Response(r.status(), first, r.body());
    };
  }

  /**
   * One request to Vonage: a POST for sending, a GET (empty body) for the Reports API look-up of
   * {@link VonageCarrier#confirm}. An implementation must send {@link #method()} as given.
   *
   * @param method {@code POST} or {@code GET} (since 0.4; sends are always POST)
   * @param uri the endpoint, with its query
   * @param headers request headers (they may carry credentials: never log them)
   * @param body the encoded body (personal data: never log it); empty for GET
   * @param timeout how long to wait for the answer once connected
   */
  record Request(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
    public Request {
      if (!"POST".equals(method) && !"GET".equals(method)) {
        throw new IllegalArgumentException("method must be POST or GET");
      }
      Objects.requireNonNull(uri, "uri");
      headers = Map.copyOf(headers);
      body = body.clone();
      Objects.requireNonNull(timeout, "timeout");
    }

    /** A POST, as every send is. */
    public Request(URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
      this("POST", uri, headers, body, timeout);
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    /**
     * Prints the method and the endpoint's path only: headers hold credentials, the body and a
     * look-up's query hold personal data or ids.
     */
    @Override
    public String toString() {
      return "Request[" + method + " " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath() + ", " + body.length + " bytes]";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Request r
          && r.method.equals(method)
          && r.uri.equals(uri)
          && r.headers.equals(headers)
          && java.util.Arrays.equals(r.body, body)
          && r.timeout.equals(timeout);
    }

    @Override
    public int hashCode() {
      return Objects.hash(method, uri, headers, java.util.Arrays.hashCode(body), timeout);
    }
  }

  /**
   * Vonage's answer.
   *
   * @param status the HTTP status
   * @param headers response headers, looked up case-insensitively
   * @param body the response body
   */
  record Response(int status, Map<String, String> headers, byte[] body) {
    public Response {
      TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      copy.putAll(headers);
      headers = java.util.Collections.unmodifiableMap(copy);
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    @Override
    public String toString() {
      return "Response[" + status + ", " + body.length + " bytes]";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Response r
          && r.status == status
          && r.headers.equals(headers)
          && java.util.Arrays.equals(r.body, body);
    }

    @Override
    public int hashCode() {
      return Objects.hash(status, headers, java.util.Arrays.hashCode(body));
    }
  }
}
