package dev.consent.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code consent.*} properties. Purposes, programs and notices may be given here or as beans
 * ({@link dev.consent.Purpose}, {@link dev.consent.Notice}); anything else the builder takes goes
 * through a {@link ConsentKitCustomizer} bean.
 *
 * @since 0.5
 */
@ConfigurationProperties("consent")
public class ConsentProperties {

  /** Where consent is kept. */
  public enum StoreType {
    /** JdbcConsentStore on the application's DataSource (the default when there is one). */
    JDBC,
    /** InMemoryConsentStore: nothing survives a restart; for tests and demos only. */
    MEMORY
  }

  /** The tenant (brand) this application's kit works for. */
  private String tenant = "default";

  /** The store: jdbc (default when the application has a DataSource) or memory (tests, demos). Never chosen silently. */
  private @Nullable StoreType store;

  /** How far apart the clocks of the instances sharing the store may be (ConsentKit default: 5 minutes). */
  private @Nullable Duration clockSkewTolerance;

  private final Jdbc jdbc = new Jdbc();
  private final Twilio twilio = new Twilio();
  private final Vonage vonage = new Vonage();
  private final OptIn optIn = new OptIn();

  /** SMS programs (brand, senders, frequency, HELP text) that purposes run as. */
  private List<ProgramProperties> programs = new ArrayList<>();

  /** Purposes messages are sent for, each naming one of the programs. */
  private List<PurposeProperties> purposes = new ArrayList<>();

  /** Notices (the exact text shown when asking consent), at least one per consent-based purpose. */
  private List<NoticeProperties> notices = new ArrayList<>();

  public String getTenant() {
    return tenant;
  }

  public void setTenant(String tenant) {
    this.tenant = tenant;
  }

  public @Nullable StoreType getStore() {
    return store;
  }

  public void setStore(@Nullable StoreType store) {
    this.store = store;
  }

  public @Nullable Duration getClockSkewTolerance() {
    return clockSkewTolerance;
  }

  public void setClockSkewTolerance(@Nullable Duration clockSkewTolerance) {
    this.clockSkewTolerance = clockSkewTolerance;
  }

  public Jdbc getJdbc() {
    return jdbc;
  }

  public Twilio getTwilio() {
    return twilio;
  }

  public Vonage getVonage() {
    return vonage;
  }

  public OptIn getOptIn() {
    return optIn;
  }

  public List<ProgramProperties> getPrograms() {
    return programs;
  }

  public void setPrograms(List<ProgramProperties> programs) {
    this.programs = programs;
  }

  public List<PurposeProperties> getPurposes() {
    return purposes;
  }

  public void setPurposes(List<PurposeProperties> purposes) {
    this.purposes = purposes;
  }

  public List<NoticeProperties> getNotices() {
    return notices;
  }

  public void setNotices(List<NoticeProperties> notices) {
    this.notices = notices;
  }

  /** The JDBC store on the application's DataSource. */
  public static class Jdbc {
    /**
     * Keep the store's pseudonym key and key-encryption key in clear in the same database instead of
     * a KeyProvider bean: for tests, demos and trials only (logged as a WARN). Without a KeyProvider
     * bean and without this, the application does not start.
     */
    private boolean keysInDatabase;

    /** Run the store's own migrations at start-up (false when Flyway or Liquibase applies the scripts). */
    private boolean migrate = true;

    /** Schema of the store's tables (default: the connection's). */
    private @Nullable String schema;

    /** Prefix of the store's table names. */
    private String tablePrefix = "consent_";

    public boolean isKeysInDatabase() {
      return keysInDatabase;
    }

    public void setKeysInDatabase(boolean keysInDatabase) {
      this.keysInDatabase = keysInDatabase;
    }

    public boolean isMigrate() {
      return migrate;
    }

    public void setMigrate(boolean migrate) {
      this.migrate = migrate;
    }

