package dev.consent.sms.twilio;

import dev.consent.CarrierAction;
import dev.consent.DeliveryReport;
import dev.consent.InboundMessage;
import dev.consent.LogText;
import dev.consent.carrier.WebhookRequest;
import dev.consent.carrier.WebhookResult;
import dev.consent.error.ConfigurationException;
import dev.consent.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies and parses Twilio's webhooks without running a server: the host's endpoint passes the
 * request it received ({@link WebhookRequest}, the type every adapter takes) and gets a {@link
 * WebhookResult}, the sealed result every adapter returns.
 *
 * <pre>{@code
 * TwilioWebhooks webhooks = TwilioWebhooks.builder()
 *     .authToken(authToken).accountSid("AC...").clock(Clock.systemUTC()).build();
 * WebhookResult r = webhooks.inbound(request);        // or webhooks.deliveryReport(request)
 * }</pre>
 *
 * <p>The {@code X-Twilio-Signature} header is checked exactly as Twilio computes it (see {@link
 * WebhookRequest} for the URL to pass: the public URL Twilio called), in constant time, before anything is trusted from the
 * parameters. A request larger than the limits, not a form, malformed, or claiming another account
 * is {@link WebhookResult.Rejected} and must change nothing.
 *
 * <p>An inbound message whose signature is missing or does not match, but whose form is
 * well-formed, is not rejected: Twilio does not retry a 4xx, so a proxy that changes the URL Twilio
 * signed ({@code http://} for {@code https://}, another host or path) would otherwise lose every
 * STOP. It comes back as {@link WebhookResult.Inbound} with an {@code authenticated=false} message
 * and the reason ({@link WebhookResult.Inbound#unverified()}), answered 200; the kit quarantines it
 * and applies only what Twilio's API says about that {@code MessageSid} ({@link TwilioCarrier} is
 * the {@link dev.consent.spi.InboundConfirmer}), so a forgery changes nothing. A signed request
 * with a parameter Twilio does not document for incoming messages, or one not shaped as Twilio
 * sends it, is kept unverified in the same way ({@link WebhookResult.Reason#UNDOCUMENTED_PARAMETERS}):
 * Twilio's signature joins names and values with no separator, and strict parameters are what
 * stops a signed request from being re-cut into another message. A status callback whose signature
 * is missing or does not match is {@link WebhookResult.Rejected} as before and applies nothing: a
 * delivery state is not consent, and a late opt-out (21610) is learnt again at the next send.
 * Inbound messages that Twilio's opt-out handling already answered ({@code OptOutType} STOP, START
 * or HELP) carry the matching {@link CarrierAction} so that no second reply is sent. A status
 * callback with error 21610 becomes a {@link DeliveryReport} whose {@code optOutScope} is the
 * Messaging Service, or else the sender.
 *
 * <p>Twilio signs no timestamp, so a captured request can be replayed: that is harmless because the
 * core is idempotent by {@code MessageSid} and delivery states never move back.
 *
 * <p>Immutable and thread-safe. Logs no number, body, parameter or secret.
 *
 * @since 0.1
 */
public final class TwilioWebhooks {
  private static final Logger log = LoggerFactory.getLogger(TwilioWebhooks.class);

  /** Default largest body accepted: 64 KiB. */
  public static final int DEFAULT_MAX_BODY = 64 * 1024;

  /** Default most parameters accepted (an MMS with ten media has about 60). */
  public static final int DEFAULT_MAX_PARAMETERS = 128;

  /** An empty TwiML answer: Twilio sends nothing back. Serve it as {@code text/xml} with 200. */
  public static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

  /** Header Twilio puts its signature in. */
  public static final String SIGNATURE_HEADER = "X-Twilio-Signature";

  private static final int MAX_URL = 8 * 1024;

  private final List<byte[]> keys;
  private final @Nullable String accountSid;
  private final Clock clock;
  private final int maxBody;
  private final int maxParameters;

  private TwilioWebhooks(Builder b, List<byte[]> keys) {
    this.keys = keys;
    this.accountSid = b.accountSid;
    this.clock = b.clock;
    this.maxBody = b.maxBody;
    this.maxParameters = b.maxParameters;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies and parses a request to the "A message comes in" webhook: a verified message, an
   * unverified one to be confirmed through Twilio's API (see above), or a rejection.
   */
  public WebhookResult inbound(WebhookRequest request) {
    Checked checked = authenticate(request);
    if (checked.rejected() != null) {
      return logged(request, checked.rejected());
    }
    WebhookResult.Reason unverified = checked.unverified();
    String detail = checked.detail();
    List<Map.Entry<String, String>> pairs = java.util.Objects.requireNonNull(checked.pairs());
    if (unverified == null) {
      String problem = DocumentedParameters.problem(pairs);
      if (problem != null) {
        unverified = WebhookResult.Reason.UNDOCUMENTED_PARAMETERS;
        detail = problem;
      }
    }
    InboundMessage message;
    try {
      message = WebhookFields.Parse.inbound(new WebhookFields.Params(pairs), clock, unverified == null);
    } catch (InvalidInputException e) {
      return logged(request, reject(WebhookResult.Reason.MALFORMED, e.getMessage() == null ? "invalid field" : e.getMessage()));
    }
    if (unverified == null) {
      return new WebhookResult.Inbound(message);
    }
    log.warn("twilio inbound webhook not verified: {} ({}) {}; kept unverified, to be confirmed through Twilio's API",
        unverified, LogText.safe(detail), request);
    return new WebhookResult.Inbound(message, unverified, detail);
  }

  /**
   * Verifies and parses a request to a message's status callback URL. A missing or mismatched
   * signature is rejected: nothing is applied from it.
   */
  public WebhookResult deliveryReport(WebhookRequest request) {
    Checked checked = authenticate(request);
    if (checked.rejected() != null) {
      return logged(request, checked.rejected());
    }
    if (checked.unverified() != null) {
      return logged(request, reject(checked.unverified(), checked.detail()));
    }
    try {
      return WebhookFields.Parse.status(new WebhookFields.Params(java.util.Objects.requireNonNull(checked.pairs())), clock);
    } catch (InvalidInputException e) {
      return logged(request, reject(WebhookResult.Reason.MALFORMED, e.getMessage() == null ? "invalid field" : e.getMessage()));
    }
  }

  /**
   * Whether any Twilio webhook (form-encoded, or JSON with a {@code bodySHA256} query parameter)
   * was signed by Twilio for this configuration. Parses nothing.
   */
  public boolean verify(WebhookRequest request) {
    if (request.bodyLength() > maxBody || signature(request) == null) {
      return false;
    }
    if (isJson(contentType(request))) {
      return verifyJson(request);
    }
    Checked checked = authenticate(request);
    return checked.rejected() == null && checked.unverified() == null;
  }

  /**
   * As {@link #inbound(WebhookRequest)}.
   *
   * @deprecated since 0.5, pass the shared {@link WebhookRequest}; to be removed in 0.6
   */
  @Deprecated(since = "0.5", forRemoval = true)
  @SuppressWarnings("removal")
  public WebhookResult inbound(TwilioWebhookRequest request) {
    return inbound(request.toWebhookRequest());
  }

  /**
   * As {@link #deliveryReport(WebhookRequest)}: a status callback.
   *
   * @deprecated since 0.5, use {@link #deliveryReport(WebhookRequest)}, the name every adapter
   *     uses; to be removed in 0.6
   */
  @Deprecated(since = "0.5", forRemoval = true)
  @SuppressWarnings("removal")
  public WebhookResult status(TwilioWebhookRequest request) {
    return deliveryReport(request.toWebhookRequest());
  }

  /**
   * As {@link #verify(WebhookRequest)}.
   *
   * @deprecated since 0.5, pass the shared {@link WebhookRequest}; to be removed in 0.6
   */
  @Deprecated(since = "0.5", forRemoval = true)
  @SuppressWarnings("removal")
  public boolean verify(TwilioWebhookRequest request) {
    return verify(request.toWebhookRequest());
  }

  /**
   * Either why the request was refused, or its parameters and, when the signature is missing or does
   * not match, why they are unverified.
   */
  private record Checked(
      WebhookResult.@Nullable Rejected rejected,
      @Nullable List<Map.Entry<String, String>> pairs,
      WebhookResult.@Nullable Reason unverified,
      String detail) {
    static Checked no(WebhookResult.Reason reason, String detail) {
      return new Checked(reject(reason, detail), null, null, "");
    }
  }

  private Checked authenticate(WebhookRequest request) {
    byte[] body = request.body();
    if (body.length > maxBody) {
      return Checked.no(WebhookResult.Reason.TOO_LARGE, "body is larger than " + maxBody + " bytes");
    }
    if (request.url().length() > MAX_URL) {
      return Checked.no(WebhookResult.Reason.TOO_LARGE, "URL is longer than " + MAX_URL + " characters");
    }
    if (!isForm(contentType(request))) {
      return Checked.no(WebhookResult.Reason.UNSUPPORTED, "expected application/x-www-form-urlencoded");
    }
    List<Map.Entry<String, String>> pairs;
    try {
      pairs = FormBody.parse(FormBody.utf8(body), maxParameters);
    } catch (FormBody.MalformedException e) {
      boolean tooMany = e.tooManyParameters();
      return Checked.no(tooMany ? WebhookResult.Reason.TOO_MANY_PARAMETERS : WebhookResult.Reason.MALFORMED, "form body: " + e.getMessage());
    }
    WebhookResult.Reason unverified = null;
    String detail = "";
    String signature = signature(request);
    if (signature == null || signature.isBlank()) {
      unverified = WebhookResult.Reason.MISSING_SIGNATURE;
      detail = "no " + SIGNATURE_HEADER + " header";
    } else if (!TwilioSignature.matches(keys, signature, request.url(), pairs)) {
      unverified = WebhookResult.Reason.BAD_SIGNATURE;
      detail = "signature does not match the URL and parameters (is the public URL's scheme, host, port and path"
          + " exactly the one configured in Twilio?)";
    }
    WebhookFields.Params params = new WebhookFields.Params(pairs);
    String account;
    try {
      account = params.one("AccountSid");
    } catch (InvalidInputException e) {
      return Checked.no(WebhookResult.Reason.MALFORMED, "AccountSid is repeated");
    }
    if (account == null || !Config.isSid(account, "AC")) {
      return Checked.no(WebhookResult.Reason.MALFORMED, "AccountSid is missing or invalid");
    }
    if (accountSid != null && !accountSid.equals(account)) {
      return Checked.no(WebhookResult.Reason.WRONG_ACCOUNT, unverified == null ? "signed for another account" : "for another account");
    }
    return new Checked(null, pairs, unverified, detail);
  }

  private boolean verifyJson(WebhookRequest request) {
    String url = request.url();
    String expectedHash = queryParameter(url, "bodySHA256");
    String signature = signature(request);
    return expectedHash != null
        && signature != null
        && TwilioSignature.matches(keys, signature, url, List.of())
        && TwilioSignature.bodyMatches(request.body(), expectedHash);
  }

  private static @Nullable String queryParameter(String url, String name) {
    int q = url.indexOf('?');
    if (q < 0) {
      return null;
    }
    int hash = url.indexOf('#', q);
    String query = url.substring(q + 1, hash < 0 ? url.length() : hash);
    try {
      for (Map.Entry<String, String> p : FormBody.parse(query, 256)) {
        if (p.getKey().equals(name)) {
          return p.getValue();
        }
      }
    } catch (FormBody.MalformedException e) {
      return null;
    }
    return null;
  }

  private static boolean isForm(@Nullable String contentType) {
    return mediaType(contentType).equals("application/x-www-form-urlencoded") && utf8Charset(contentType);
  }

  private static boolean isJson(@Nullable String contentType) {
    return mediaType(contentType).equals("application/json");
  }

  private static String mediaType(@Nullable String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  private static boolean utf8Charset(@Nullable String contentType) {
    String lower = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).replace(" ", "");
    int at = lower.indexOf("charset=");
    if (at < 0) {
      return true;
    }
    String cs = lower.substring(at + 8).replace("\"", "");
    int end = cs.indexOf(';');
    cs = end < 0 ? cs : cs.substring(0, end);
    return cs.equals("utf-8") || cs.equals("utf8") || cs.equals("us-ascii");
  }

  private static WebhookResult.Rejected reject(WebhookResult.Reason reason, String detail) {
    return new WebhookResult.Rejected(reason, detail);
  }

  private static @Nullable String signature(WebhookRequest request) {
    return request.header(SIGNATURE_HEADER).orElse(null);
  }

  private static @Nullable String contentType(WebhookRequest request) {
    return request.header("Content-Type").orElse(null);
  }

  private static WebhookResult logged(WebhookRequest request, WebhookResult.Rejected r) {
    if (r.reason() == WebhookResult.Reason.BAD_SIGNATURE || r.reason() == WebhookResult.Reason.MISSING_SIGNATURE) {
      log.warn("twilio webhook rejected: {} ({}) {}", r.reason(), LogText.safe(r.detail()), request);
    } else {
      log.info("twilio webhook rejected: {} ({}) {}", r.reason(), LogText.safe(r.detail()), request);
    }
    return r;
  }

  /** Never prints the tokens. */
  @Override
  public String toString() {
    return "TwilioWebhooks[account=" + accountSid + ", tokens=" + keys.size() + ", maxBody=" + maxBody + "]";
  }

  /**
   * Configures {@link TwilioWebhooks}. Not thread-safe; what it builds is immutable.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final List<String> tokens = new ArrayList<>();
    private @Nullable String accountSid;
    private @Nullable Clock clock;
    private int maxBody = DEFAULT_MAX_BODY;
    private int maxParameters = DEFAULT_MAX_PARAMETERS;

    private Builder() {}

    /**
     * The account's Auth Token, which Twilio signs webhooks with (also when the REST calls use an
     * API key). Call twice during a token rotation to accept the primary and the secondary token.
     */
    public Builder authToken(String value) {
      tokens.add(Config.secret(value, "auth token"));
      return this;
    }

    /** Rejects webhooks whose {@code AccountSid} is another account. Recommended. */
    public Builder accountSid(String value) {
      this.accountSid = Config.sid(value, "AC", "account SID");
      return this;
    }

    /** Stamps inbound messages and reports with the time they arrived. Required. */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** Largest body accepted, in bytes (default 64 KiB). */
    public Builder maxBodyBytes(int value) {
      this.maxBody = value;
      return this;
    }

    /** Most form parameters accepted (default 128). */
    public Builder maxParameters(int value) {
      this.maxParameters = value;
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @throws ConfigurationException when no auth token or no clock is set, or a limit is not positive
     */
    public TwilioWebhooks build() {
      if (tokens.isEmpty()) {
        throw new ConfigurationException("Twilio webhooks need the auth token that signs them");
      }
      Config.required(clock, "clock (use Clock.systemUTC() in production)");
      if (maxBody < 1024 || maxParameters < 16) {
        throw new ConfigurationException("Twilio webhook limits must be at least 1024 bytes and 16 parameters");
      }
      List<byte[]> keys = tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
      return new TwilioWebhooks(this, keys);
    }

    @Override
    public String toString() {
      return "TwilioWebhooks.Builder[account=" + accountSid + ", tokens=" + tokens.size() + "]";
    }
  }
}
