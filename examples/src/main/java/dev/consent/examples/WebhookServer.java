package dev.consent.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.consent.ConsentStoreException;
import dev.consent.InboundHandler;
import dev.consent.sms.twilio.TwilioWebhookRequest;
import dev.consent.sms.twilio.TwilioWebhooks;
import dev.consent.sms.vonage.VonageWebhooks;
import dev.consent.sms.vonage.WebhookRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
 * <pre>{@code
 * WebhookServer server = WebhookServer.start(new InetSocketAddress("127.0.0.1", 8080), kit.inbound(),
 *     "https://hooks.example.com", twilioWebhooks, vonageWebhooks);
 * }</pre>
 */
public final class WebhookServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);

  private final HttpServer server;
  private final InboundHandler inbound;
  private final String publicBase;

  private WebhookServer(HttpServer server, InboundHandler inbound, String publicBase) {
    this.server = server;
    this.inbound = inbound;
    this.publicBase = publicBase.endsWith("/") ? publicBase.substring(0, publicBase.length() - 1) : publicBase;
  }

  /**
   * Starts the server. {@code publicBase} is the URL the carriers call (e.g. your tunnel's), never
   * taken from request headers. A carrier whose webhooks are null gets no endpoints.
   */
  public static WebhookServer start(InetSocketAddress address, InboundHandler inbound, String publicBase,
      @Nullable TwilioWebhooks twilio, @Nullable VonageWebhooks vonage) throws IOException {
    HttpServer http = HttpServer.create(address, 0);
    WebhookServer s = new WebhookServer(http, inbound, publicBase);
    if (twilio != null) {
      http.createContext("/twilio/inbound", ex -> s.twilio(ex, twilio::inbound));
      http.createContext("/twilio/status", ex -> s.twilio(ex, twilio::status));
    }
    if (vonage != null) {
      http.createContext("/vonage/inbound", ex -> s.vonage(ex, vonage::smsInbound));
      http.createContext("/vonage/dlr", ex -> s.vonage(ex, vonage::smsDeliveryReceipt));
      http.createContext("/vonage/messages/inbound", ex -> s.vonage(ex, vonage::messagesInbound));
      http.createContext("/vonage/messages/status", ex -> s.vonage(ex, vonage::messagesStatus));
    }
    http.start();
    return s;
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private void twilio(HttpExchange ex, Function<TwilioWebhookRequest, dev.consent.sms.twilio.WebhookResult> parse)
      throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readNBytes(TwilioWebhooks.DEFAULT_MAX_BODY + 1);
      TwilioWebhookRequest req = new TwilioWebhookRequest(publicBase + ex.getRequestURI().toString(),
          ex.getRequestHeaders().getFirst(TwilioWebhookRequest.SIGNATURE_HEADER),
          ex.getRequestHeaders().getFirst("Content-Type"), body);
      dev.consent.sms.twilio.WebhookResult r = parse.apply(req);
      if (r instanceof dev.consent.sms.twilio.WebhookResult.Rejected no) {
        log.warn("twilio webhook rejected: {}", no.reason());
        respond(ex, no.httpStatus(), "text/plain", no.reason().name());
        return;
      }
      if (!handled(ex, () -> {
        if (r instanceof dev.consent.sms.twilio.WebhookResult.Inbound in) {
          inbound.handle(in.message());
        } else if (r instanceof dev.consent.sms.twilio.WebhookResult.Status st) {
          inbound.handle(st.report());
        }
      })) {
        return;
      }
      respond(ex, 200, "text/xml", TwilioWebhooks.EMPTY_TWIML);
    }
  }

  private void vonage(HttpExchange ex, Function<WebhookRequest, dev.consent.sms.vonage.WebhookResult> parse)
      throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readNBytes(VonageWebhooks.MAX_BODY + 1);
      WebhookRequest req = new WebhookRequest(ex.getRequestMethod(), ex.getRequestURI().getRawQuery(),
          ex.getRequestHeaders(), body);
      dev.consent.sms.vonage.WebhookResult r = parse.apply(req);
      if (r instanceof dev.consent.sms.vonage.WebhookResult.Rejected no) {
        log.warn("vonage webhook rejected: {}", no.reason());
        respond(ex, no.httpStatus(), "text/plain", no.reason().name());
        return;
      }
      if (!handled(ex, () -> {
        if (r instanceof dev.consent.sms.vonage.WebhookResult.Inbound in) {
          inbound.handle(in.message());
        } else if (r instanceof dev.consent.sms.vonage.WebhookResult.Delivery d) {
          inbound.handle(d.report());
        }
      })) {
        return;
      }
      respond(ex, r.httpStatus(), "text/plain", "");
    }
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
  }
}
