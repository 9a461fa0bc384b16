package dev.consent.spring;

import dev.consent.InboundHandler;
import dev.consent.carrier.WebhookRequest;
import dev.consent.carrier.WebhookResult;
import dev.consent.error.ConsentStoreException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * One verified webhook endpoint: the request as received (the URL verified is the configured public
 * URL plus the path below the context path and the raw query; the raw body, read up to the adapter's
 * limit), the adapter's verdict, the kit's handling, the adapter's HTTP status. A rejection changes
 * nothing; an unverified inbound message is answered 200 and quarantined by the kit; a store failure
 * answers 500 so that the carrier retries and no opt-out is lost.
 */
final class WebhookEndpoint {
  private static final Logger log = LoggerFactory.getLogger(WebhookEndpoint.class);

  /** What a carrier expects in a 200: Twilio an empty TwiML document, Vonage nothing. */
  record Answer(String carrier, MediaType type, String body) {}

  private final String publicUrl;
  private final int maxBody;
  private final Function<WebhookRequest, WebhookResult> parse;
  private final InboundHandler inbound;
  private final Answer ok;
  private final WebhookOutcomes outcomes;

  WebhookEndpoint(String publicUrl, int maxBody, Function<WebhookRequest, WebhookResult> parse,
      InboundHandler inbound, Answer ok, WebhookOutcomes outcomes) {
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    this.maxBody = maxBody;
    this.parse = parse;
    this.inbound = inbound;
    this.ok = ok;
    this.outcomes = outcomes;
  }

  ServerResponse handle(ServerRequest request) throws IOException {
    HttpServletRequest servlet = request.servletRequest();
    WebhookResult r = parse.apply(new WebhookRequest(servlet.getMethod(), url(servlet), headers(servlet),
        body(servlet)));
    if (r instanceof WebhookResult.Rejected no) {
      outcomes.rejected(ok.carrier(), no.reason());
      return ServerResponse.status(no.httpStatus()).contentType(MediaType.TEXT_PLAIN).body(no.reason().name());
    }
    try {
      if (r instanceof WebhookResult.Inbound in) {
        if (!in.verified()) {
          outcomes.unverified(ok.carrier(), in.unverified());
        }
        inbound.handle(in.message());
      } else if (r instanceof WebhookResult.Delivery d) {
        inbound.handle(d.report());
      }
    } catch (ConsentStoreException e) {
      log.error("{} webhook: store unavailable while handling it; answering 500 so that the carrier retries",
          ok.carrier());
      outcomes.failed(ok.carrier());
      return ServerResponse.status(500).contentType(MediaType.TEXT_PLAIN).body("store unavailable");
    }
    return ok.body().isEmpty() ? ServerResponse.status(r.httpStatus()).build()
        : ServerResponse.status(r.httpStatus()).contentType(ok.type()).body(ok.body());
  }

  /** The URL the carrier called: never from Host or X-Forwarded-* headers, which a client sets. */
  private String url(HttpServletRequest servlet) {
    String path = servlet.getRequestURI().substring(servlet.getContextPath().length());
    String query = servlet.getQueryString();
    return publicUrl + path + (query == null ? "" : "?" + query);
  }

  private static Map<String, List<String>> headers(HttpServletRequest servlet) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String name : Collections.list(servlet.getHeaderNames())) {
      out.put(name, Collections.list(servlet.getHeaders(name)));
    }
    return out;
  }

  /** The raw body, one byte past the limit at most (the adapter answers 413 for it). */
  private byte[] body(HttpServletRequest servlet) throws IOException {
    try (InputStream in = servlet.getInputStream()) {
      return in.readNBytes(maxBody + 1);
    }
  }
}
