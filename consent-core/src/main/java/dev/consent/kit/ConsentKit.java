package dev.consent.kit;

import dev.consent.ConsentRegistry;
import dev.consent.DataController;
import dev.consent.DoubleOptInFlow;
import dev.consent.InboundAlarm;
import dev.consent.InboundHandler;
import dev.consent.InboundSettings;
import dev.consent.KitObservation;
import dev.consent.MessageGate;
import dev.consent.Notice;
import dev.consent.OptInSettings;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.RecordType;
import dev.consent.RetentionPolicy;
import dev.consent.RetentionReport;
import dev.consent.ReviewQueue;
import dev.consent.ReviewSettings;
import dev.consent.error.ConfigurationException;
import dev.consent.error.ConsentStoreException;
import dev.consent.error.InvalidInputException;
import dev.consent.internal.CarrierReports;
import dev.consent.internal.Checkpoints;
import dev.consent.internal.DefaultDoubleOptIn;
import dev.consent.internal.DefaultGate;
import dev.consent.internal.DefaultInbound;
import dev.consent.internal.DefaultRegistry;
import dev.consent.internal.DefaultRetention;
import dev.consent.internal.KitContext;
import dev.consent.internal.LedgerWriter;
import dev.consent.internal.Observer;
import dev.consent.internal.Quarantine;
import dev.consent.internal.RequestValidator;
import dev.consent.internal.Reviews;
import dev.consent.internal.SystemReplies;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.policy.KeywordClassifier;
import dev.consent.policy.PolicyBook;
import dev.consent.policy.ReplyTemplates;
import dev.consent.receipt.ChainCheckpoints;
import dev.consent.spi.CheckpointStore;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.InboundConfirmer;
import dev.consent.spi.QuarantineStore;
import dev.consent.spi.ReviewStore;
import dev.consent.spi.SmsCarrier;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: wires a store, a carrier, the purposes and their notices, and a clock, and hands
 * out the four services. One kit serves one tenant (brand); several kits may share one store.
 *
 * <pre>{@code
 * ConsentKit kit = ConsentKit.builder()
 *     .store(new InMemoryConsentStore())        // or JdbcConsentStore.builder(dataSource).keys(kms).build()
 *     .carrier(new RecordingCarrier())          // or TwilioCarrier / VonageCarrier
 *     .purposes(marketing, orderUpdates)
 *     .notices(marketingNoticeV1)
 *     .clock(Clock.systemUTC())
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe after {@link Builder#build()}.
 *
 * @since 0.1
 */
public final class ConsentKit {
  private static final Logger LOG = LoggerFactory.getLogger(ConsentKit.class);

  /** The tenant used when the host serves a single brand. */
  public static final String DEFAULT_TENANT = "default";

  /**
   * The default {@link Builder#clockSkewTolerance}: 5 minutes, the largest disagreement between the
   * clocks of the instances that share a store that the ledger's order absorbs (the figure Kerberos
   * uses for the same question). See {@link dev.consent.spi.EventChain#fold}.
   *
   * @since 0.4
   */
  public static final Duration DEFAULT_CLOCK_SKEW_TOLERANCE = dev.consent.spi.EventChain.DEFAULT_SKEW_TOLERANCE;

  private final KitContext context;
  private final ConsentRegistry registry;
  private final DoubleOptInFlow doubleOptIn;
  private final MessageGate gate;
  private final InboundHandler inbound;
  private final ReviewQueue reviews;
  private final RetentionPolicy retentionPolicy;
  private final DefaultRetention retention;
  private final Duration clockSkewTolerance;
  private final ChainCheckpoints checkpoints;
  private final dev.consent.feed.@Nullable ChangeFeed changeFeed;

  private ConsentKit(KitContext context, @Nullable DataController controller, RetentionPolicy retentionPolicy,
      Quarantine quarantine, InboundSettings inboundSettings, Duration clockSkewTolerance, ReviewStore reviewStore,
      ReviewSettings reviewSettings, Checkpoints checkpoints, dev.consent.feed.@Nullable ChangeFeed changeFeed,
      Observer observer, dev.consent.spi.@Nullable DeferralStore deferralStore) {
    this.context = context;
    this.retentionPolicy = retentionPolicy;
    this.clockSkewTolerance = clockSkewTolerance;
    RequestValidator validator = new RequestValidator();
    LedgerWriter ledger = new LedgerWriter(context, clockSkewTolerance, observer);
    CarrierReports carrierReports = new CarrierReports(context, ledger);
    SystemReplies replies = new SystemReplies(context, carrierReports);
    DefaultRegistry reg = new DefaultRegistry(context, validator, ledger, controller, checkpoints);
    this.checkpoints = checkpoints;
    this.changeFeed = changeFeed;
    this.registry = reg;
    DefaultDoubleOptIn optIn = new DefaultDoubleOptIn(context, validator, ledger, carrierReports, replies);
    this.doubleOptIn = optIn;
    this.gate = new DefaultGate(context, carrierReports, observer, deferralStore);
    Reviews queue = new Reviews(context, ledger, optIn, reviewStore, reviewSettings);
    reg.eraseReviewsIn(reviewStore);
    reg.eraseDeferredIn(deferralStore);
    this.reviews = queue;
    this.inbound = new DefaultInbound(context, ledger, carrierReports, replies, optIn, quarantine, inboundSettings,
        queue, observer);
    this.retention = new DefaultRetention(context, ledger, retentionPolicy, reviewStore);
  }

  public static Builder builder() {
    return new Builder();
  }

  public ConsentRegistry registry() {
    return registry;
  }

  public DoubleOptInFlow doubleOptIn() {
    return doubleOptIn;
  }

  public MessageGate gate() {
    return gate;
  }

  public InboundHandler inbound() {
    return inbound;
  }

  /**
   * The change feed: every change of consent or suppression, delivered to the host's subscribers at
   * least once and in order per number ({@link Builder#changeFeed}).
   *
   * @throws ConfigurationException if the kit was built without the change feed
   * @since 0.5
   */
  public dev.consent.feed.ChangeFeed changeFeed() {
    if (changeFeed == null) {
      throw new ConfigurationException("the change feed is off: build the kit with ConsentKit.Builder.changeFeed(..)");
    }
    return changeFeed;
  }

  /**
   * Signed checkpoints of the chain heads, so that {@link ConsentRegistry#verify()} catches a chain
   * rebuilt by someone who can write the database ({@link Builder#checkpointKeys}).
   *
   * @since 0.5
   */
  public ChainCheckpoints checkpoints() {
    return checkpoints;
  }

  /**
   * The review queue of unclear replies: list, resolve, apply deadlines, watch the oldest open item's age.
   *
   * @since 0.5
   */
  public ReviewQueue reviews() {
    return reviews;
  }

  public String tenant() {
    return context.tenant();
  }

  /** The configured purpose with this id. */
  public Purpose purpose(String id) {
    return context.purpose(id);
  }

  public List<Purpose> purposes() {
    return List.copyOf(context.purposes().values());
  }

  /**
   * The clock-skew tolerance this kit records on every event (see {@link
   * Builder#clockSkewTolerance}).
   *
   * @since 0.4
   */
  public Duration clockSkewTolerance() {
    return clockSkewTolerance;
  }

  /** The policy book the gate applies. */
  public PolicyBook policies() {
    return context.policies();
  }

  /**
   * The retention periods {@link #applyRetention()} applies.
   *
   * @since 0.3
   */
  public RetentionPolicy retention() {
    return retentionPolicy;
  }

  /**
   * Deletes or anonymises, in this kit's tenant, one bounded batch ({@link
   * RetentionPolicy#batchSize()}) of every {@linkplain RecordType kind of record} whose retention
   * period has run out, with cut-offs computed from the kit's clock, and says what it did. Call it
   * from a scheduler (e.g. nightly) and again while {@link RetentionReport#moreDue()}.
   *
   * <p>What it never does: touch a consent in force (GRANTED, including one past its validity, or
   * PENDING), delete or lift a suppression (opt-outs and the keyed hash an erasure left are kept for
   * good), or delete a ledger event. An ended consent (WITHDRAWN or EXPIRED) past its purpose's proof
   * period is anonymised like an erasure: an {@code ERASED} event is appended for the purpose and its
   * events lose the number and evidence values while digests and hashes stay, so {@link
   * ConsentRegistry#verify()} still passes and the gate keeps denying the purpose. No suppression is
   * added, so the person may opt in again. Idempotent: a run that finds nothing due changes nothing,
   * and a run interrupted by a {@link ConsentStoreException} is completed by the next.
   *
   * @throws ConsentStoreException if the store fails (what was done before stays done)
   * @since 0.3
   */
  public RetentionReport applyRetention() {
    return retention.apply();
  }

  /**
   * Builds a {@link ConsentKit}. {@link #build()} fails with {@link ConfigurationException} when
   * the store, carrier, clock or purposes are missing, or notices and purposes do not match: an
   * unconfigured kit must never mean "send anyway". Not thread-safe.
   */
  public static final class Builder {
    private String tenant = DEFAULT_TENANT;
    private @Nullable ConsentStore store;
    private @Nullable SmsCarrier carrier;
    private @Nullable Clock clock;
    private final List<Purpose> purposes = new ArrayList<>();
    private final List<Notice> notices = new ArrayList<>();
    private PolicyBook policies = PolicyBook.defaults();
    private KeywordClassifier keywords = KeywordClassifier.defaults();
    private ReplyTemplates replies = ReplyTemplates.defaults();
    private OptInSettings optIn = OptInSettings.defaults();
    private @Nullable DataController controller;
    private RetentionPolicy retention = RetentionPolicy.defaults();
    private InboundSettings inboundSettings = InboundSettings.defaults();
    private final List<InboundConfirmer> confirmers = new ArrayList<>();
    private @Nullable QuarantineStore quarantineStore;
    private @Nullable ReviewStore reviewStore;
    private dev.consent.spi.@Nullable DeferralStore deferralStore;
    private ReviewSettings reviewSettings = ReviewSettings.fcc();
    private @Nullable Consumer<InboundAlarm> onInboundAlarm;
    private @Nullable Consumer<KitObservation> observer;
    private Duration clockSkewTolerance = DEFAULT_CLOCK_SKEW_TOLERANCE;
    private @Nullable CheckpointStore checkpointStore;
    private dev.consent.receipt.@Nullable ReceiptSigner checkpointSigner;
    private @Nullable PublicKey checkpointKey;
    private dev.consent.feed.@Nullable FeedSettings feedSettings;
    private dev.consent.spi.@Nullable ChangeFeedStore feedStore;

    private Builder() {}

    /**
     * The key pair that signs and checks checkpoints of the chain heads ({@link #checkpoints()}):
     * Ed25519 (or P-256), held outside the consent database (a KMS, an HSM, a secret store); {@code
     * keyId} names it in each checkpoint's JWS header.
     *
     * @throws ConfigurationException for another kind of key, or a private and public key that do not match
     * @since 0.5
     */
    public Builder checkpointKeys(KeyPair keys, String keyId) {
      if (keys == null || keys.getPrivate() == null || keys.getPublic() == null) {
        throw new ConfigurationException("checkpoint keys need a private and a public key");
      }
      try {
        dev.consent.receipt.ReceiptSigner signer = dev.consent.receipt.ReceiptSigner.of(keys.getPrivate(), keyId);
        String probe = signer.sign(new byte[] {0});
        if (!dev.consent.receipt.ReceiptVerifier.of(keys.getPublic()).verify(probe).isValid()) {
          throw new ConfigurationException("the checkpoint private and public keys are not one pair");
        }
        this.checkpointSigner = signer;
        this.checkpointKey = keys.getPublic();
      } catch (InvalidInputException e) {
        throw new ConfigurationException("checkpoint keys: " + e.getMessage(), e);
      }
      return this;
    }

    /**
     * Only the public key, for a kit that checks checkpoints but does not make them (an auditor's).
     *
     * @since 0.5
     */
    public Builder checkpointVerifier(PublicKey key) {
      try {
        dev.consent.receipt.ReceiptVerifier.of(key);
      } catch (InvalidInputException e) {
        throw new ConfigurationException("checkpoint key: " + e.getMessage(), e);
      }
      this.checkpointKey = key;
      return this;
    }

    /**
     * Turns the change feed on: from then on every write of consent or suppression stores its {@link
     * dev.consent.feed.ConsentChange} in the same transaction, and {@link #changeFeed()} delivers them.
     * The store must implement {@link dev.consent.spi.ChangeFeedStore} (the in-memory and JDBC stores
     * do), or give one with {@link #changeFeedStore}. Every instance sharing the store should turn it
     * on: an instance without it writes no changes.
     *
     * @since 0.5
     */
    public Builder changeFeed(dev.consent.feed.FeedSettings settings) {
      this.feedSettings = settings;
      return this;
    }

    /** Where the change feed's rows live, when the store does not keep them itself. */
    public Builder changeFeedStore(dev.consent.spi.ChangeFeedStore value) {
      this.feedStore = value;
      return this;
    }

    /**
     * Where checkpoints are kept. Default: the store, when it implements {@link CheckpointStore} (the
     * in-memory and JDBC stores do).
     *
     * @since 0.5
     */
    public Builder checkpointStore(CheckpointStore value) {
      this.checkpointStore = value;
      return this;
    }

    /**
     * Limits of inbound handling: quarantine budgets, confirmation back-off and maximum age, the
     * alarm's threshold and window, HELP replies per number (default {@link InboundSettings#defaults()}).
     *
     * @since 0.4
     */
    public Builder inbound(InboundSettings value) {
      this.inboundSettings = value;
      return this;
    }

    /**
     * What confirms unverified inbound messages with each carrier's API, one per carrier name.
     * Without any, a carrier that implements {@link InboundConfirmer} itself confirms its messages;
     * with none at all, unverified messages stay in quarantine until they expire and {@link
     * InboundHandler#health()} says confirmation is impossible.
     *
     * @since 0.4
     */
    public Builder inboundConfirmers(InboundConfirmer... values) {
      confirmers.addAll(List.of(values));
      return this;
    }

    /**
     * Where the review queue keeps unclear replies. Default: the store, when it implements {@link
     * ReviewStore} (the in-memory and JDBC stores do); otherwise a queue in memory (a warning is logged).
     *
     * @since 0.5
     */
    public Builder reviewStore(ReviewStore value) {
      this.reviewStore = value;
      return this;
    }

    /**
     * Where {@link MessageGate#sendOrDefer} holds messages. Default: the store, when it implements
     * {@link dev.consent.spi.DeferralStore} (the in-memory and JDBC stores do); otherwise none, and
     * holding a message throws {@link UnsupportedOperationException}.
     *
     * @since 0.5
     */
    public Builder deferralStore(dev.consent.spi.DeferralStore value) {
      this.deferralStore = value;
      return this;
    }

    /** The review queue's deadline rule (default {@link ReviewSettings#fcc()}: 10 business days, fail closed). */
    public Builder reviews(ReviewSettings value) {
      this.reviewSettings = value;
      return this;
    }

    /**
     * Where unverified inbound messages wait for confirmation. Default: the store, when it
     * implements {@link QuarantineStore} (the in-memory and JDBC stores do); otherwise a quarantine
     * in memory that does not survive the process (logged as a warning at build).
     *
     * @since 0.4
     */
    public Builder quarantineStore(QuarantineStore value) {
      this.quarantineStore = value;
      return this;
    }

    /**
     * Called (on the thread that handled the message) when a burst of unverified inbound raises the
     * alarm, once per alarm window and carrier, besides the ERROR log. It should return quickly and
     * not throw (a failure is logged and ignored).
     *
     * @since 0.4
     */
    public Builder onInboundAlarm(Consumer<InboundAlarm> callback) {
      this.onInboundAlarm = callback;
      return this;
    }

    /**
     * Called after each gate check, inbound message and ledger append with what happened and how long
     * it took ({@link KitObservation}), for the host's metrics; e.g. the Spring Boot starter records
     * Micrometer meters from it. Called on the thread that did the work: it should return quickly and
     * not throw (a failure is logged and ignored). Without one, nothing is measured.
     *
     * @since 0.5
     */
    public Builder observer(Consumer<KitObservation> callback) {
      this.observer = callback;
      return this;
    }

    /**
     * The controller named on consent receipts (optional; without it {@link ConsentRegistry#receipt}
     * throws {@link ConfigurationException} and exports carry no receipts).
     *
     * @since 0.3
     */
    public Builder controller(DataController value) {
      this.controller = value;
      return this;
    }

    /** The brand or client this kit works for (default {@value ConsentKit#DEFAULT_TENANT}). */
    public Builder tenant(String value) {
      this.tenant = value;
      return this;
    }

    public Builder store(ConsentStore value) {
      this.store = value;
      return this;
    }

    public Builder carrier(SmsCarrier value) {
      this.carrier = value;
      return this;
    }

    /** The clock every decision and record uses; {@code Clock.systemUTC()} in production. */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    public Builder purposes(Purpose... values) {
      purposes.addAll(List.of(values));
      return this;
    }

    /** The notices shown when asking consent; each consent-based purpose needs at least one. */
    public Builder notices(Notice... values) {
      notices.addAll(List.of(values));
      return this;
    }

    /** Jurisdiction rules (default: the bundled {@link PolicyBook#defaults()}). */
    public Builder policies(PolicyBook value) {
      this.policies = value;
      return this;
    }

    /** Keyword sets (default: the bundled {@link KeywordClassifier#defaults()}). */
    public Builder keywords(KeywordClassifier value) {
      this.keywords = value;
      return this;
    }

    /** Reply texts (default: the bundled {@link ReplyTemplates#defaults()}). */
    public Builder replies(ReplyTemplates value) {
      this.replies = value;
      return this;
    }

    public Builder optIn(OptInSettings value) {
      this.optIn = value;
      return this;
    }

    /**
     * Retention periods for {@link ConsentKit#applyRetention()} (default: {@link
     * RetentionPolicy#defaults()}). {@link #build()} refuses a proof period for an unknown purpose
     * and rate-limit hits kept shorter than a rate-limit window (the opt-in window; 30 days for clarifying replies).
     *
     * @since 0.3
     */
    public Builder retention(RetentionPolicy value) {
      this.retention = value;
      return this;
    }

    /**
     * How far apart the clocks of the instances that share the store may be (default {@link
     * #DEFAULT_CLOCK_SKEW_TOLERANCE}). Each event records it, and the ledger orders a withdrawal and a
     * grant by their times only when they are more than this apart: a grant that is not clearly later
     * than a withdrawal (or erasure, or the expiry of a consent) never undoes it, and a withdrawal
     * undoes every grant that is not clearly later than it. Set it to at least the largest difference
     * between any two instances' clocks (twice the largest error of one clock against true time). A
     * larger value costs only this: a person who opts back in within that long of opting out stays
     * opted out (the handler says so; nothing is sent).
     *
     * @throws ConfigurationException for a negative duration or one longer than a day
     * @since 0.4
     */
    public Builder clockSkewTolerance(Duration value) {
      if (value == null || value.isNegative() || value.compareTo(Duration.ofDays(1)) > 0) {
        throw new ConfigurationException("clock skew tolerance must be between zero and one day");
      }
      this.clockSkewTolerance = value;
      return this;
    }

    /**
     * Checks the configuration and builds the kit. Does no I/O: a notice is stored when an event
     * first references it.
     */
    public ConsentKit build() {
      dev.consent.internal.JacksonCheck.verify();
      requireSet(store, "store");
      requireSet(carrier, "carrier");
      requireSet(clock, "clock (use Clock.systemUTC() in production)");
      requireSet(reviewSettings, "review settings");
      requireSet(policies, "policies");
      requireSet(keywords, "keywords");
      requireSet(replies, "replies");
      requireSet(optIn, "opt-in settings");
      requireSet(retention, "retention policy");
      try {
        dev.consent.internal.base.Checks.id(tenant, "tenant");
      } catch (InvalidInputException e) {
        throw new ConfigurationException(e.getMessage(), e);
      }
      if (purposes.isEmpty()) {
        throw new ConfigurationException("at least one purpose is required");
      }
      Set<String> ids = new HashSet<>();
      for (Purpose p : purposes) {
        if (!ids.add(p.id())) {
          throw new ConfigurationException("purpose '" + p.id() + "' is configured twice");
        }
      }
      checkPrograms();
      checkNotices(ids);
      checkRetention(ids);
      requireSet(inboundSettings, "inbound settings");
      Map<String, InboundConfirmer> byCarrier = confirmers();
      KitContext context = KitContext.of(tenant, store, carrier, clock, purposes, notices, policies, keywords, replies,
          optIn);
      dev.consent.feed.ChangeFeed feed = null;
      if (feedSettings != null) {
        dev.consent.spi.ChangeFeedStore fs = givenOrOwn(store, feedStore, dev.consent.spi.ChangeFeedStore.class);
        if (fs == null) {
          throw new ConfigurationException("the change feed needs a store that implements ChangeFeedStore"
              + " (the in-memory and JDBC stores do), or changeFeedStore(..)");
        }
        context = context.withWrites(new dev.consent.internal.Writes(store, fs, clock));
        feed = new dev.consent.internal.FeedRelay(context, fs, feedSettings);
      }
      QuarantineStore quarantined = ownOrInMemory(store, quarantineStore, QuarantineStore.class,
          "unverified inbound waits for confirmation in memory and is lost when the process stops");
      ReviewStore reviews = ownOrInMemory(store, reviewStore, ReviewStore.class,
          "unclear replies wait for review in memory and are lost when the process stops");
      Quarantine quarantine = new Quarantine(context, quarantined, byCarrier, inboundSettings, onInboundAlarm);
      Checkpoints checkpoints = new Checkpoints(context, givenOrOwn(store, checkpointStore, CheckpointStore.class),
          checkpointSigner, checkpointKey);
      return new ConsentKit(context, controller, retention, quarantine, inboundSettings, clockSkewTolerance,
          reviews, reviewSettings, checkpoints, feed, Observer.of(observer),
          givenOrOwn(store, deferralStore, dev.consent.spi.DeferralStore.class));
    }

    /** The store given for {@code spi}, else the consent store when it implements it, else none. */
    private static <T> @Nullable T givenOrOwn(ConsentStore store, @Nullable T given, Class<T> spi) {
      if (given != null) {
        return given;
      }
      return spi.isInstance(store) ? spi.cast(store) : null;
    }

    /**
     * {@link #givenOrOwn}, else one in memory, whose loss when the process stops is logged as a
     * warning.
     */
    private static <T> T ownOrInMemory(ConsentStore store, @Nullable T given, Class<T> spi, String loss) {
      T chosen = givenOrOwn(store, given, spi);
      if (chosen != null) {
        return chosen;
      }
      LOG.warn("the consent store does not implement {}: {}", spi.getSimpleName(), loss);
      return spi.cast(new InMemoryConsentStore());
    }

    private Map<String, InboundConfirmer> confirmers() {
      List<InboundConfirmer> given = new ArrayList<>(confirmers);
      if (given.isEmpty() && carrier instanceof InboundConfirmer own) {
        given.add(own);
      }
      Map<String, InboundConfirmer> byCarrier = new LinkedHashMap<>();
      for (InboundConfirmer c : given) {
        requireSet(c, "inbound confirmer");
        if (byCarrier.putIfAbsent(c.name(), c) != null) {
          throw new ConfigurationException("two inbound confirmers for carrier '" + c.name() + "'");
        }
      }
      return byCarrier;
    }


    private void checkRetention(Set<String> ids) {
      for (String id : retention.proofsByPurpose().keySet()) {
        if (!ids.contains(id)) {
          throw new ConfigurationException("retention of proofs for unknown purpose '" + id + "'");
        }
      }
      if (retention.rateLimitHits().compareTo(optIn.window()) < 0
          || retention.rateLimitHits().compareTo(InboundSettings.CLARIFY_ONCE_PER) < 0
          || retention.rateLimitHits().compareTo(inboundSettings.helpWindow()) < 0) {
        throw new ConfigurationException("rate-limit hits must be kept at least as long as the longest rate-limit window ("
            + "the opt-in limits' window, the HELP limit's window and " + InboundSettings.CLARIFY_ONCE_PER.toDays()
            + " days)");
      }
    }

    private void checkPrograms() {
      java.util.Map<String, Program> byId = new java.util.HashMap<>();
      for (Purpose p : purposes) {
        Program seen = byId.putIfAbsent(p.program().id(), p.program());
        if (seen != null && !seen.equals(p.program())) {
          throw new ConfigurationException("program '" + p.program().id() + "' is configured twice with different settings");
        }
      }
    }

    private void checkNotices(Set<String> ids) {
      Set<String> seen = new HashSet<>();
      Set<String> covered = new HashSet<>();
      for (Notice n : notices) {
        if (!ids.contains(n.purposeId())) {
          throw new ConfigurationException("notice for unknown purpose '" + n.purposeId() + "'");
        }
        if (!seen.add(KitContext.noticeKey(n.purposeId(), n.version()))) {
          throw new ConfigurationException("notice " + n.purposeId() + "/" + n.version() + " is configured twice");
        }
        covered.add(n.purposeId());
      }
      for (Purpose p : purposes) {
        if (p.requiresConsent() && !covered.contains(p.id())) {
          throw new ConfigurationException("consent-based purpose '" + p.id() + "' needs at least one notice");
        }
      }
    }

    private static void requireSet(@Nullable Object value, String what) {
      if (value == null) {
        throw new ConfigurationException(what + " is required");
      }
    }
  }
}
