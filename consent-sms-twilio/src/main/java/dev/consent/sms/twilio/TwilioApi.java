package dev.consent.sms.twilio;

import dev.consent.carrier.CarrierHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The account's REST endpoint: base URI, credentials and the HTTP seam. Immutable and thread-safe;
 * {@link #toString()} names the account and the key id, never a secret.
 */
final class TwilioApi {
  static final String API_VERSION = "/2010-04-01";

  private final String accountSid;
  private final String username;
  private final String authorization;
  private final URI baseUri;
  private final CarrierHttp http;
  private final Duration requestTimeout;
  private final Clock clock;

  TwilioApi(
      String accountSid,
      String username,
      String secret,
      URI baseUri,
      CarrierHttp http,
      Duration requestTimeout,
      Clock clock) {
    this.accountSid = accountSid;
    this.username = username;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8));
    this.baseUri = baseUri;
    this.http = http;
    this.requestTimeout = requestTimeout;
    this.clock = clock;
  }

  String accountSid() {
    return accountSid;
  }

  Clock clock() {
    return clock;
  }

  URI messagesUri() {
    return resolve(API_VERSION + "/Accounts/" + accountSid + "/Messages.json");
  }

  /** Resolves a path such as Twilio's {@code next_page_uri} against the base URI. */
  URI resolve(String pathAndQuery) {
    String base = baseUri.toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + pathAndQuery);
  }

  CarrierHttp.Response postForm(URI uri, List<Map.Entry<String, String>> form)
      throws IOException, InterruptedException {
    byte[] body = encode(form).getBytes(StandardCharsets.UTF_8);
    return http.execute(
        new CarrierHttp.Request(
            "POST",
            uri,
            Map.of(
                "Authorization", authorization,
                "Content-Type", "application/x-www-form-urlencoded; charset=utf-8",
                "Accept", "application/json"),
            body,
            requestTimeout));
  }

  CarrierHttp.Response get(URI uri) throws IOException, InterruptedException {
    return http.execute(
        new CarrierHttp.Request(
            "GET",
            uri,
            Map.of("Authorization", authorization, "Accept", "application/json"),
            new byte[0],
            requestTimeout));
  }

  static String encode(List<Map.Entry<String, String>> form) {
    StringJoiner out = new StringJoiner("&");
    for (Map.Entry<String, String> e : form) {
      out.add(
          URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
              + "="
              + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "TwilioApi[account=" + accountSid + ", user=" + username + ", base=" + baseUri + "]";
  }
}
