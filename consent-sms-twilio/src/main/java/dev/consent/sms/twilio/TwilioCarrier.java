package dev.consent.sms.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.CarrierAction;
import dev.consent.CarrierError;
import dev.consent.InboundMessage;
import dev.consent.LogText;
import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import dev.consent.carrier.Backoff;
import dev.consent.carrier.CarrierHttp;
import dev.consent.error.InvalidInputException;
import dev.consent.spi.InboundConfirmation;
import dev.consent.spi.InboundConfirmer;
import dev.consent.spi.OutgoingSms;
import dev.consent.spi.SendResult;
import dev.consent.spi.SmsCarrier;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends SMS through Twilio's Messages API ({@code POST /2010-04-01/Accounts/{sid}/Messages.json})
 * with no Twilio SDK: the JDK {@code HttpClient} behind the shared {@link CarrierHttp} seam, and
 * Jackson; retries follow the shared {@link Backoff}.
 *
 * <pre>{@code
 * TwilioCarrier twilio = TwilioCarrier.builder()
 *     .accountSid("AC...").authToken(secret)          // or .apiKey("SK...", keySecret)
 *     .messagingServiceSid("MG...")                   // optional
 *     .statusCallback(URI.create("https://example.com/twilio/status"))
 *     .clock(Clock.systemUTC())
 *     .build();
 * }</pre>
 *
 * <p>Each message goes from {@link OutgoingSms#from()}; with a Messaging Service configured it
 * also names the service, so Twilio applies the service's settings while the sender stays the one
 * the message log records. A refusal is a {@link SendResult.Rejected} value, never an exception:
 * Twilio error 21610 (recipient unsubscribed) is {@link CarrierError.Kind#RECIPIENT_OPTED_OUT}
 * scoped to the Messaging Service if one was used, else to the sender; 21211 and 21614 are {@link
 * CarrierError.Kind#INVALID_NUMBER}; 20003 is {@link CarrierError.Kind#AUTHENTICATION}. The send
 * is retried, with exponential backoff and jitter, only where no message can have been created: a
 * refused connection, HTTP 429 or error 20429, HTTP 503. A timeout after the request was sent is
 * {@link CarrierError.Kind#OUTCOME_UNKNOWN} and is never resent.
 *
 * <p>It is also the {@link InboundConfirmer} for Twilio: {@link #confirm(String)} fetches an inbound
 * message whose webhook could not be verified ({@code GET
 * /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json}) and builds the message from Twilio's
 * record alone, so the kit applies what Twilio received, never what the unverified request said.
 *
 * <p>Immutable and thread-safe. Logs masked numbers only; never the body or a secret.
 *
 * @since 0.1
 */
public final class TwilioCarrier implements SmsCarrier, InboundConfirmer {
  private static final Logger log = LoggerFactory.getLogger(TwilioCarrier.class);
  static final String NAME = "twilio";

  private final TwilioApi api;
  private final @Nullable String messagingServiceSid;
  private final @Nullable URI statusCallback;
  private final Backoff backoff;
  private final ObjectMapper json = new ObjectMapper();

  private TwilioCarrier(Builder b, TwilioApi api) {
    this.api = api;
    this.messagingServiceSid = b.messagingServiceSid;
    this.statusCallback = b.statusCallback;
    this.backoff = b.backoff;
  }

  /** Starts a builder; {@link Builder#build()} fails fast on missing or contradictory settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code twilio}. */
  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SendResult send(OutgoingSms sms) {
    List<Map.Entry<String, String>> form = form(sms);
    String scope = optOutScope(sms.from());
    int[] attempts = {0};
    // An interrupted pause leaves the last answer standing: the failed attempt created nothing.
    SendResult result = backoff.run(n -> {
      attempts[0] = n;
      return attempt(form, scope);
    });
    logOutcome(sms, result, attempts[0]);
    return result;
  }

  /**
   * Confirms an inbound message by its SID through Twilio's API, with this carrier's credentials,
   * HTTP seam and retries: {@code GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json}.
   *
   * <p>{@link InboundConfirmation.Confirmed} carries a message built from Twilio's record only
   * ({@code from}, {@code to}, {@code body}, {@code date_created} as the time received, else {@code
   * date_sent}, {@code messaging_service_sid}), authenticated, with {@link CarrierAction#NONE}: the
   * record does not say whether Twilio's opt-out handling already answered it. {@link
   * InboundConfirmation.NotFound} when the SID is not a message SID, Twilio has no such message in
   * this account (404, 20404), the message is not {@code inbound}, or its sender is not a phone
   * number; {@link InboundConfirmation.Unavailable} for a network failure, 429 or 5xx (after the
   * configured retries), refused credentials (401, 403) or an answer that cannot be read. Never
   * throws for Twilio's answer.
   *
   * @since 0.4
   */
  @Override
  public InboundConfirmation confirm(String messageId) {
    if (messageId == null || !(Config.isSid(messageId, "SM") || Config.isSid(messageId, "MM"))) {
      return new InboundConfirmation.NotFound("not a Twilio message SID (SM or MM and 32 hex digits)");
    }
    String resource = TwilioApi.API_VERSION + "/Accounts/" + api.accountSid() + "/Messages/" + messageId + ".json";
    Fetch fetch = backoff.run(n -> fetch(resource, n));
    if (Thread.currentThread().isInterrupted()) {
      return new InboundConfirmation.Unavailable("interrupted while asking Twilio");
    }
    return fetch.response() == null
        ? unavailable(messageId, fetch.failure() + " after " + fetch.attempts() + " attempt(s)")
        : confirmation(messageId, resource, fetch.response());
  }

  /** One GET of the message: its answer, or why there is none; {@code response} is null on failure. */
  private record Fetch(CarrierHttp.@Nullable Response response, String failure, int attempts) {}

  /** A GET changes nothing: a failed connection, a read timeout, 429 or 5xx may be retried. */
  private Backoff.Step<Fetch> fetch(String resource, int attempt) {
    try {
      CarrierHttp.Response response = api.get(api.resolve(resource));
      if (response.status() != 429 && response.status() < 500) {
        return Backoff.Step.done(new Fetch(response, "", attempt));
      }
      Fetch failed = new Fetch(null, "Twilio answered HTTP " + response.status(), attempt);
      return Backoff.Step.retry(failed, Backoff.retryAfter(response.header("Retry-After"), api.clock()));
    } catch (IOException e) {
      return Backoff.Step.retry(new Fetch(null, "no answer from Twilio (" + e.getClass().getSimpleName() + ")", attempt), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Backoff.Step.done(new Fetch(null, "interrupted while asking Twilio", attempt));
    }
  }

  private InboundConfirmation confirmation(String sid, String resource, CarrierHttp.Response response) {
    if (response.status() != 200) {
      TwilioErrors.TwilioError e = TwilioErrors.read(json, response);
      if (response.status() == 404 || (e.code() != null && e.code() == 20404)) {
        return new InboundConfirmation.NotFound("Twilio has no message " + sid + " in this account (" + e.codeText() + ")");
      }
      if (response.status() == 401 || response.status() == 403 || "20003".equals(e.codeText())) {
        return unavailable(sid, "Twilio refused the credentials (HTTP " + response.status() + ", " + e.codeText()
            + "): check the account SID and the auth token or API key");
      }
      return unavailable(sid, "Twilio answered HTTP " + response.status() + " (" + e.codeText() + ")");
    }
    JsonNode m;
    try {
      m = json.readTree(response.body());
    } catch (IOException | RuntimeException unreadable) {
      return unavailable(sid, "Twilio's answer is not JSON");
    }
    if (m == null || !m.isObject() || !sid.equals(text(m, "sid"))) {
      return unavailable(sid, "Twilio's answer is not the message asked for");
    }
    String account = text(m, "account_sid");
    if (account != null && !account.equals(api.accountSid())) {
      return unavailable(sid, "Twilio's answer belongs to another account");
    }
    String direction = text(m, "direction");
    if (!"inbound".equals(direction)) {
      return new InboundConfirmation.NotFound("message " + sid + " is not an inbound message (" + direction + ")");
    }
    Instant received = twilioDate(text(m, "date_created"));
    if (received == null) {
      received = twilioDate(text(m, "date_sent"));
    }
    if (received == null) {
      return unavailable(sid, "Twilio's record has no readable date_created or date_sent");
    }
    String to = text(m, "to");
    String body = text(m, "body");
    String mg = text(m, "messaging_service_sid");
    InboundMessage message;
    try {
      PhoneNumber from = PhoneNumber.ofE164(text(m, "from"));
      message = new InboundMessage(NAME, sid, from, to == null ? "" : to, body == null ? "" : body, received, true,
          CarrierAction.NONE, mg != null && Config.isSid(mg, "MG") ? mg : null);
    } catch (InvalidInputException e) {
      return new InboundConfirmation.NotFound("message " + sid + " is not an SMS from a phone number to a sender ("
          + e.getMessage() + ")");
    }
    Map<String, String> evidence = new java.util.LinkedHashMap<>();
    evidence.put("confirmedBy", "GET " + resource);
    evidence.put("direction", direction);
    String status = text(m, "status");
    if (status != null) {
      evidence.put("status", status);
    }
    evidence.put("confirmedAt", api.clock().instant().toString());
    log.debug("twilio confirmed inbound {} from {} through the API", LogText.safe(sid), message.from().masked());
    return new InboundConfirmation.Confirmed(message, evidence);
  }

  private static InboundConfirmation unavailable(String sid, String why) {
    log.warn("twilio could not confirm inbound {}: {}", LogText.safe(sid), LogText.safe(why));
    return new InboundConfirmation.Unavailable(why);
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() ? v.asText() : null;
  }

  /** Twilio's dates are RFC 2822 ({@code Fri, 24 May 2019 17:44:50 +0000}). */
  private static @Nullable Instant twilioDate(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The account's REST endpoint, shared with {@link TwilioReconciler}. */
  TwilioApi api() {
    return api;
  }

  private List<Map.Entry<String, String>> form(OutgoingSms sms) {
    List<Map.Entry<String, String>> form = new ArrayList<>();
    form.add(Map.entry("To", sms.to().e164()));
    form.add(Map.entry("From", sms.from()));
    if (messagingServiceSid != null) {
      form.add(Map.entry("MessagingServiceSid", messagingServiceSid));
    }
    form.add(Map.entry("Body", sms.body()));
    if (statusCallback != null) {
      form.add(Map.entry("StatusCallback", statusCallback.toString()));
    }
    return form;
  }

  private String optOutScope(String from) {
    return messagingServiceSid != null
        ? Suppression.serviceScope(messagingServiceSid)
        : Suppression.senderScope(from);
  }

  /** One try: its result, and whether a retry is safe (no message can exist) and useful. */
  private Backoff.Step<SendResult> attempt(List<Map.Entry<String, String>> form, String scope) {
    CarrierHttp.Response response;
    try {
      response = api.postForm(api.messagesUri(), form);
    } catch (ConnectException | HttpConnectTimeoutException e) {
      return retry(rejected(CarrierError.Kind.UNAVAILABLE, "connect", "could not connect to Twilio", true), null);
    } catch (IOException e) {
      String why = "no answer from Twilio after sending (" + e.getClass().getSimpleName() + ")";
      return done(rejected(CarrierError.Kind.OUTCOME_UNKNOWN, "io", why, false));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return done(rejected(CarrierError.Kind.OUTCOME_UNKNOWN, "interrupted", "interrupted while waiting", false));
    }
    if (response.status() / 100 == 2) {
      return done(accepted(response));
    }
    TwilioErrors.TwilioError error = TwilioErrors.read(json, response);
    SendResult refused = new SendResult.Rejected(TwilioErrors.toCarrierError(error, scope));
    return error.retryable()
        ? retry(refused, Backoff.retryAfter(response.header("Retry-After"), api.clock()))
        : done(refused);
  }

  private SendResult accepted(CarrierHttp.Response response) {
    try {
      JsonNode sid = json.readTree(response.body()).path("sid");
      if (sid.isTextual() && !sid.asText().isBlank()) {
        return new SendResult.Accepted(sid.asText());
      }
    } catch (IOException | RuntimeException unreadable) {
      // falls through: Twilio said yes but we cannot tell which message it created
    }
    String why = "Twilio accepted the request but its answer has no message sid";
    return rejected(CarrierError.Kind.OUTCOME_UNKNOWN, String.valueOf(response.status()), why, false);
  }

  private static SendResult rejected(CarrierError.Kind kind, String code, String why, boolean retry) {
    return new SendResult.Rejected(CarrierError.of(kind, code, why, retry));
  }

  private static Backoff.Step<SendResult> done(SendResult result) {
    return Backoff.Step.done(result);
  }

  private static Backoff.Step<SendResult> retry(SendResult result, @Nullable Duration after) {
    return Backoff.Step.retry(result, after);
  }

  private void logOutcome(OutgoingSms sms, SendResult result, int attempts) {
    if (result instanceof SendResult.Accepted a) {
      log.debug("twilio accepted {} to {} after {} attempt(s)",
          LogText.safe(a.carrierMessageId()), sms.to().masked(), attempts);
    } else if (result instanceof SendResult.Rejected r) {
      log.info("twilio refused a message to {}: {} {} after {} attempt(s)",
          sms.to().masked(), r.error().kind(), LogText.safe(r.error().code()), attempts);
    }
  }

  /** Names the account and the service; never the secret. */
  @Override
  public String toString() {
    String service = messagingServiceSid == null ? "" : ", service=" + messagingServiceSid;
    return "TwilioCarrier[" + api + service + "]";
  }

  /**
   * Configures a {@link TwilioCarrier}. Not thread-safe; the carrier it builds is immutable.
   *
   * @since 0.1
   */
  public static final class Builder {
    private static final URI DEFAULT_BASE = URI.create("https://api.twilio.com");

    private @Nullable String accountSid;
    private @Nullable String authToken;
    private @Nullable String apiKeySid;
    private @Nullable String apiKeySecret;
    private @Nullable String messagingServiceSid;
    private @Nullable URI statusCallback;
    private URI baseUri = DEFAULT_BASE;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(15);
    private int maxAttempts = 3;
    private Duration backoffBase = Duration.ofMillis(250);
    private Duration backoffCap = Duration.ofSeconds(5);
    private Duration retryDeadline = Duration.ofSeconds(30);
    private Backoff.Sleeper sleeper = Backoff.Sleeper.THREAD;
    private java.time.@Nullable Clock clock;
    private @Nullable CarrierHttp http;
    private @Nullable Backoff backoffOverride;
    private @Nullable Backoff backoff;

    private Builder() {}

    /** The account the messages are sent from ({@code AC} + 32 hex digits). Required. */
    public Builder accountSid(String value) {
      this.accountSid = value;
      return this;
    }

    /** Authenticates with the account's Auth Token. Use this or {@link #apiKey}, not both. */
    public Builder authToken(String value) {
      this.authToken = value;
      return this;
    }

    /**
     * Takes the account and its Auth Token from the environment variables the official Twilio SDK
     * reads, {@code TWILIO_ACCOUNT_SID} and {@code TWILIO_AUTH_TOKEN}, so that a host that already
     * configures its own Twilio client there configures them once.
     *
     * @throws dev.consent.error.ConfigurationException naming the variables that are missing or blank
     * @since 0.5
     */
    public Builder credentialsFromEnvironment() {
      return credentialsFrom(System::getenv);
    }

    /** {@link #credentialsFromEnvironment} reading another environment (tests). */
    Builder credentialsFrom(java.util.function.Function<String, @Nullable String> env) {
      String sid = env.apply("TWILIO_ACCOUNT_SID");
      String token = env.apply("TWILIO_AUTH_TOKEN");
      java.util.List<String> missing = new java.util.ArrayList<>();
      if (sid == null || sid.isBlank()) {
        missing.add("TWILIO_ACCOUNT_SID");
      }
      if (token == null || token.isBlank()) {
        missing.add("TWILIO_AUTH_TOKEN");
      }
      if (!missing.isEmpty()) {
        throw new dev.consent.error.ConfigurationException("Twilio credentials from the environment: " + String.join(" and ",
            missing) + " not set (the variables the Twilio SDK reads)");
      }
      return accountSid(sid.trim()).authToken(token.trim());
    }

    /** Authenticates with an API key ({@code SK...}) and its secret, the recommended way. */
    public Builder apiKey(String sid, String secret) {
      this.apiKeySid = sid;
      this.apiKeySecret = secret;
      return this;
    }

    /** Sends every message through this Messaging Service ({@code MG...}); opt-outs are then scoped to it. */
    public Builder messagingServiceSid(String value) {
      this.messagingServiceSid = value;
      return this;
    }

    /** Where Twilio posts status callbacks (absolute http or https URL). */
    public Builder statusCallback(URI value) {
      this.statusCallback = value;
      return this;
    }

    /** Twilio's API base, {@code https://api.twilio.com} unless testing or using an edge location. */
    public Builder baseUri(URI value) {
      this.baseUri = value;
      return this;
    }

    /** How long to wait for a connection, and for an answer once a request is sent. */
    public Builder timeouts(Duration connect, Duration request) {
      this.connectTimeout = connect;
      this.requestTimeout = request;
      return this;
    }

    /**
     * Tries a send at most {@code maxAttempts} times in all (at least 1), waiting a random time up
     * to {@code base * 2^(n-1)}, at most {@code cap}, between tries, or what Twilio's {@code
     * Retry-After} asks for when that is within the cap (else no further try). Defaults: 3, 250 ms,
     * 5 s, all tries within 30 s ({@link #retryDeadline}). See {@link Backoff}.
     */
    public Builder retries(int maxAttempts, Duration base, Duration cap) {
      this.maxAttempts = maxAttempts;
      this.backoffBase = base;
      this.backoffCap = cap;
      return this;
    }

    /**
     * The longest time from the first try of a call to the start of its last one (default 30 s).
     *
     * @since 0.5
     */
    public Builder retryDeadline(Duration value) {
      this.retryDeadline = value;
      return this;
    }

    /**
     * Replaces the whole retry policy ({@link #retries} and {@link #retryDeadline} are then
     * ignored): the same {@link Backoff} every adapter uses.
     *
     * @since 0.5
     */
    public Builder backoff(Backoff value) {
      this.backoffOverride = value;
      return this;
    }

    /** The clock used to read {@code Retry-After} dates. Required: {@code Clock.systemUTC()} in production. */
    public Builder clock(java.time.Clock value) {
      this.clock = value;
      return this;
    }

    /**
     * Replaces the HTTP seam (tests, or a host's own HTTP stack); default {@link
     * CarrierHttp#jdk(Duration)}. Takes any {@link CarrierHttp} since 0.5.
     */
    public Builder http(CarrierHttp value) {
      this.http = value;
      return this;
    }

    Builder sleeper(Backoff.Sleeper value) {
      this.sleeper = value;
      return this;
    }

    /**
     * Builds the carrier.
     *
     * @throws dev.consent.error.ConfigurationException if the account, the credentials or the clock are
     *     missing, both kinds of credentials are given, or a value is malformed
     */
    public TwilioCarrier build() {
      Config.sid(accountSid, "AC", "account SID");
      boolean token = authToken != null;
      boolean key = apiKeySid != null || apiKeySecret != null;
      if (token == key) {
        throw new dev.consent.error.ConfigurationException(
            "Twilio needs exactly one of authToken(..) or apiKey(..)");
      }
      if (key) {
        Config.sid(apiKeySid, "SK", "API key SID");
        Config.secret(apiKeySecret, "API key secret");
      } else {
        Config.secret(authToken, "auth token");
      }
      if (messagingServiceSid != null) {
        Config.sid(messagingServiceSid, "MG", "Messaging Service SID");
      }
      if (statusCallback != null) {
        Config.httpUrl(statusCallback, "status callback");
      }
      Config.httpUrl(baseUri, "base URI");
      Config.positive(connectTimeout, "connect timeout");
      Config.positive(requestTimeout, "request timeout");
      Config.positive(backoffBase, "backoff base");
      Config.positive(backoffCap, "backoff cap");
      if (maxAttempts < 1 || maxAttempts > 10) {
        throw new dev.consent.error.ConfigurationException("max attempts must be between 1 and 10");
      }
      java.time.Clock c = Config.required(clock, "clock (use Clock.systemUTC() in production)");
      Config.positive(retryDeadline, "retry deadline");
      this.backoff = backoffOverride != null ? backoffOverride : Backoff.builder().maxAttempts(maxAttempts)
          .base(backoffBase).cap(backoffCap).deadline(retryDeadline).clock(c).sleeper(sleeper).build();
      CarrierHttp h = http != null ? http : CarrierHttp.jdk(connectTimeout);
      String user = key ? apiKeySid : accountSid;
      String secret = key ? apiKeySecret : authToken;
      TwilioApi api = new TwilioApi(accountSid, user, secret, baseUri, h, requestTimeout, c);
      return new TwilioCarrier(this, api);
    }

    /** Never prints a secret. */
    @Override
    public String toString() {
      String secret = authToken != null || apiKeySecret != null ? "***" : "unset";
      return "TwilioCarrier.Builder[account=" + accountSid + ", apiKey=" + apiKeySid
          + ", secret=" + secret + "]";
    }
  }
}
