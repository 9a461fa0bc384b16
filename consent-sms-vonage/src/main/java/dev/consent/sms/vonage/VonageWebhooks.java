package dev.consent.sms.vonage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.CarrierAction;
import dev.consent.ConfigurationException;
import dev.consent.DeliveryReport;
import dev.consent.DeliveryState;
import dev.consent.InboundMessage;
import dev.consent.InvalidInputException;
import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import dev.consent.sms.vonage.WebhookResult.Reason;
import dev.consent.sms.vonage.WebhookResult.Rejected;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
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
 * WebhookResult r = webhooks.smsInbound(request);      // or smsDeliveryReceipt, messagesInbound, messagesStatus
 * }</pre>
 *
 * <ul>
 *   <li>SMS API webhooks (GET, form POST or JSON POST) carry a {@code sig} over their parameters,
 *       checked with the configured {@link SignatureMethod} and a {@code timestamp} window.
 *   <li>Messages API webhooks carry {@code Authorization: Bearer <JWT>}, HS256 with the same
 *       signature secret; its {@code payload_hash} must be the SHA-256 of the raw body and its
 *       {@code iat} inside the window.
 *   <li>An inbound message whose signature or token does not verify (wrong secret, altered, stale)
 *       is handed on as {@link WebhookResult.Inbound} with {@code authenticated=false} and the
 *       reason in {@link WebhookResult.Inbound#unverifiedReason()}, answered 200 so that Vonage
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

  private static final int MAX_PARAMS = 64;
  private static final Duration RESEND_PERIOD = Duration.ofHours(24);
  private static final String CARRIER = "vonage";

  private final @Nullable String secret;
  private final SignatureMethod method;
  private final boolean acceptUnsigned;
  private final Clock clock;
  private final Duration window;
  private final ConcatBuffer concat;
  private final ObjectMapper json = new ObjectMapper();

  private VonageWebhooks(Builder b, Clock clock) {
    this.secret = b.secret;
    this.method = b.method;
    this.acceptUnsigned = b.acceptUnsigned;
    this.clock = clock;
    this.window = b.signatureWindow;
    this.concat = new ConcatBuffer(clock, b.concatWindow, b.maxConcatMessages, b.maxConcatParts, InboundMessage.MAX_BODY, b.maxConcatPerSender);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** An SMS API inbound message; parts of a concatenated one are kept until all have arrived. */
  public WebhookResult smsInbound(WebhookRequest request) {
    Either<Map<String, String>> params = smsParams(request);
    if (params.rejected != null) {
      return params.rejected;
    }
    Either<Boolean> auth = verifySms(params.value);
    if (auth.rejected != null && !unverifiable(auth.rejected)) {
      return auth.rejected;
    }
    return SmsParsing.inbound(this, params.value, unverified(auth));
  }

  /** An SMS API delivery receipt; err-code 9 becomes an opt-out report for the sender. */
  public WebhookResult smsDeliveryReceipt(WebhookRequest request) {
    Either<Map<String, String>> params = smsParams(request);
    if (params.rejected != null) {
      return params.rejected;
    }
    Either<Boolean> auth = verifySms(params.value);
    return auth.rejected != null ? auth.rejected : SmsParsing.receipt(this, params.value);
  }

  /** A Messages API inbound message (SMS channel; other channels are ignored). */
  public WebhookResult messagesInbound(WebhookRequest request) {
    Either<JsonNode> body = verifyMessages(request, true);
    return body.rejected != null ? body.rejected : MessagesParsing.inbound(this, body.value, body.unverified);
  }

  /** A Messages API status; error 1240 becomes an opt-out report for the sender. */
  public WebhookResult messagesStatus(WebhookRequest request) {
    Either<JsonNode> body = verifyMessages(request, false);
    return body.rejected != null ? body.rejected : MessagesParsing.status(this, body.value);
  }

  // ---- shared with the parsers

  Instant now() {
    return clock.instant();
  }

  ConcatBuffer concat() {
    return concat;
  }

  static Rejected reject(Reason reason, String detail) {
    return new Rejected(reason, detail);
  }

  /** An inbound result, verified when {@code unverified} is null; the core's own checks become MALFORMED. */
  static WebhookResult inbound(String id, PhoneNumber from, String to, String text, Instant at, @Nullable Reason unverified) {
    return guarded(() -> new WebhookResult.Inbound(
        new InboundMessage(CARRIER, id, from, to, text, at, unverified == null, CarrierAction.NONE, null), unverified));
  }

  /**
   * The carrier's timestamp when it is sane, else now: at most the signature window ahead of the
   * clock, and at most a day (Vonage resends an unanswered inbound message for 24 hours) plus the
   * window behind it. A timestamp outside that range is a clock fault or a forgery, not a time.
   */
  Instant receivedAt(@Nullable Instant carrierTime) {
    Instant now = clock.instant();
    if (carrierTime == null
        || carrierTime.isAfter(now.plus(window))
        || carrierTime.isBefore(now.minus(RESEND_PERIOD).minus(window))) {
      return now;
    }
    return carrierTime;
  }

  static DeliveryReport report(String id, DeliveryState state, @Nullable String code, @Nullable String optOutSender, Instant at) {
    String scope = optOutSender == null ? null : Suppression.senderScope(Wire.fromVonage(optOutSender));
    return new DeliveryReport(CARRIER, id, state, code, scope, at);
  }

  /**
   * A value or the reason it could not be had; {@code unverified} says why a value that is had
   * could not be verified (null when it was).
   */
  record Either<T>(@Nullable T value, @Nullable Rejected rejected, @Nullable Reason unverified) {
    static <T> Either<T> ok(T value, @Nullable Reason unverified) {
      return new Either<>(value, null, unverified);
    }

    static <T> Either<T> no(Reason reason, String detail) {
      return new Either<>(null, reject(reason, detail), null);
    }
  }

  /**
   * A signature or token that is present but does not verify (wrong secret or method, altered
   * request, stale timestamp): the inbound message is handed on unauthenticated, for the core to
   * keep apart, rather than refused, so that a genuine STOP behind a misconfigured secret is not
   * lost. Delivery receipts and statuses are still refused: a receipt is not kept apart.
   */
  private static boolean unverifiable(Rejected r) {
    return r.reason() == Reason.BAD_SIGNATURE || r.reason() == Reason.STALE;
  }

  private static @Nullable Reason unverified(Either<Boolean> auth) {
    return auth.rejected != null ? auth.rejected.reason() : auth.unverified;
  }

  // ---- SMS API: parameters and sig

  private Either<Map<String, String>> smsParams(WebhookRequest r) {
    if (r.bodyLength() > MAX_BODY) {
      return Either.no(Reason.TOO_LARGE, "body larger than " + MAX_BODY + " bytes");
    }
    Map<String, String> p;
    if (r.method().equals("GET")) {
      p = Wire.formDecode(r.rawQuery() == null ? "" : r.rawQuery());
    } else if (r.method().equals("POST")) {
      String type = contentType(r);
      if (type.equals("application/x-www-form-urlencoded")) {
        p = Wire.formDecode(new String(r.rawBody(), StandardCharsets.UTF_8));
      } else if (type.equals("application/json")) {
        p = flatJson(r.rawBody());
      } else {
        return Either.no(Reason.UNSUPPORTED, "content type must be form or JSON");
      }
    } else {
      return Either.no(Reason.UNSUPPORTED, "method must be GET or POST");
    }
    if (p == null) {
      return Either.no(Reason.MALFORMED, "parameters unreadable or repeated");
    }
    return p.size() > MAX_PARAMS ? Either.no(Reason.TOO_LARGE, "too many parameters") : Either.ok(p, null);
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

  private Either<Boolean> verifySms(Map<String, String> p) {
    String sig = p.get(SmsSignature.SIG);
    if (sig == null || secret == null) {
      return acceptUnsigned ? Either.ok(false, Reason.UNSIGNED) : Either.no(Reason.UNSIGNED, "request has no sig");
    }
    long ts;
    try {
      ts = Long.parseLong(p.getOrDefault("timestamp", ""));
    } catch (NumberFormatException e) {
      return Either.no(Reason.BAD_SIGNATURE, "signed request without a valid timestamp");
    }
    if (!SmsSignature.matches(p, sig, secret, method)) {
      return Either.no(Reason.BAD_SIGNATURE, "sig does not match");
    }
    return fresh(ts) ? Either.ok(true, null) : Either.no(Reason.STALE, "timestamp outside the allowed window");
  }

  private boolean fresh(long epochSecond) {
    long now = clock.instant().getEpochSecond();
    return Math.abs(now - epochSecond) <= window.toSeconds();
  }

  // ---- Messages API: JWT

  /** The JSON body, after its token; {@code inbound}: a token that does not verify leaves it unverified. */
  private Either<JsonNode> verifyMessages(WebhookRequest r, boolean inbound) {
    if (!r.method().equals("POST")) {
      return Either.no(Reason.UNSUPPORTED, "method must be POST");
    }
    if (r.bodyLength() > MAX_BODY) {
      return Either.no(Reason.TOO_LARGE, "body larger than " + MAX_BODY + " bytes");
    }
    Either<Boolean> auth = verifyToken(r);
    if (auth.rejected != null && !(inbound && unverifiable(auth.rejected))) {
      return new Either<>(null, auth.rejected, null);
    }
    try {
      JsonNode body = json.readTree(r.rawBody());
      return body != null && body.isObject()
          ? Either.ok(body, unverified(auth))
          : Either.no(Reason.MALFORMED, "body is not a JSON object");
    } catch (java.io.IOException | RuntimeException e) {
      return Either.no(Reason.MALFORMED, "body is not JSON");
    }
  }

  private Either<Boolean> verifyToken(WebhookRequest r) {
    String header = r.header("Authorization").orElse("");
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || secret == null) {
      return acceptUnsigned ? Either.ok(false, Reason.UNSIGNED) : Either.no(Reason.UNSIGNED, "request has no bearer token");
    }
    JsonNode claims = Jwt.verifyHs256(header.substring(7).trim(), secret, json).orElse(null);
    if (claims == null) {
      return Either.no(Reason.BAD_SIGNATURE, "token signature does not match");
    }
    String hash = claims.path("payload_hash").asText("");
    byte[] actual = HexFormat.of().formatHex(sha256(r.rawBody())).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(actual, hash.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
      return Either.no(Reason.BAD_SIGNATURE, "body does not match the token's payload_hash");
    }
    if (!claims.path("iat").canConvertToLong() || !fresh(claims.path("iat").asLong())) {
      return Either.no(Reason.STALE, "token iat missing or outside the allowed window");
    }
    if (claims.has("exp") && claims.path("exp").asLong() < clock.instant().getEpochSecond()) {
      return Either.no(Reason.STALE, "token expired");
    }
    return Either.ok(true, null);
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  private static String contentType(WebhookRequest r) {
    String t = r.header("Content-Type").orElse("");
    int semi = t.indexOf(';');
    return (semi < 0 ? t : t.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  /** Catches the core's own checks on a parsed value: it names the field, never the value. */
  static WebhookResult guarded(java.util.function.Supplier<WebhookResult> parse) {
    try {
      return parse.get();
    } catch (InvalidInputException e) {
      return reject(Reason.MALFORMED, e.getMessage());
    }
  }

  /** Secrets never appear: only whether one is set and which method. */
  @Override
  public String toString() {
    return "VonageWebhooks[signed=" + (secret != null) + ", method=" + method + ", acceptUnsigned=" + acceptUnsigned + ", window=" + window + "]";
  }

  /**
   * Configures {@link VonageWebhooks}; {@link #build()} fails with a {@link ConfigurationException}
   * when neither a signature secret nor {@link #acceptUnsigned()} was given. Not thread-safe.
   */
  public static final class Builder {
    private @Nullable String secret;
    private SignatureMethod method = SignatureMethod.HMAC_SHA256;
    private boolean acceptUnsigned;
    private @Nullable Clock clock;
    private Duration signatureWindow = Duration.ofMinutes(5);
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
     * WebhookResult.Inbound#unverifiedReason()} {@code UNSIGNED}): the core keeps them apart and
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

    /** How far a signed timestamp or token {@code iat} may be from now, either way (default 5 min). */
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
      require(positive(signatureWindow) && positive(concatWindow), "windows must be positive");
      require(maxConcatMessages > 0 && maxConcatParts > 1 && maxConcatParts <= 255 && maxConcatPerSender > 0, "concat limits out of range");
      return new VonageWebhooks(this, clock);
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
