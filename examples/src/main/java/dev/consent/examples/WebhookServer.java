package dev.consent.examples;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.consent.InboundHandler;
import dev.consent.InboundResult;
import dev.consent.carrier.WebhookRequest;
import dev.consent.carrier.WebhookResult;
import dev.consent.error.ConsentStoreException;
import dev.consent.sms.twilio.TwilioWebhooks;
import dev.consent.sms.vonage.VonageWebhooks;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small webhook server on the JDK's {@code HttpServer}: Twilio and Vonage inbound messages and
 * delivery reports are verified, parsed and handed to the kit. A request that fails verification
 * gets the adapter's 4xx and records nothing; a store failure gets 500 so the carrier retries and no
 * opt-out is lost. Binds 127.0.0.1 by default: put a tunnel or proxy in front for real traffic.
 *
 * <p>One slow or hostile client cannot stall the others ({@link Limits}): exchanges run on a fixed
 * pool with a bounded queue (503 with {@code Retry-After} when both are full); each request must
 * arrive whole within the request timeout, with no gap longer than the read timeout in its body (the
 * connection is cut otherwise); a body larger than the limit is refused with 413 from its declared
 * length before any of it is read, or as soon as one byte too many arrives. The JDK's own
 * {@code sun.net.httpserver.maxReqTime} and friends are not used: they are JVM-wide system
 * properties read once when the server classes load, so they would silently do nothing when set too
 * late and would change every other {@code HttpServer} in the host's JVM.
 *
 * <pre>{@code
 * WebhookServer server = WebhookServer.start(new InetSocketAddress("127.0.0.1", 8080), kit.inbound(),
 *     "https://hooks.example.com", twilioWebhooks, vonageWebhooks);
 * }</pre>
 */