    public @Nullable String getSchema() {
      return schema;
    }

    public void setSchema(@Nullable String schema) {
      this.schema = schema;
    }

    public String getTablePrefix() {
      return tablePrefix;
    }

    public void setTablePrefix(String tablePrefix) {
      this.tablePrefix = tablePrefix;
    }
  }

  /** Twilio (consent-sms-twilio on the class path). */
  public static class Twilio {
    /** Account SID (AC...): with the auth token, builds the TwilioCarrier unless the application defines an SmsCarrier. */
    private @Nullable String accountSid;

    /** Auth token: signs webhooks and authenticates API calls. Never logged. */
    private @Nullable String authToken;

    /** Messaging Service SID (MG...) to send through, optional. */
    private @Nullable String messagingServiceSid;

    /** Status callback URL given to Twilio with each message, optional. */
    private @Nullable String statusCallback;

    private final Webhook webhook = Webhook.at("/consent/twilio/inbound", "/consent/twilio/status");

    public @Nullable String getAccountSid() {
      return accountSid;
    }

    public void setAccountSid(@Nullable String accountSid) {
      this.accountSid = accountSid;
    }

    public @Nullable String getAuthToken() {
      return authToken;
    }

    public void setAuthToken(@Nullable String authToken) {
      this.authToken = authToken;
    }

    public @Nullable String getMessagingServiceSid() {
      return messagingServiceSid;
    }

    public void setMessagingServiceSid(@Nullable String messagingServiceSid) {
      this.messagingServiceSid = messagingServiceSid;
    }

    public @Nullable String getStatusCallback() {
      return statusCallback;
    }

    public void setStatusCallback(@Nullable String statusCallback) {
      this.statusCallback = statusCallback;
    }

    public Webhook getWebhook() {
      return webhook;
    }
  }

  /** Vonage (consent-sms-vonage on the class path). */
  public static class Vonage {
    /** Signature secret of the account (SMS API signed webhooks) or application (Messages API JWTs). Never logged. */
    private @Nullable String signatureSecret;

    /** Signature method chosen in the dashboard: HMAC_SHA256 (default; choose "SHA-256 HMAC" there), HMAC_SHA512, HMAC_SHA1, HMAC_MD5 or MD5_HASH. */
    private String signatureMethod = "HMAC_SHA256";

    private final Webhook webhook = Webhook.at("/consent/vonage/inbound", "/consent/vonage/status");

    public @Nullable String getSignatureSecret() {
      return signatureSecret;
    }

    public void setSignatureSecret(@Nullable String signatureSecret) {
      this.signatureSecret = signatureSecret;
    }

    public String getSignatureMethod() {
      return signatureMethod;
    }

    public void setSignatureMethod(String signatureMethod) {
      this.signatureMethod = signatureMethod;
    }

    public Webhook getWebhook() {
      return webhook;
    }
  }

  /** A carrier's verified webhook endpoints (Spring MVC). */
  public static class Webhook {
    /** Serve this carrier's inbound and delivery-report endpoints. */
    private boolean enabled;

    /**
     * The public URL of this application's root as the carrier calls it (scheme, host, port and any
     * prefix a proxy adds), e.g. https://crm.example.com. The URL verified is this plus the request's
     * path below the context path and its raw query; never taken from Host or X-Forwarded-* headers.
     */
    private @Nullable String publicUrl;

    /** Path of the inbound-message endpoint (default /consent/twilio/inbound, /consent/vonage/inbound). */
    private String inboundPath = "";

    /** Path of the delivery-report (status callback) endpoint (default /consent/twilio/status, /consent/vonage/status). */
    private String statusPath = "";

    static Webhook at(String inboundPath, String statusPath) {
      Webhook w = new Webhook();
      w.setInboundPath(inboundPath);
      w.setStatusPath(statusPath);
      return w;
    }

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public @Nullable String getPublicUrl() {
      return publicUrl;
    }

