package dev.consent.sms.vonage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.DeliveryReport;
import dev.consent.InboundMessage;
import dev.consent.carrier.WebhookRequest;
import dev.consent.carrier.WebhookResult.Reason;
import dev.consent.carrier.WebhookResult.Rejected;
import dev.consent.carrier.WebhookResult;
import dev.consent.error.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Verifies and parses Vonage's webhooks into what the core's {@link dev.consent.InboundHandler}
 * takes. The host's server routes each webhook URL to one method and answers Vonage with {@link
 * WebhookResult#httpStatus()}.
 *
 * <pre>{@code
 * VonageWebhooks webhooks = VonageWebhooks.builder()
 *     .signatureSecret(sigSecret, SignatureMethod.HMAC_SHA256)
 *     .clock(clock)
 *     .build();
 * WebhookResult r = webhooks.inbound(request);         // or deliveryReport; or, per API, smsInbound,
 *                                                     // smsDeliveryReceipt, messagesInbound, messagesStatus
 * }</pre>
 *
 * <ul>
 *   <li>SMS API webhooks (GET, form POST or JSON POST) carry a {@code sig} over their parameters,
 *       checked with the configured {@link SignatureMethod} (an MD5-based one is taken, with a
 *       WARN at build time) and a {@code timestamp} window ({@link Builder#signatureWindow}: 5
 *       minutes by default, at most {@link #MAX_SIGNATURE_WINDOW}).
 *   <li>Messages API webhooks carry {@code Authorization: Bearer <JWT>}, HS256 with the same
 *       signature secret; its {@code payload_hash} must be the SHA-256 of the raw body and its
 *       {@code iat} inside the window.
 *   <li>An inbound message whose signature or token does not verify (wrong secret, altered, stale)
 *       is handed on as {@link WebhookResult.Inbound} with {@code authenticated=false} and the
 *       reason in {@link WebhookResult.Inbound#unverified()}, answered 200 so that Vonage
 *       does not resend it for a day: the core keeps such messages apart (never applied as
 *       received, never answered, never shadowing a verified message's id) and can confirm them
 *       with Vonage. Unsigned inbound requests are taken the same way only after {@link
 *       Builder#acceptUnsigned()}, else refused. An unsigned or forged delivery receipt or status,
 *       and a malformed request, are {@link WebhookResult.Rejected}, and nothing is recorded.
 *   <li>{@code receivedAt} is Vonage's own time of the message ({@code message-timestamp} on the
 *       SMS API, {@code timestamp} on the Messages API) when it is present and sane (not ahead of
 *       the clock by more than the signature window, not older than a day plus that window), else
 *       the injected clock's now.
 *   <li>Concatenated SMS API inbound parts are joined before anything is handed on; the joined
 *       message's id is its first part's {@code messageId}, so redelivery is de-duplicated. Parts
 *       wait in memory within hard budgets: ids and refs that are not short Vonage tokens are
 *       refused before anything is kept; verified and unverified parts are kept (and counted)
 *       apart and never joined together; each kind holds at most {@link
 *       Builder#maxConcatMessages} messages and that many times 4 KiB, one sender at most {@link
 *       Builder#maxConcatPerSender}, each for at most {@link Builder#concatWindow}. Over a budget
 *       the sender's, else the kind's, oldest message is dropped (logged, without content), so a
 *       flood never blocks other senders' messages. A part that never arrives leaves its message
 *       undelivered.
 *   <li>Delivery receipts with err-code 9 and Messages statuses with error 1240 mean the recipient
 *       opted out of the sender: the {@link DeliveryReport} then has {@code optOutScope}
 *       {@code sender:<that sender>}.
 * </ul>
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class VonageWebhooks {
  /** Largest request body accepted, in bytes. */
  public static final int MAX_BODY = 64 * 1024;

  /**
   * The largest {@link Builder#signatureWindow}: 1 hour. Vonage documents the SMS API's signed
   * {@code timestamp} as Unix seconds covered by the {@code sig}, and signatures as a defence
   * "against interception and later replay", but names no tolerance; its own Java SDK ({@code
   * RequestSigning.verifyRequestSignature}) refuses a timestamp more than 5 minutes from the
   * verifier's clock either way, which is this class's default. The window is how long a captured
   * signed request (or a Messages API token, by its {@code iat}) stays replayable and how far ahead
   * a carrier time is believed. An hour is twelve times Vonage's tolerance, room for a clock some
   * minutes off; a clock further off needs NTP, not a window that keeps captured requests good for
   * longer.
   *
   * @since 0.5
   */
  public static final Duration MAX_SIGNATURE_WINDOW = Duration.ofHours(1);

  /** The default window: the 5 minutes Vonage's own SDK allows. */
  static final Duration DEFAULT_SIGNATURE_WINDOW = Duration.ofMinutes(5);

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VonageWebhooks.class);

  private static final int MAX_PARAMS = 64;

  private final @Nullable String secret;
  private final SignatureMethod method;
  private final boolean acceptUnsigned;
  private final Clock clock;
  private final Duration window;
  private final Received received;
  private final ObjectMapper json = new ObjectMapper();

  private VonageWebhooks(Builder b, Clock clock) {
    this.secret = b.secret;
    this.method = b.method;
    this.acceptUnsigned = b.acceptUnsigned;
    this.clock = clock;
    this.window = java.util.Objects.requireNonNull(b.signatureWindow);
    this.received = new Received(clock, window, new ConcatBuffer(clock, b.concatWindow, b.maxConcatMessages,
        b.maxConcatParts, InboundMessage.MAX_BODY, b.maxConcatPerSender));
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * An inbound message from either API: a request with a bearer token, or a JSON body naming a
   * {@code message_uuid}, is a Messages API webhook ({@link #messagesInbound}); any other is an SMS
   * API webhook ({@link #smsInbound}). Each is verified as its API signs it, so the shape chooses
   * only which check applies, never whether one does.
   *
   * @since 0.5
   */
  public WebhookResult inbound(WebhookRequest request) {
    return isMessagesApi(request) ? messagesInbound(request) : smsInbound(request);
  }

  /**
   * A delivery report from either API, told apart as in {@link #inbound}: {@link
   * #messagesStatus} or {@link #smsDeliveryReceipt}.
   *
   * @since 0.5
   */
  public WebhookResult deliveryReport(WebhookRequest request) {
    return isMessagesApi(request) ? messagesStatus(request) : smsDeliveryReceipt(request);
  }

  /** An SMS API inbound message; parts of a concatenated one are kept until all have arrived. */
  public WebhookResult smsInbound(WebhookRequest request) {
    return smsParams(request).then(p -> verifySms(p).leavingInboundUnverified().then(
        unverified -> SmsParsing.inbound(received, p, unverified)));
  }

  /** An SMS API delivery receipt; err-code 9 becomes an opt-out report for the sender. */
  public WebhookResult smsDeliveryReceipt(WebhookRequest request) {
    return smsParams(request).then(p -> verifySms(p).then(unverified -> SmsParsing.receipt(received, p)));
  }

  /** A Messages API inbound message (SMS channel; other channels are ignored). */
  public WebhookResult messagesInbound(WebhookRequest request) {
    return messagesRequest(request).then(r -> verifyToken(r).leavingInboundUnverified().then(
        unverified -> jsonBody(r).then(body -> MessagesParsing.inbound(received, body, unverified))));
  }

  /** A Messages API status; error 1240 becomes an opt-out report for the sender. */
  public WebhookResult messagesStatus(WebhookRequest request) {
    return messagesRequest(request).then(r -> verifyToken(r).then(
        unverified -> jsonBody(r).then(body -> MessagesParsing.status(received, body))));
  }

  /**
   * As {@link #smsInbound(WebhookRequest)}.
   *
   * @deprecated since 0.5, pass the shared {@link WebhookRequest}; to be removed in 0.6
   */
  @Deprecated(since = "0.5", forRemoval = true)
  @SuppressWarnings("removal")
  public WebhookResult smsInbound(dev.consent.sms.vonage.WebhookRequest request) {
    return smsInbound(request.toWebhookRequest());
  }

  /**
   * As {@link #smsDeliveryReceipt(WebhookRequest)}.
   *
   * @deprecated since 0.5, pass the shared {@link WebhookRequest}; to be removed in 0.6
   */
  @Deprecated(since = "0.5", forRemoval = true)
  @SuppressWarnings("removal")
  public WebhookResult smsDeliveryReceipt(dev.consent.sms.vonage.WebhookRequest request) {
    return smsDeliveryReceipt(request.toWebhookRequest());
  }

  /**
   * As {@link #messagesInbound(WebhookRequest)}.
   *
   * @deprecated since 0.5, pass the shared {@link WebhookRequest}; to be removed in 0.6
   */
  @Deprecated(since = "0.5", forRemoval = true)
  @SuppressWarnings("removal")
  public WebhookResult messagesInbound(dev.consent.sms.vonage.WebhookRequest request) {
    return messagesInbound(request.toWebhookRequest());
  }

  /**
   * As {@link #messagesStatus(WebhookRequest)}.
   *
   * @deprecated since 0.5, pass the shared {@link WebhookRequest}; to be removed in 0.6
   */
  @Deprecated(since = "0.5", forRemoval = true)
  @SuppressWarnings("removal")
  public WebhookResult messagesStatus(dev.consent.sms.vonage.WebhookRequest request) {
    return messagesStatus(request.toWebhookRequest());
  }


  /** A request read so far, or why it was refused. */
  private sealed interface Parsed<T> {
    /** Goes on with the value, or answers the refusal. */
    WebhookResult then(Function<T, WebhookResult> next);

    record Ok<T>(T value) implements Parsed<T> {
      @Override
      public WebhookResult then(Function<T, WebhookResult> next) {
        return next.apply(value);
      }
    }

    record No<T>(Rejected rejected) implements Parsed<T> {
      @Override
      public WebhookResult then(Function<T, WebhookResult> next) {
        return rejected;
      }
    }

    static <T> Parsed<T> no(Reason reason, String detail) {
      return new No<>(Results.reject(reason, detail));
    }
  }

  /** What a request's signature or token came to. */
  private sealed interface Auth {
    /** Signed and verified. */
    record Verified() implements Auth {}

    /** Taken unauthenticated: unsigned under {@link Builder#acceptUnsigned()}, or an inbound message that did not verify. */
    record Unverified(Reason reason) implements Auth {}

    /** Refused. */
    record Refused(Rejected rejected) implements Auth {}

    /** Goes on with why the request is unverified (null when verified), or answers the refusal. */
    default WebhookResult then(Function<@Nullable Reason, WebhookResult> next) {
      if (this instanceof Refused r) {
        return r.rejected();
      }
      return next.apply(this instanceof Unverified u ? u.reason() : null);
    }

    /**
     * For an inbound message, a signature or token that is present but does not verify (wrong
     * secret or method, altered request, stale timestamp) hands the message on unauthenticated, for
     * the core to keep apart, rather than refused, so that a genuine STOP behind a misconfigured
     * secret is not lost. Delivery receipts and statuses are still refused: a receipt is not kept
     * apart.
     */
    default Auth leavingInboundUnverified() {
      if (this instanceof Refused r
          && (r.rejected().reason() == Reason.BAD_SIGNATURE || r.rejected().reason() == Reason.STALE)) {
        return new Unverified(r.rejected().reason());
      }
      return this;
    }

    static Auth refused(Reason reason, String detail) {
      return new Refused(Results.reject(reason, detail));
    }
  }

  private Auth unsigned(String detail) {
    return acceptUnsigned ? new Auth.Unverified(Reason.MISSING_SIGNATURE) : Auth.refused(Reason.MISSING_SIGNATURE, detail);
  }

  /** A Messages API webhook: a bearer token, or a JSON body that names a {@code message_uuid}. */
  private boolean isMessagesApi(WebhookRequest r) {
    if (r.header("Authorization").orElse("").regionMatches(true, 0, "Bearer ", 0, 7)) {
      return true;
    }
    if (!r.method().equals("POST") || !r.mediaType().equals("application/json") || r.bodyLength() > MAX_BODY) {
      return false;
    }
    try {
      JsonNode root = json.readTree(r.body());
      return root != null && root.isObject() && root.has("message_uuid");
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  // ---- SMS API: parameters and sig

  private Parsed<Map<String, String>> smsParams(WebhookRequest r) {
    if (r.bodyLength() > MAX_BODY) {
      return Parsed.no(Reason.TOO_LARGE, "body larger than " + MAX_BODY + " bytes");
    }
    Map<String, String> p;
    if (r.method().equals("GET")) {
      String query = r.rawQuery();
      p = Wire.formDecode(query == null ? "" : query);
    } else if (r.method().equals("POST")) {
      String type = r.mediaType();
      if (type.equals("application/x-www-form-urlencoded")) {
        p = Wire.formDecode(new String(r.body(), StandardCharsets.UTF_8));
      } else if (type.equals("application/json")) {
        p = flatJson(r.body());
      } else {
        return Parsed.no(Reason.UNSUPPORTED, "content type must be form or JSON");
      }
    } else {
      return Parsed.no(Reason.UNSUPPORTED, "method must be GET or POST");
    }
    if (p == null) {
      return Parsed.no(Reason.MALFORMED, "parameters unreadable or repeated");
    }
    return p.size() > MAX_PARAMS ? Parsed.no(Reason.TOO_LARGE, "too many parameters") : new Parsed.Ok<>(p);
  }

  private @Nullable Map<String, String> flatJson(byte[] body) {
    try {
      JsonNode root = json.readTree(body);
      if (root == null || !root.isObject()) {
        return null;
      }
      Map<String, String> out = new java.util.LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : root.properties()) {
        if (e.getValue().isContainerNode()) {
          return null;
        }
        if (!e.getValue().isNull()) {
          out.put(e.getKey(), e.getValue().asText());
        }
      }
      return out;
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  private Auth verifySms(Map<String, String> p) {
    String sig = p.get(SmsSignature.SIG);
    if (sig == null || secret == null) {
      return unsigned("request has no sig");
    }
    long ts;
    try {
      ts = Long.parseLong(p.getOrDefault("timestamp", ""));
    } catch (NumberFormatException e) {
      return Auth.refused(Reason.BAD_SIGNATURE, "signed request without a valid timestamp");
    }
    if (!SmsSignature.matches(p, sig, secret, method)) {
      return Auth.refused(Reason.BAD_SIGNATURE, "sig does not match");
    }
    return fresh(ts) ? new Auth.Verified() : Auth.refused(Reason.STALE, "timestamp outside the allowed window");
  }

  /** Within the window either way; compared without a subtraction that could overflow (a signed {@code now + Long.MIN_VALUE}). */
  private boolean fresh(long epochSecond) {
    long now = clock.instant().getEpochSecond();
    long w = window.toSeconds();
    return epochSecond >= now - w && epochSecond <= now + w;
  }

  // ---- Messages API: JWT

  /** A POST within the size limit. */
  private Parsed<WebhookRequest> messagesRequest(WebhookRequest r) {
    if (!r.method().equals("POST")) {
      return Parsed.no(Reason.UNSUPPORTED, "method must be POST");
    }
    if (r.bodyLength() > MAX_BODY) {
      return Parsed.no(Reason.TOO_LARGE, "body larger than " + MAX_BODY + " bytes");
    }
    return new Parsed.Ok<>(r);
  }

  private Parsed<JsonNode> jsonBody(WebhookRequest r) {
    try {
      JsonNode body = json.readTree(r.body());
      return body != null && body.isObject()
          ? new Parsed.Ok<>(body)
          : Parsed.no(Reason.MALFORMED, "body is not a JSON object");
    } catch (java.io.IOException | RuntimeException e) {
      return Parsed.no(Reason.MALFORMED, "body is not JSON");
    }
  }

  private Auth verifyToken(WebhookRequest r) {
    String header = r.header("Authorization").orElse("");
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || secret == null) {
      return unsigned("request has no bearer token");
    }
    JsonNode claims = Jwt.verifyHs256(header.substring(7).trim(), secret, json).orElse(null);
    if (claims == null) {
      return Auth.refused(Reason.BAD_SIGNATURE, "token signature does not match");
    }
    String hash = claims.path("payload_hash").asText("");
    byte[] actual = HexFormat.of().formatHex(sha256(r.body())).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(actual, hash.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
      return Auth.refused(Reason.BAD_SIGNATURE, "body does not match the token's payload_hash");
    }
    if (!claims.path("iat").canConvertToLong() || !fresh(claims.path("iat").asLong())) {
      return Auth.refused(Reason.STALE, "token iat missing or outside the allowed window");
    }
    if (claims.has("exp") && claims.path("exp").asLong() < clock.instant().getEpochSecond()) {
      return Auth.refused(Reason.STALE, "token expired");
    }
    return new Auth.Verified();
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }


  /** The buffer of concatenated parts (for tests of its budgets). */
  ConcatBuffer concat() {
    return received.concat();
  }

  /** Secrets never appear: only whether one is set and which method. */
  @Override
  public String toString() {
    return "VonageWebhooks[signed=" + (secret != null) + ", method=" + method + ", acceptUnsigned=" + acceptUnsigned + ", window=" + window + "]";
  }

  /**
   * Configures {@link VonageWebhooks}; {@link #build()} fails with a {@link ConfigurationException}
   * when neither a signature secret nor {@link #acceptUnsigned()} was given, or a setting is out of
   * range, and logs a WARN (never the secret) when the signature method is MD5-based. Not
   * thread-safe.
   */
  public static final class Builder {
    private @Nullable String secret;
    private SignatureMethod method = SignatureMethod.HMAC_SHA256;
    private boolean acceptUnsigned;
    private @Nullable Clock clock;
    private @Nullable Duration signatureWindow = DEFAULT_SIGNATURE_WINDOW;
    private Duration concatWindow = Duration.ofMinutes(10);
    private int maxConcatMessages = 1000;
    private int maxConcatParts = 10;
    private int maxConcatPerSender = 3;

    private Builder() {}

    /**
     * The account's signature secret and the SMS API signature method set in the dashboard. The
     * Messages API's JWTs are checked with the same secret (HS256).
     */
    public Builder signatureSecret(String secret, SignatureMethod method) {
      this.secret = secret;
      this.method = method;
      return this;
    }

    /**
     * Also takes inbound requests without a signature, as unauthenticated ({@link
     * WebhookResult.Inbound#unverified()} {@code MISSING_SIGNATURE}): the core keeps them apart and
     * never trusts them as verified. Inbound requests whose signature is wrong are handed on
     * unauthenticated with or without this setting; receipts and statuses without one are taken.
     */
    public Builder acceptUnsigned() {
      this.acceptUnsigned = true;
      return this;
    }

    /** The clock for timestamp windows and concatenation ages. Required. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * How far a signed timestamp or token {@code iat} may be from now, either way: at least 1
     * second (timestamps are whole seconds), at most {@link #MAX_SIGNATURE_WINDOW} (1 hour, see
     * there why), default 5 minutes as in Vonage's own SDK. A request signed outside it is treated
     * as one whose signature does not match: an inbound message is handed on unverified ({@code
     * STALE}), a receipt or status is rejected.
     */
    public Builder signatureWindow(Duration window) {
      this.signatureWindow = window;
      return this;
    }

    /** How long parts of a concatenated SMS wait for the rest, and a joined one is remembered (default 10 min). */
    public Builder concatWindow(Duration window) {
      this.concatWindow = window;
      return this;
    }

    /**
     * How many concatenated messages may be in the buffer at once (default 1000), for verified and
     * for unverified requests each; each kind also holds at most this many times 4 KiB. When full,
     * the oldest message is dropped: a new one is never refused for room.
     */
    public Builder maxConcatMessages(int max) {
      this.maxConcatMessages = max;
      return this;
    }

    /**
     * How many concatenated messages one sender may have in the buffer at once (default 3); a
     * further one drops that sender's oldest, so one sender cannot fill the buffer.
     *
     * @since 0.4
     */
    public Builder maxConcatPerSender(int max) {
      this.maxConcatPerSender = max;
      return this;
    }

    /** The most parts one concatenated message may have (default 10, as the core takes 1600 characters). */
    public Builder maxConcatParts(int max) {
      this.maxConcatParts = max;
      return this;
    }

    public VonageWebhooks build() {
      require(clock != null, "a clock is required");
      require(secret == null || !secret.isBlank(), "the signature secret is blank");
      require(secret != null || acceptUnsigned, "a signature secret is required (or acceptUnsigned() to take unsigned webhooks as unauthenticated)");
      require(method != null, "a signature method is required");
      require(signatureWindow != null && signatureWindow.toSeconds() >= 1
          && signatureWindow.compareTo(MAX_SIGNATURE_WINDOW) <= 0,
          "signatureWindow must be at least 1 second and at most 1 hour (MAX_SIGNATURE_WINDOW)");
      require(positive(concatWindow), "concatWindow must be positive");
      require(maxConcatMessages > 0 && maxConcatParts > 1 && maxConcatParts <= 255 && maxConcatPerSender > 0, "concat limits out of range");
      VonageWebhooks hooks = new VonageWebhooks(this, clock);
      if (secret != null) {
        method.warnIfWeak(LOG, "VonageWebhooks");
      }
      return hooks;
    }

    private static boolean positive(Duration d) {
      return d != null && !d.isNegative() && !d.isZero();
    }

    private static void require(boolean ok, String message) {
      if (!ok) {
        throw new ConfigurationException("VonageWebhooks: " + message);
      }
    }

    @Override
    public String toString() {
      return "VonageWebhooks.Builder[signed=" + (secret != null) + ", acceptUnsigned=" + acceptUnsigned + "]";
    }
  }
}