public final class WebhookServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);
  /** The exchange attribute that holds what came of a request, for the access log. */
  private static final String OUTCOME = "consent.outcome";

  private final HttpServer server;
  private final InboundHandler inbound;
  private final String publicBase;
  private final Limits limits;
  private final RequestGuards guards;
  private volatile Consumer<String> accessLog = line -> { };

  private WebhookServer(HttpServer server, InboundHandler inbound, String publicBase, Limits limits) {
    this.server = server;
    this.inbound = inbound;
    this.publicBase = publicBase.endsWith("/") ? publicBase.substring(0, publicBase.length() - 1) : publicBase;
    this.limits = limits;
    this.guards = new RequestGuards(limits);
  }

  /**
   * How much one client may take of the server.
   *
   * @param threads exchanges handled at once (default 8)
   * @param queue exchanges waiting for a thread; beyond it, 503 (default 64)
   * @param readTimeout longest gap between the parts of a request body (default 5 s)
   * @param requestTimeout time for a whole request (line, headers, body) to arrive (default 10 s)
   * @param maxBodyBytes largest body accepted, at most the adapters' 64 KiB (default 64 KiB)
   */
  public record Limits(int threads, int queue, Duration readTimeout, Duration requestTimeout, int maxBodyBytes) {
    public Limits {
      if (threads < 1 || queue < 1) {
        throw new IllegalArgumentException("threads and queue must be at least 1");
      }
      if (readTimeout == null || requestTimeout == null || readTimeout.isNegative() || readTimeout.isZero()
          || requestTimeout.isNegative() || requestTimeout.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive");
      }
      if (maxBodyBytes < 1 || maxBodyBytes > Math.min(TwilioWebhooks.DEFAULT_MAX_BODY, VonageWebhooks.MAX_BODY)) {
        throw new IllegalArgumentException("maxBodyBytes must be between 1 and the adapters' limit");
      }
    }

    /** 8 threads, 64 queued, 5 s read timeout, 10 s per request, 64 KiB bodies. */
    public static Limits defaults() {
      return new Limits(8, 64, Duration.ofSeconds(5), Duration.ofSeconds(10),
          Math.min(TwilioWebhooks.DEFAULT_MAX_BODY, VonageWebhooks.MAX_BODY));
    }
  }

  /**
   * Starts the server. {@code publicBase} is the URL the carriers call (e.g. your tunnel's), never
   * taken from request headers. A carrier whose webhooks are null gets no endpoints.
   */
  public static WebhookServer start(InetSocketAddress address, InboundHandler inbound, String publicBase,
      @Nullable TwilioWebhooks twilio, @Nullable VonageWebhooks vonage) throws IOException {
    return start(address, inbound, publicBase, twilio, vonage, Limits.defaults());
  }

  /** Starts the server with these limits. */
  public static WebhookServer start(InetSocketAddress address, InboundHandler inbound, String publicBase,
      @Nullable TwilioWebhooks twilio, @Nullable VonageWebhooks vonage, Limits limits) throws IOException {
    HttpServer http = HttpServer.create(address, 0);
    WebhookServer s = new WebhookServer(http, inbound, publicBase, limits);
    http.setExecutor(s.guards);
    if (twilio != null) {
      Answer twiml = new Answer("twilio", "text/xml", TwilioWebhooks.EMPTY_TWIML);
      s.logged(http.createContext("/twilio/inbound", ex -> s.serve(ex, twilio::inbound, twiml)));
      s.logged(http.createContext("/twilio/status", ex -> s.serve(ex, twilio::deliveryReport, twiml)));
    }
    if (vonage != null) {
      Answer empty = new Answer("vonage", "text/plain", "");
      s.logged(http.createContext("/vonage/inbound", ex -> s.serve(ex, vonage::smsInbound, empty)));
      s.logged(http.createContext("/vonage/dlr", ex -> s.serve(ex, vonage::smsDeliveryReceipt, empty)));
      s.logged(http.createContext("/vonage/messages/inbound", ex -> s.serve(ex, vonage::messagesInbound, empty)));
      s.logged(http.createContext("/vonage/messages/status", ex -> s.serve(ex, vonage::messagesStatus, empty)));
    }
    http.start();
    return s;
  }

  /**
   * Sends one line per request to {@code sink} once it is answered: the path (never the query), the
   * status, and what came of it, with the number masked; e.g. {@code POST /twilio/inbound -> 200
   * inbound from *******0123: OptedOut}. For a console that Maven's {@code -q} would silence if the
   * lines went through the logger.
   */
  public WebhookServer accessLog(Consumer<String> sink) {
    this.accessLog = java.util.Objects.requireNonNull(sink, "sink");
    return this;
  }

  private void logged(HttpContext context) {
    context.getFilters().add(Filter.afterHandler("access log", ex -> {
      Object outcome = ex.getAttribute(OUTCOME);
      accessLog.accept(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + " -> " + ex.getResponseCode()
          + (outcome == null ? "" : " " + outcome));
    }));
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** What a carrier expects in a 200: Twilio an empty TwiML document, Vonage nothing. */
  private record Answer(String carrier, String contentType, String body) {}

  /**
   * One webhook, the same for every carrier: the request as received (the URL the carrier called
   * is the configured public base and the raw path and query), the adapter's verdict, the kit's
   * handling, the adapter's status.
   */
  private void serve(HttpExchange ex, Function<WebhookRequest, WebhookResult> parse, Answer ok) throws IOException {
    try (ex) {
      byte[] body = body(ex);
      if (body == null) {
        return;
      }
      WebhookRequest req = new WebhookRequest(ex.getRequestMethod(), publicBase + ex.getRequestURI().toString(),
          ex.getRequestHeaders(), body);
      WebhookResult r = parse.apply(req);
      if (r instanceof WebhookResult.Rejected no) {
        ex.setAttribute(OUTCOME, "rejected: " + no.reason());
        log.warn("{} webhook rejected: {}", ok.carrier(), no.reason());
        respond(ex, no.httpStatus(), "text/plain", no.reason().name());
        return;
      }
      if (!handled(ex, () -> {
        if (r instanceof WebhookResult.Inbound in) {
          InboundResult result = inbound.handle(in.message());
          ex.setAttribute(OUTCOME, "inbound from " + in.message().from().masked() + (in.verified() ? "" : " (unverified)")
              + ": " + result.getClass().getSimpleName());
        } else if (r instanceof WebhookResult.Delivery d) {
          inbound.handle(d.report());
          ex.setAttribute(OUTCOME, "delivery report");
        } else {
          ex.setAttribute(OUTCOME, r.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
        }
      })) {
        return;
      }
      respond(ex, r.httpStatus(), ok.contentType(), ok.body());
    }
  }

  /**
   * The whole body, read under the exchange's deadline, or null after answering 503 (overloaded) or
   * 413 (too large: refused from the declared length unread, or once a byte too many arrived). The
   * guard is disarmed once the body is in, so handling it (store work) is never cut off.
   */
  private byte @Nullable [] body(HttpExchange ex) throws IOException {
    RequestGuards.Guard guard = guards.current();
    if (guard != null && guard.overloaded()) {
      ex.getResponseHeaders().set("Retry-After", "1");
      refuse(ex, 503, "busy");
      return null;
    }
    String declared = ex.getRequestHeaders().getFirst("Content-Length");
    if (declared != null && Long.parseLong(declared.strip()) > limits.maxBodyBytes()) {
      refuse(ex, 413, "body too large");
      return null;
    }
    if (guard != null) {
      guard.progress();
    }
    byte[] body;
    try {
      body = RequestGuards.readBounded(ex.getRequestBody(), limits.maxBodyBytes(), guard);
    } catch (IOException e) {
      if (guard != null && guard.disarm()) {
        log.warn("webhook request cut off: not received within the read or request timeout");
      }
      throw e;
    }
    if (body == null) {
      refuse(ex, 413, "body too large");
      return null;
    }
    if (guard != null && guard.disarm()) {
      throw new IOException("webhook request cut off at its deadline");
    }
    return body;
  }

  /** Answers and closes the connection: the rest of the request is never read. */
  private static void refuse(HttpExchange ex, int status, String why) throws IOException {
    log.warn("webhook request refused: {} ({})", why, status);
    ex.getResponseHeaders().set("Connection", "close");
    respond(ex, status, "text/plain", why);
  }

  /** Runs the handling; a store failure answers 500 so the carrier retries. */
  private static boolean handled(HttpExchange ex, Runnable work) throws IOException {
    try {
      work.run();
      return true;
    } catch (ConsentStoreException e) {
      log.error("store unavailable while handling a webhook; answering 500 so the carrier retries");
      respond(ex, 500, "text/plain", "store unavailable");
      return false;
    }
  }

  private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    guards.close();
  }
}