    public void setPublicUrl(@Nullable String publicUrl) {
      this.publicUrl = publicUrl;
    }

    public String getInboundPath() {
      return inboundPath;
    }

    public void setInboundPath(String inboundPath) {
      this.inboundPath = inboundPath;
    }

    public String getStatusPath() {
      return statusPath;
    }

    public void setStatusPath(String statusPath) {
      this.statusPath = statusPath;
    }
  }

  /** An SMS program. */
  public static class ProgramProperties {
    /** Stable id, e.g. deals. */
    private @Nullable String id;
    /** Brand or program name shown in every confirmation. */
    private @Nullable String name;
    /** Sender numbers or ids the program sends from. */
    private List<String> senders = new ArrayList<>();
    /** Message frequency, e.g. "Up to 4 msgs/month". */
    private @Nullable String frequency;
    /** HELP reply in English. */
    private @Nullable String help;
    /** Keywords that start an opt-in when texted to a sender. */
    private List<String> joinKeywords = new ArrayList<>(List.of("JOIN"));

    public @Nullable String getId() {
      return id;
    }

    public void setId(@Nullable String id) {
      this.id = id;
    }

    public @Nullable String getName() {
      return name;
    }

    public void setName(@Nullable String name) {
      this.name = name;
    }

    public List<String> getSenders() {
      return senders;
    }

    public void setSenders(List<String> senders) {
      this.senders = senders;
    }

    public @Nullable String getFrequency() {
      return frequency;
    }

    public void setFrequency(@Nullable String frequency) {
      this.frequency = frequency;
    }

    public @Nullable String getHelp() {
      return help;
    }

    public void setHelp(@Nullable String help) {
      this.help = help;
    }

    public List<String> getJoinKeywords() {
      return joinKeywords;
    }

    public void setJoinKeywords(List<String> joinKeywords) {
      this.joinKeywords = joinKeywords;
    }
  }

  /** A purpose. */
  public static class PurposeProperties {
    /** Stable id, e.g. marketing.promotions. */
    private @Nullable String id;
    /** One line for people (receipts, exports). */
    private @Nullable String description;
    /** Id of the program its messages are sent as. */
    private @Nullable String program;
    /** marketing (consent with SMS double opt-in) or service (contract basis). */
    private String kind = "marketing";
    /** How long a marketing grant passes the gate before it must be refreshed (empty: no limit). */
    private @Nullable Duration validity;

    public @Nullable String getId() {
      return id;
    }

    public void setId(@Nullable String id) {
      this.id = id;
    }

    public @Nullable String getDescription() {
      return description;
    }

    public void setDescription(@Nullable String description) {
      this.description = description;
    }

    public @Nullable String getProgram() {
      return program;
    }

    public void setProgram(@Nullable String program) {
      this.program = program;
    }

    public String getKind() {
      return kind;
    }

    public void setKind(String kind) {
      this.kind = kind;
    }

    public @Nullable Duration getValidity() {
      return validity;
    }

    public void setValidity(@Nullable Duration validity) {
      this.validity = validity;
    }
  }

  /** A notice. */
  public static class NoticeProperties {
    /** Id of the purpose it asks consent for. */
    private @Nullable String purpose;
    /** Version, e.g. v1. */
    private @Nullable String version;
    /** Language (BCP 47). */
    private String language = "en";
    /** The exact text shown. */
    private @Nullable String text;

    public @Nullable String getPurpose() {
      return purpose;
    }

    public void setPurpose(@Nullable String purpose) {
      this.purpose = purpose;
    }

    public @Nullable String getVersion() {
      return version;
    }

    public void setVersion(@Nullable String version) {
      this.version = version;
    }

    public String getLanguage() {
      return language;
    }

    public void setLanguage(String language) {
      this.language = language;
    }

    public @Nullable String getText() {
      return text;
    }

    public void setText(@Nullable String text) {
      this.text = text;
    }
  }

