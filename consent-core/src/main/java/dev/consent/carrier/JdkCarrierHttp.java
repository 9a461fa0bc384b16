package dev.consent.carrier;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** {@link CarrierHttp} on one {@link HttpClient}, which is thread-safe and pools connections. */
final class JdkCarrierHttp implements CarrierHttp {
  private final HttpClient client;

  JdkCarrierHttp(HttpClient client) {
    this.client = client;
  }

  @Override
  public Response execute(Request request) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(request.uri()).timeout(request.timeout());
    request.headers().forEach(b::header);
    byte[] body = request.body();
    b.method(request.method(),
        body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Response(r.statusCode(), r.headers().map(), r.body());
  }

  @Override
  public String toString() {
    return "CarrierHttp.jdk";
  }
}
