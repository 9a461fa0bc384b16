package dev.consent.sms.vonage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** {@link VonageHttp} on the JDK client. Thread-safe, as the JDK client is. */
@SuppressWarnings("removal")
final class JdkHttp implements VonageHttp {
  private final HttpClient client;

  JdkHttp(HttpClient client) {
    this.client = client;
  }

  @Override
  public Response send(Request request) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(request.uri())
            .timeout(request.timeout());
    if (request.method().equals("GET")) {
      b.GET();
    } else {
      b.POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
    }
    request.headers().forEach(b::header);
    try {
      HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      Map<String, String> headers = new HashMap<>();
      r.headers().map().forEach((k, v) -> headers.put(k, v.isEmpty() ? "" : v.get(0)));
      return new Response(r.statusCode(), headers, r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for Vonage");
    }
  }
}