  /**
   * The double opt-in limits of this application's tenant ({@code consent.opt-in.*}); each one left unset
   * keeps its default ({@link dev.consent.OptInSettings#defaults()}). A CRM back end that sends every
   * sign-up from its own address raises {@code per-client} or passes the end user's address.
   */
  public static class OptIn {
    /** The sliding window of the four confirmation limits (default 1h). */
    private @Nullable Duration window;

    /** Confirmations sent to one number per window (default 3). */
    private @Nullable Integer perNumber;

    /** Confirmations sent to one number prefix per window (default 10). */
    private @Nullable Integer perPrefix;

    /** Confirmations sent to one country calling code per window (default 500). */
    private @Nullable Integer perCountry;

    /** Confirmations asked for from one client address per window (default 5). */
    private @Nullable Integer perClient;

    /** How long a request can be confirmed (default 24h). */
    private @Nullable Duration pendingTtl;

    /** A restart of the same request inside this time sends nothing again (default 10m). */
    private @Nullable Duration cooldown;

    /** Wrong web codes a caller may enter before its handle takes no more (default 5). */
    private @Nullable Integer maxAttempts;

    /** ISO regions confirmations may go to, such as US or GB; empty allows all (the default). */
    private List<String> allowedRegions = new ArrayList<>();

    /** The settings these properties give: the defaults with each property that is set. */
    public dev.consent.OptInSettings settings() {
      dev.consent.OptInSettings d = dev.consent.OptInSettings.defaults();
      return new dev.consent.OptInSettings(or(pendingTtl, d.pendingTtl()), or(maxAttempts, d.maxAttempts()),
          or(cooldown, d.cooldown()), or(window, d.window()), or(perNumber, d.perNumber()), or(perPrefix, d.perPrefix()),
          d.prefixHiddenDigits(), or(perCountry, d.perCountry()), or(perClient, d.perClient()),
          java.util.Set.copyOf(allowedRegions));
    }

    /** Whether any property is set: the kit keeps its builder's settings otherwise. */
    boolean anySet() {
      return window != null || perNumber != null || perPrefix != null || perCountry != null || perClient != null
          || pendingTtl != null || cooldown != null || maxAttempts != null || !allowedRegions.isEmpty();
    }

    private static <T> T or(@Nullable T value, T fallback) {
      return value != null ? value : fallback;
    }

    public @Nullable Duration getWindow() {
      return window;
    }

    public void setWindow(@Nullable Duration window) {
      this.window = window;
    }

    public @Nullable Integer getPerNumber() {
      return perNumber;
    }

    public void setPerNumber(@Nullable Integer perNumber) {
      this.perNumber = perNumber;
    }

    public @Nullable Integer getPerPrefix() {
      return perPrefix;
    }

    public void setPerPrefix(@Nullable Integer perPrefix) {
      this.perPrefix = perPrefix;
    }

    public @Nullable Integer getPerCountry() {
      return perCountry;
    }

    public void setPerCountry(@Nullable Integer perCountry) {
      this.perCountry = perCountry;
    }

    public @Nullable Integer getPerClient() {
      return perClient;
    }

    public void setPerClient(@Nullable Integer perClient) {
      this.perClient = perClient;
    }

    public @Nullable Duration getPendingTtl() {
      return pendingTtl;
    }

    public void setPendingTtl(@Nullable Duration pendingTtl) {
      this.pendingTtl = pendingTtl;
    }

    public @Nullable Duration getCooldown() {
      return cooldown;
    }

    public void setCooldown(@Nullable Duration cooldown) {
      this.cooldown = cooldown;
    }

    public @Nullable Integer getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(@Nullable Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public List<String> getAllowedRegions() {
      return allowedRegions;
    }

    public void setAllowedRegions(List<String> allowedRegions) {
      this.allowedRegions = allowedRegions;
    }
  }
}
