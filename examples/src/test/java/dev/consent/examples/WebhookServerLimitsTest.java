package dev.consent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentState;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import dev.consent.sms.twilio.TwilioWebhooks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Over real loopback sockets: slow, hostile and oversized clients against the limits. */
@DisplayName("The demo's webhook server under slow and oversized clients")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebhookServerLimitsTest {
  static final String TOKEN = WebhookServerTest.TOKEN;
  static final String ACCOUNT = WebhookServerTest.ACCOUNT;
  static final Duration READ = Duration.ofMillis(1500);
  static final Duration REQUEST = Duration.ofSeconds(3);

  final InMemoryConsentStore store = new InMemoryConsentStore();
  final Clock clock = Clock.fixed(Instant.parse("2026-03-02T16:00:00Z"), java.time.ZoneOffset.UTC);
  final ConsentKit kit = Demo.kit(store, new RecordingCarrier("simulated"), clock);
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final List<Socket> sockets = new ArrayList<>();
  WebhookServer server;

  void start(int threads, int queue) throws IOException {
    server = WebhookServer.start(new InetSocketAddress("127.0.0.1", 0), kit.inbound(), "http://127.0.0.1:0",
        TwilioWebhooks.builder().accountSid(ACCOUNT).authToken(TOKEN).clock(clock).build(), null,
        new WebhookServer.Limits(threads, queue, READ, REQUEST, 64 * 1024));
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", server.port());
    s.setSoTimeout(15_000);
    sockets.add(s);
    return s;
  }

  static Map<String, String> stop(String sid) {
    Map<String, String> p = new TreeMap<>();
    p.put("AccountSid", ACCOUNT);
    p.put("MessageSid", sid);
    p.put("From", Demo.CUSTOMER.e164());
    p.put("To", Demo.SENDER);
    p.put("Body", "STOP");
    p.put("NumMedia", "0");
    return p;
  }

  static String signature(Map<String, String> params) {
    try {
      StringBuilder data = new StringBuilder("http://127.0.0.1:0/twilio/inbound");
      params.forEach((k, v) -> data.append(k).append(v));
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A genuine signed Twilio STOP; its status, or -1 when no answer came within the wait. */
  int genuineStop(Duration wait) throws Exception {
    Map<String, String> p = stop("SM" + "7".repeat(32));
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/twilio/inbound"))
        .timeout(wait).header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", signature(p))
        .POST(HttpRequest.BodyPublishers.ofString(WebhookServerTest.form(p))).build();
    try {
      return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.net.http.HttpTimeoutException e) {
      return -1;
    }
  }

  /**
   * Sends {@code head} at once, then one byte of {@code trickle} a second (at most its length, so
   * the loop is bounded), in the background. Completes with the seconds until the server closed the
   * connection, or -1 if it answered or never closed it.
   */
  CompletableFuture<Double> trickle(String head, String trickle) throws IOException {
    Socket s = connect();
    s.setSoTimeout(1000);
    OutputStream out = s.getOutputStream();
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    long started = System.nanoTime();
    return CompletableFuture.supplyAsync(() -> {
      try {
        for (byte b : trickle.getBytes(StandardCharsets.US_ASCII)) {
          try {
            if (s.getInputStream().read() >= 0) {
              return -1.0;
            }
            return (System.nanoTime() - started) / 1e9;
          } catch (SocketTimeoutException stillOpen) {
            out.write(b);
            out.flush();
          }
        }
        return -1.0;
      } catch (IOException cut) {
        return (System.nanoTime() - started) / 1e9;
      }
    });
  }

  /** Seconds until the server closed {@code s} without answering, or -1 if it answered. */
  static double closed(Socket s) throws IOException {
    long t0 = System.nanoTime();
    try {
      if (s.getInputStream().read() >= 0) {
        return -1;
      }
    } catch (java.net.SocketException reset) {
      // closed with a reset: same thing
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /** The status of the response read from {@code s}, or -1 if the server closed it without one. */
  static int status(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      int c;
      try {
        c = in.read();
      } catch (java.net.SocketException reset) {
        return -1;
      }
      if (c < 0 || c == '\n') {
        break;
      }
      line.append((char) c);
    }
    String[] parts = line.toString().split(" ");
    return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
  }

  static String post(long contentLength) {
    return "POST /twilio/inbound HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + "Content-Length: " + contentLength + "\r\n\r\n";
  }

  @Test
  @DisplayName("a client trickling its body a byte a second stalls no other webhook and is cut off at the request timeout")
  void tricklingBody() throws Exception {
    start(4, 16);
    CompletableFuture<Double> slow = trickle(post(400), "a".repeat(20));
    Thread.sleep(300);
    long t0 = System.nanoTime();
    assertThat(genuineStop(Duration.ofSeconds(5))).isEqualTo(200);
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(REQUEST.toSeconds());
    assertThat(kit.registry().status(Demo.CUSTOMER, Demo.MARKETING.id()).state()).isEqualTo(ConsentState.WITHDRAWN);
    double cutAfter = slow.get(30, TimeUnit.SECONDS);
    assertThat(cutAfter).isBetween(REQUEST.toMillis() / 1000.0 - 0.5, REQUEST.toSeconds() + 3.0);
  }

  @Test
  @DisplayName("a client trickling its headers stalls no other webhook and is cut off at the request timeout")
  void tricklingHeaders() throws Exception {
    start(4, 16);
    CompletableFuture<Double> slow = trickle("POST /twilio/inbound HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ",
        "b".repeat(20));
    Thread.sleep(300);
    assertThat(genuineStop(Duration.ofSeconds(5))).isEqualTo(200);
    double cutAfter = slow.get(30, TimeUnit.SECONDS);
    assertThat(cutAfter).isBetween(REQUEST.toMillis() / 1000.0 - 0.5, REQUEST.toSeconds() + 3.0);
  }

  @Test
  @DisplayName("a body that stops arriving is cut off at the read timeout")
  void stalledBody() throws Exception {
    start(2, 4);
    Socket s = connect();
    s.getOutputStream().write((post(400) + "AccountSid=").getBytes(StandardCharsets.US_ASCII));
    assertThat(closed(s)).isBetween(READ.toMillis() / 1000.0 - 0.5, READ.toMillis() / 1000.0 + 2.0);
  }

  @Test
  @DisplayName("a declared oversized body is refused with 413 before it is read, and nothing is recorded")
  void oversizedDeclared() throws Exception {
    start(2, 4);
    Socket s = connect();
    OutputStream out = s.getOutputStream();
    out.write(post(50L * 1024 * 1024).getBytes(StandardCharsets.US_ASCII));
    out.write(new byte[1024]);
    out.flush();
    long t0 = System.nanoTime();
    assertThat(status(s)).isEqualTo(413);
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(REQUEST.toMillis() / 1000.0);
    assertThat(kit.registry().history(Demo.CUSTOMER)).isEmpty();
  }

  @Test
  @DisplayName("a chunked body is refused with 413 once it passes the limit, without waiting for the rest")
  void oversizedChunked() throws Exception {
    start(2, 4);
    Socket s = connect();
    OutputStream out = s.getOutputStream();
    out.write(("POST /twilio/inbound HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    byte[] chunk = "a".repeat(8192).getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 9; i++) {
      out.write(("2000\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(chunk);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.flush();
    long t0 = System.nanoTime();
    assertThat(status(s)).isEqualTo(413);
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(REQUEST.toMillis() / 1000.0);
  }

  @Test
  @DisplayName("answers 503 with Retry-After when every thread and queue slot is taken, and serves again after")
  void busy() throws Exception {
    start(1, 1);
    trickle(post(400), "c".repeat(20));
    Thread.sleep(300);
    trickle(post(400), "d".repeat(20));
    Thread.sleep(300);
    Socket s = connect();
    String form = WebhookServerTest.form(stop("SM" + "8".repeat(32)));
    s.getOutputStream().write((post(form.length()) + form).getBytes(StandardCharsets.US_ASCII));
    assertThat(status(s)).isEqualTo(503);
    Thread.sleep(2 * REQUEST.toMillis() + 500);
    assertThat(genuineStop(Duration.ofSeconds(5))).isEqualTo(200);
  }

  @Test
  @DisplayName("the limits refuse nonsense")
  void badLimits() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new WebhookServer.Limits(0, 1, READ, REQUEST, 10))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new WebhookServer.Limits(1, 1, READ, REQUEST, 1 << 20))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new WebhookServer.Limits(1, 1, Duration.ZERO, REQUEST, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
