package dev.consent.sms.vonage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.CarrierError;
import dev.consent.LogText;
import dev.consent.PhoneNumber;
import dev.consent.carrier.Backoff;
import dev.consent.carrier.CarrierHttp;
import dev.consent.error.ConfigurationException;
import dev.consent.spi.InboundConfirmation;
import dev.consent.spi.InboundConfirmer;
import dev.consent.spi.OutgoingSms;
import dev.consent.spi.SendResult;
import dev.consent.spi.SmsCarrier;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends SMS through Vonage, on the SMS API or the Messages API v1, with the JDK HTTP client and no
 * Vonage SDK. Numbers go out in E.164 without {@code +}, as Vonage expects.
 *
 * <pre>{@code
 * SmsCarrier vonage = VonageCarrier.smsApi()
 *     .apiKey(key).signatureSecret(sigSecret, SignatureMethod.HMAC_SHA256)   // or .apiSecret(secret)
 *     .clock(clock)
 *     .build();
 * SmsCarrier messages = VonageCarrier.messagesApi()
 *     .jwt(applicationId, privateKeyPem)                                      // or .apiKey(k).apiSecret(s)
 *     .clock(clock)
 *     .build();
 * }</pre>
 *
 * <p>A refused send comes back as a typed {@link SendResult.Rejected}, never an exception. Only
 * what cannot have created a message is retried, with the shared {@link Backoff} (bounded attempts
 * and deadline, exponential backoff with full jitter under a cap, Vonage's {@code Retry-After}
 * honoured): a connection that was never made, HTTP 429 and the SMS API's throttling statuses. A
 * timeout after the request was sent is {@link CarrierError.Kind#OUTCOME_UNKNOWN} and is never
 * resent. HTTP goes through the shared {@link CarrierHttp} seam.
 *
 * <p>Opt-outs: Vonage accepts a send to a number that replied STOP and reports the opt-out later,
 * in the delivery receipt (err-code 9) or the Messages status webhook (error 1240); {@link
 * VonageWebhooks} turns those into {@link dev.consent.DeliveryReport}s with an opt-out scope.
 *
 * <p>Unverified inbound messages (a webhook whose signature or token did not verify) can be
 * confirmed with {@link #confirm(String)}, which looks the message up on Vonage's Reports API with
 * the account's API key and secret; see there for what that look-up can and cannot establish.
 *
 * <p>Immutable and thread-safe. Logs mask numbers and never print bodies or secrets.
 *
 * @since 0.1
 */
public final class VonageCarrier implements SmsCarrier, InboundConfirmer {
  static final Logger LOG = LoggerFactory.getLogger(VonageCarrier.class);
  private static final int MAX_RETRIES = 5;

  private final Api api;
  private final CarrierHttp http;
  private final Backoff backoff;
  private final Clock clock;
  private final ReportsLookup reports;

  private VonageCarrier(Api api, Builder b, Backoff backoff, ObjectMapper json) {
    this.api = api;
    this.http = b.http != null ? b.http : CarrierHttp.jdk(b.connectTimeout);
    this.backoff = backoff;
    this.clock = java.util.Objects.requireNonNull(b.clock);
    boolean own = b.reportsKey != null;
    this.reports = new ReportsLookup(
        b.baseUrl != null ? b.baseUrl : Wire.MESSAGES_BASE,
        own ? b.reportsKey : b.apiKey,
        own ? b.reportsSecret : b.apiSecret,
        b.requestTimeout, http, json);
  }

  /** A builder for the SMS API ({@code POST /sms/json}). */
  public static Builder smsApi() {
    return new Builder(true);
  }

  /** A builder for the Messages API v1 ({@code POST /v1/messages}, channel {@code sms}). */
  public static Builder messagesApi() {
    return new Builder(false);
  }

  /** Always {@code vonage}, whichever API sends. */
  @Override
  public String name() {
    return "vonage";
  }

  /**
   * Confirms an inbound message whose webhook could not be verified, by looking its id up on
   * Vonage's Reports API ({@code GET /v2/reports/records}, product {@code SMS}, or {@code MESSAGES}
   * then {@code SMS} for a UUID, direction {@code inbound}, {@code include_message=true}, Basic auth
   * with {@link Builder#reportsCredentials} or else the configured API key and secret). The
   * confirmed message is built from Vonage's record alone: its {@code message_id}, {@code from},
   * {@code to}, {@code message_body} and {@code date_received}. Never throws; one request per product,
   * no retries.
   *
   * <ul>
   *   <li>{@link InboundConfirmation.Confirmed}: Vonage has an inbound record with this id.
   *   <li>{@link InboundConfirmation.NotFound}: the id cannot be a Vonage id, or Vonage answered a
   *       complete search ({@code request_status} SUCCESS, or the id in {@code ids_not_found}) with
   *       no inbound record, or the record is not inbound, or (Messages API) not of the SMS
   *       channel.
   *   <li>{@link InboundConfirmation.Unavailable}: no key and secret configured, no connection or
   *       answer, any status but 200 (401, 403, 404, 422, 429, 5xx), an unreadable answer, an
   *       incomplete search, or a record lacking a readable field. Nothing is applied; ask later.
   * </ul>
   *
   * <p>What this cannot establish, and why:
   *
   * <ul>
   *   <li>No official specification of this call is checked: the project's specs folder holds only
   *       the SMS API and Messages API descriptions. The request and the record's fields follow
   *       Vonage's published Reports API reference (v2, synchronous records) and are tested against
   *       WireMock only.
   *   <li>Vonage does not document how soon an inbound message appears in the Reports API. A
   *       look-up shortly after the webhook may find no record for a genuine message; a host should
   *       confirm only some minutes after the webhook, and may ask again after a NotFound.
   *   <li>Vonage documents the {@code id} filter as "the UUID of the message"; that it also matches
   *       the SMS API's hexadecimal message ids is not stated, only implied by its records'
   *       {@code message_id} field.
   *   <li>For a concatenated SMS the id is its first part's: the record may hold that part's text
   *       only, so the confirmed body may be shorter than the joined message.
   *   <li>The Reports API needs the account's API key and secret (not the signature secret nor an
   *       application JWT) and is billed per record by Vonage.
   * </ul>
   *
   * @since 0.4
   */
  @Override
  public InboundConfirmation confirm(String messageId) {
    return reports.confirm(messageId);
  }

  /** Sends one message; never throws for a refusal or a network failure. */
  @Override
  public SendResult send(OutgoingSms sms) {
    return backoff.run(n -> attempt(sms, n));
  }

  /**
   * One try. Retried only where no message can exist and another try may succeed: no connection
   * was made, or Vonage said it was throttled (a retryable {@link CarrierError.Kind#RATE_LIMITED}).
   */
  private Backoff.Step<SendResult> attempt(OutgoingSms sms, int n) {
    CarrierHttp.Request request = api.request(sms);
    CarrierHttp.Response response;
    try {
      response = http.execute(request);
    } catch (ConnectException | HttpConnectTimeoutException e) {
      return retrying(sms, n, new SendResult.Rejected(Errors.unreachable("could not connect to Vonage")), null);
    } catch (IOException e) {
      LOG.warn("vonage send to {} has an unknown outcome: {}", PhoneNumber.mask(sms.to().e164()), e.getClass().getSimpleName());
      return Backoff.Step.done(new SendResult.Rejected(Errors.unknown("no answer from Vonage after sending: " + e.getClass().getSimpleName())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Backoff.Step.done(new SendResult.Rejected(Errors.unknown("interrupted while waiting for Vonage")));
    }
    SendResult result = api.read(response, sms);
    boolean throttled = result instanceof SendResult.Rejected r
        && r.error().retryable() && r.error().kind() == CarrierError.Kind.RATE_LIMITED;
    return throttled
        ? retrying(sms, n, result, Backoff.retryAfter(response.header("Retry-After"), clock))
        : Backoff.Step.done(result);
  }

  private static Backoff.Step<SendResult> retrying(OutgoingSms sms, int n, SendResult result, @Nullable Duration after) {
    if (result instanceof SendResult.Rejected r) {
      LOG.debug("vonage send to {} failed on attempt {}: {} {}", PhoneNumber.mask(sms.to().e164()), n, r.error().kind(),
          LogText.safe(r.error().code()));
    }
    return Backoff.Step.retry(result, after);
  }

  /** Which API, endpoint and kind of credentials: never the secrets. */
  @Override
  public String toString() {
    return "VonageCarrier[" + api.describe() + ", " + backoff + "]";
  }

  /**
   * Configures a {@link VonageCarrier}; {@link #build()} fails with a {@link
   * ConfigurationException} on missing or contradictory settings. Not thread-safe; the carrier it
   * builds is.
   */
  public static final class Builder {
    private final boolean smsApi;
    @Nullable String apiKey;
    @Nullable String apiSecret;
    @Nullable String signatureSecret;
    SignatureMethod signatureMethod = SignatureMethod.HMAC_SHA256;
    @Nullable String applicationId;
    @Nullable PrivateKey privateKey;
    @Nullable URI baseUrl;
    @Nullable URI deliveryReceiptUrl;
    Duration connectTimeout = Duration.ofSeconds(5);
    Duration requestTimeout = Duration.ofSeconds(15);
    int maxAttempts = 3;
    Duration retryBase = Duration.ofMillis(250);
    @Nullable Duration retryCap;
    Duration retryDeadline = Duration.ofSeconds(30);
    Backoff.Sleeper sleeper = Backoff.Sleeper.THREAD;
    @Nullable Backoff backoff;
    @Nullable Clock clock;
    @Nullable CarrierHttp http;
    @Nullable String reportsKey;
    @Nullable String reportsSecret;

    private Builder(boolean smsApi) {
      this.smsApi = smsApi;
    }

    /** The account's API key (both APIs; on the Messages API with {@link #apiSecret} for Basic auth). */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** The account's API secret. On the SMS API, use this or {@link #signatureSecret}, not both. */
    public Builder apiSecret(String apiSecret) {
      this.apiSecret = apiSecret;
      return this;
    }

    /**
     * SMS API only: sign requests with the signature secret instead of sending the API secret, with
     * the method set in the dashboard; an MD5-based one makes {@link #build()} log a WARN.
     */
    public Builder signatureSecret(String secret, SignatureMethod method) {
      this.signatureSecret = secret;
      this.signatureMethod = method;
      return this;
    }

    /** Messages API only: authenticate with an application JWT (RS256) instead of Basic auth. */
    public Builder jwt(String applicationId, PrivateKey privateKey) {
      this.applicationId = applicationId;
      this.privateKey = privateKey;
      return this;
    }

    /** As {@link #jwt(String, PrivateKey)}, with the application's PKCS#8 PEM private key. */
    public Builder jwt(String applicationId, String privateKeyPem) {
      try {
        return jwt(applicationId, Jwt.rsaKey(privateKeyPem));
      } catch (GeneralSecurityException e) {
        throw new ConfigurationException("VonageCarrier: the Vonage application private key is not a PKCS#8 PEM RSA key");
      }
    }

    /** Where the API lives (a regional host, a proxy, a test server); the API path is appended. */
    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** SMS API only: where Vonage posts this message's delivery receipts (else the dashboard's URL). */
    public Builder deliveryReceiptUrl(URI url) {
      this.deliveryReceiptUrl = url;
      return this;
    }

    /** How long to wait for a connection (default 5 s). Ignored with a custom {@link #http}. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** How long to wait for Vonage's answer once connected (default 15 s). */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /**
     * Retries of a send that cannot have created a message (0 to 5, default 2).
     *
     * @deprecated since 0.5, use {@link #retries(int, Duration, Duration)} (attempts in all = retries + 1)
     */
    @Deprecated(since = "0.5", forRemoval = true)
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0 || maxRetries > MAX_RETRIES) {
        throw new ConfigurationException("VonageCarrier: maxRetries must be 0 to " + MAX_RETRIES);
      }
      this.maxAttempts = maxRetries + 1;
      return this;
    }

    /**
     * The ceiling of the first pause, doubled for each further one (default 250 ms).
     *
     * @deprecated since 0.5, use {@link #retries(int, Duration, Duration)}; the pause is now a random
     *     time up to this ceiling (full jitter), and never more than the cap (5 s unless set)
     */
    @Deprecated(since = "0.5", forRemoval = true)
    public Builder retryBackoff(Duration backoff) {
      this.retryBase = backoff;
      return this;
    }

    /**
     * Tries a send at most {@code maxAttempts} times in all (1 to 10), waiting a random time up to
     * {@code base * 2^(n-1)}, at most {@code cap}, between tries, or what Vonage's {@code
     * Retry-After} asks for when that is within the cap (else no further try). Defaults: 3, 250 ms,
     * 5 s, all within 30 s ({@link #retryDeadline}). See {@link Backoff}.
     *
     * @since 0.5
     */
    public Builder retries(int maxAttempts, Duration base, Duration cap) {
      this.maxAttempts = maxAttempts;
      this.retryBase = base;
      this.retryCap = cap;
      return this;
    }

    /**
     * The longest time from the first try of a send to the start of its last one (default 30 s).
     *
     * @since 0.5
     */
    public Builder retryDeadline(Duration deadline) {
      this.retryDeadline = deadline;
      return this;
    }

    /**
     * Replaces the whole retry policy ({@link #retries} and {@link #retryDeadline} are then
     * ignored): the same {@link Backoff} every adapter uses.
     *
     * @since 0.5
     */
    public Builder backoff(Backoff backoff) {
      this.backoff = backoff;
      return this;
    }

    /** How pauses wait; tests replace it so that none sleeps. */
    Builder sleeper(Backoff.Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /** The clock for request signatures and JWTs. Required. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * The account's API key and secret for {@link VonageCarrier#confirm(String)} on the Reports
     * API (Basic auth), when sends are signed or use an application JWT. Default: {@link #apiKey}
     * and {@link #apiSecret} when both are set; without either, {@code confirm} answers
     * Unavailable. The Reports API is called at {@link #baseUrl}, else {@code https://api.nexmo.com}.
     *
     * @since 0.4
     */
    public Builder reportsCredentials(String apiKey, String apiSecret) {
      this.reportsKey = apiKey;
      this.reportsSecret = apiSecret;
      return this;
    }

    /** Replaces the HTTP seam (default: {@link CarrierHttp#jdk(Duration)}), the one every adapter uses. */
    public Builder http(CarrierHttp http) {
      this.http = http;
      return this;
    }


    /** Checks the configuration and builds the carrier; warns once when it signs with an MD5-based method. */
    public VonageCarrier build() {
      require(clock != null, "a clock is required");
      require(!connectTimeout.isNegative() && !connectTimeout.isZero(), "connectTimeout must be positive");
      require(!requestTimeout.isNegative() && !requestTimeout.isZero(), "requestTimeout must be positive");
      require(retryBase != null && !retryBase.isNegative(), "the retry base must not be negative");
      require(baseUrl == null || isHttp(baseUrl), "baseUrl must be an absolute http(s) URL");
      require(reportsKey == null || (present(reportsKey) && present(reportsSecret)), "reportsCredentials needs an API key and secret");
      ObjectMapper json = new ObjectMapper();
      Api api = smsApi ? checkSms(json) : checkMessages(json);
      VonageCarrier carrier = new VonageCarrier(api, this, backoff != null ? backoff : backoff(), json);
      if (signatureSecret != null) {
        signatureMethod.warnIfWeak(LOG, "VonageCarrier");
      }
      return carrier;
    }

    /** The cap defaults to 5 s, or to the base when only the 0.4 {@code retryBackoff} set a longer one. */
    /** What the API clients take from this builder (after the checks). */
    private ApiSettings settings() {
      return new ApiSettings(baseUrl, apiKey, apiSecret, signatureSecret, signatureMethod, applicationId, privateKey,
          deliveryReceiptUrl, requestTimeout, java.util.Objects.requireNonNull(clock));
    }

    private Backoff backoff() {
      Duration cap = retryCap != null ? retryCap : max(Duration.ofSeconds(5), retryBase);
      try {
        return Backoff.builder().maxAttempts(maxAttempts).base(retryBase).cap(cap).deadline(retryDeadline)
            .clock(java.util.Objects.requireNonNull(clock)).sleeper(sleeper).build();
      } catch (ConfigurationException e) {
        throw new ConfigurationException("VonageCarrier: " + e.getMessage());
      }
    }

    private static Duration max(Duration a, Duration b) {
      return a.compareTo(b) >= 0 ? a : b;
    }

    private Api checkSms(ObjectMapper json) {
      require(present(apiKey), "the SMS API needs an API key");
      require(present(apiSecret) != present(signatureSecret), "the SMS API needs either an API secret or a signature secret");
      require(signatureMethod != null, "a signature method is required");
      require(applicationId == null, "jwt applies to the Messages API only");
      require(deliveryReceiptUrl == null || isHttp(deliveryReceiptUrl), "deliveryReceiptUrl must be an absolute http(s) URL");
      return new SmsApi(settings(), json);
    }

    private Api checkMessages(ObjectMapper json) {
      boolean basic = present(apiKey) || present(apiSecret);
      require(basic != (privateKey != null), "the Messages API needs either an API key and secret or an application JWT key");
      require(!basic || (present(apiKey) && present(apiSecret)), "Basic auth needs both the API key and the API secret");
      require(privateKey == null || present(applicationId), "the application JWT needs an application id");
      require(signatureSecret == null, "signatureSecret applies to the SMS API only");
      require(deliveryReceiptUrl == null, "deliveryReceiptUrl applies to the SMS API only");
      return new MessagesApi(settings(), json);
    }

    private static boolean present(@Nullable String s) {
      return s != null && !s.isBlank();
    }

    private static boolean isHttp(URI u) {
      return u.isAbsolute() && ("https".equals(u.getScheme()) || "http".equals(u.getScheme()));
    }

    private static void require(boolean ok, String message) {
      if (!ok) {
        throw new ConfigurationException("VonageCarrier: " + message);
      }
    }

    @Override
    public String toString() {
      return "VonageCarrier.Builder[api=" + (smsApi ? "sms" : "messages") + ", apiKey=" + PhoneNumber.mask(apiKey) + "]";
    }
  }
}
