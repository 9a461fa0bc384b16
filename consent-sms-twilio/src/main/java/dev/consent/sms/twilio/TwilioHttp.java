package dev.consent.sms.twilio;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP seam between the Twilio adapter and the network, so that a test (or a host with its own
 * HTTP stack) can replace it. The default, {@link #jdk(Duration)}, uses {@code java.net.http}.
 *
 * <p>Whether a failed call may be retried depends on which exception is thrown: an implementation
 * throws {@link java.net.ConnectException} (or {@link java.net.http.HttpConnectTimeoutException})
 * only when no byte of the request can have reached Twilio; any other {@link IOException},
 * including a read timeout, means the request may have been accepted, and the adapter never resends
 * it blindly.
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.1
 */
public interface TwilioHttp {

  /**
   * Performs one request.
   *
   * @throws java.net.ConnectException when no connection was made (safe to retry)
   * @throws IOException for any other failure (the outcome is unknown)
   * @throws InterruptedException when the calling thread was interrupted
   */
  Response execute(Request request) throws IOException, InterruptedException;

  /** The default seam on a shared {@link java.net.http.HttpClient}. */
  static TwilioHttp jdk(Duration connectTimeout) {
    return new JdkTwilioHttp(connectTimeout);
  }

  /**
   * One request. {@link #toString()} never prints the headers' values or the body, which carry the
   * credentials and personal data.
   *
   * @param method {@code GET} or {@code POST}
   * @param uri the absolute URI
   * @param headers request headers (including {@code Authorization})
   * @param body the form-encoded body, empty for a GET
   * @param timeout how long to wait for the response once sent
   */
  record Request(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
    public Request {
      headers = Map.copyOf(headers);
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    @Override
    public String toString() {
      return method + " " + uri.getRawPath() + " (" + body.length + " bytes)";
    }
  }

  /**
   * One response.
   *
   * @param status the HTTP status
   * @param headers response headers, names matched case-insensitively by {@link #header(String)}
   * @param body the raw body
   */
  record Response(int status, Map<String, List<String>> headers, byte[] body) {
    public Response {
      TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
      headers = java.util.Collections.unmodifiableMap(copy);
      body = body.clone();
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
    public String toString() {
      return "HTTP " + status + " (" + body.length + " bytes)";
    }
  }
}
