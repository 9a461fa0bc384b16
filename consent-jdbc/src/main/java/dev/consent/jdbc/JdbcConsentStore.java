package dev.consent.jdbc;

import dev.consent.ConsentEvent;
import dev.consent.ConsentStatus;
import dev.consent.DeliveryState;
import dev.consent.MessageRecord;
import dev.consent.Notice;
import dev.consent.PendingOptIn;
import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import dev.consent.error.ConfigurationException;
import dev.consent.spi.CampaignReservation;
import dev.consent.spi.CampaignSlot;
import dev.consent.spi.ChainHead;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.ErasedRecords;
import dev.consent.spi.KeyProvider;
import dev.consent.spi.LedgerWrite;
import dev.consent.spi.Pseudonyms;
import dev.consent.spi.PurgeResult;
import dev.consent.spi.QuarantineAdmission;
import dev.consent.spi.QuarantineStore;
import dev.consent.spi.QuarantineSummary;
import dev.consent.spi.QuarantinedInbound;
import dev.consent.spi.RateLimit;
import dev.consent.spi.RecipientStatus;
import dev.consent.spi.SendCap;
import dev.consent.spi.StoredChain;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A durable {@link ConsentStore} on a host-supplied {@link DataSource}: PostgreSQL 15+, MariaDB
 * 10.11+ / MySQL 8, or H2 2.x, detected from the connection's metadata. The library ships no pool
 * and no driver; give it a pooled data source (e.g. HikariCP).
 *
 * <p>Many application instances may share one database: appends for a number lock that number's
 * subject row, so every event is stored once, in order, with an intact hash chain; idempotency keys
 * are a unique constraint per tenant. Any failure is a {@link dev.consent.error.ConsentStoreException} and
 * leaves nothing half written; the store keeps no connection of its own, so it recovers by itself
 * when the database comes back.
 *
 * <p>The schema ships as versioned SQL migrations in the jar ({@link Dialect#migrationLocation()},
 * e.g. {@code db/migration/consent/postgresql/V1__consent.sql}) for Flyway or Liquibase; hosts
 * without a migration tool call {@link #migrate()} at start-up.
 *
 * <pre>{@code
 * JdbcConsentStore store = JdbcConsentStore.builder(dataSource).schema("app").build();
 * store.migrate();
 * ConsentKit kit = ConsentKit.builder().store(store)
 *     // ... carrier, purposes, clock ...
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe and immutable after {@link Builder#build()}.
 *
 * @since 0.1
 */
public final class JdbcConsentStore implements ConsentStore, QuarantineStore, dev.consent.spi.ReviewStore,
    dev.consent.spi.CheckpointStore, dev.consent.spi.ChangeFeedStore, dev.consent.spi.DeferralStore {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JdbcConsentStore.class);
  private final Db db;
  private final Migrator migrator;
  private final Ledger ledger;
  private final LedgerReads reads;
  private final Notices notices;
  private final PendingOptIns pending;
  private final RateLimiter limiter;
  private final Suppressions suppressions;
  private final Recipients recipients;
  private final MessageLog messages;
  private final InboundLog inbound;
  private final Quarantines quarantine;
  private final ReviewItems reviews;
  private final DeferredRows deferrals;
  private final CheckpointRows checkpoints;
  private final ChangeRows changes;
  private final Subjects subjects;
  private final Erasure erasure;
  private final DataKeys dataKeys;
  private final Encryption encryption;
  private final Retention retention;
  private final Pseudonyms pseudonyms;

  private JdbcConsentStore(DataSource dataSource, Dialect dialect, Tables tables, @Nullable KeyProvider keys,
      @Nullable Executor readExecutor, int readParts, long sealLimit) {
    Json json = new Json();
    db = new Db(dataSource, dialect);
    KeyProvider provider = keys != null ? keys : new DatabaseKeys(db, tables);
    dataKeys = new DataKeys(db, tables, provider, sealLimit);
    Fields fields = new Fields(dataKeys);
    pseudonyms = new Pseudonyms(provider);
    subjects = new Subjects(db, tables, pseudonyms, fields);
    encryption = new Encryption(db, tables, fields);
    Rows rows = new Rows(db, tables, json, subjects);
    migrator = new Migrator(db, tables, subjects, encryption);
    changes = new ChangeRows(db, tables);
    ledger = new Ledger(db, tables, subjects, rows, changes);
    reads = new LedgerReads(db, tables, rows, subjects);
    erasure = new Erasure(db, tables, subjects);
    inbound = new InboundLog(db, tables, pseudonyms);
    retention = new Retention(db, tables, subjects, inbound);
    notices = new Notices(db, tables);
    pending = new PendingOptIns(db, tables, subjects, json);
    limiter = new RateLimiter(db, tables);
    suppressions = new Suppressions(db, tables, subjects, json, changes);
    recipients = new Recipients(db, tables, subjects, suppressions, readExecutor, readParts);
    messages = new MessageLog(db, tables, subjects);
    quarantine = new Quarantines(db, tables);
    reviews = new ReviewItems(db, tables, fields);
    deferrals = new DeferredRows(db, tables, fields);
    checkpoints = new CheckpointRows(db, tables);
    db.beforeFirstUse(c -> {
      subjects.backfill(c);
      return encryption.backfill(c);
    });
  }

  /**
   * A store with the default table prefix {@code consent_} in the connection's default schema and
   * its keys held in the same database ({@link Builder#keysInDatabase()}, which logs a WARN).
   *
   * @deprecated since 0.5: say where the keys live, {@code builder(ds).keys(kmsBackedProvider).build()}
   *     in production or {@code builder(ds).keysInDatabase().build()} in tests and demos
   */
  @Deprecated(since = "0.5")
  public static JdbcConsentStore create(DataSource dataSource) {
    return builder(dataSource).keysInDatabase().build();
  }

  /**
   * A builder to choose where the keys live (required: {@link Builder#keys} or {@link
   * Builder#keysInDatabase}), and the schema, table prefix or dialect.
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** The database this store talks to. */
  public Dialect dialect() {
    return db.dialect;
  }

  /**
   * Brings the schema up to date for hosts without Flyway or Liquibase: idempotent, safe when
   * several instances start at once (database lock), never drops data. Creates the configured
   * schema if it is missing and the user may.
   *
   * <p>Rows written before schema version 2 get their subject reference here, and clear numbers,
   * bodies and evidence written before version 3 are encrypted here in batches and their clear
   * columns emptied (the HMAC and the encryption need the host keys, which SQL migrations do not
   * have); hosts that migrate with Flyway or Liquibase get it done by the store before its first
   * operation.
   *
   * @return the migration scripts applied by this call, e.g. {@code [V1__consent.sql,
   *     V2__privacy.sql, V3__encryption.sql]}; empty when the schema was already current
   * @throws ConfigurationException if the database holds a newer schema than this library knows
   * @throws dev.consent.error.ConsentStoreException if the database fails
   */
  public List<String> migrate() {
    return migrator.migrate();
  }

  /**
   * Starts a new data key for {@code tenant}: this instance seals new values with it at once, other
   * instances within 30 seconds. Values under older keys stay readable; {@link #reencrypt} moves
   * them to the new key while the store keeps serving. Use it on a schedule, or when a data key may
   * have leaked.
   *
   * @return the id of the new data key
   * @throws dev.consent.error.ConsentStoreException if the database or the key provider fails
   * @since 0.3
   */
  public String rotateDataKey(String tenant) {
    return dataKeys.rotate(tenant);
  }

  /**
   * Moves at most {@code batchSize} of {@code tenant}'s encrypted values from older data keys to the
   * current one, each by a compare-and-set, so other threads and instances keep reading and writing
   * meanwhile. Call it until {@link ReencryptResult#complete()}; the call that finds nothing left
   * retires the older keys (they are never current again; their wrapped copies are kept, so a value
   * written late by an instance that had not yet seen the rotation still reads).
   *
   * @throws dev.consent.error.InvalidInputException if {@code batchSize} is below 1
   * @throws dev.consent.error.ConsentStoreException if the database or the key provider fails, or a value
   *     does not decrypt (it was altered)
   * @since 0.3
   */
  public ReencryptResult reencrypt(String tenant, int batchSize) {
    return encryption.reencrypt(tenant, batchSize);
  }

  /**
   * Wraps every data key of {@code tenant} again with the key provider's current key-encryption key
   * (after the host rotated it in its KMS), so the old KEK can be destroyed. Values are not touched.
   *
   * @return how many data keys moved to another KEK
   * @throws dev.consent.error.ConsentStoreException if the database or the key provider fails
   * @since 0.3
   */
  public int rewrapDataKeys(String tenant) {
    return dataKeys.rewrap(tenant);
  }

  /** Column encryption, for tests and audits in this package. */
  DataKeys dataKeys() {
    return dataKeys;
  }

  Encryption encryption() {
    return encryption;
  }

  @Override
  public String subjectRef(String tenant, PhoneNumber number) {
    return subjects.ref(tenant, number);
  }

  @Override
  public String keyedHash(String tenant, String label, String value) {
    return pseudonyms.keyed(tenant, label, value);
  }

  /** {@inheritDoc} One round trip, without a lock. */
  @Override
  public ChainHead head(String tenant, PhoneNumber number, String purposeId) {
    return ledger.head(tenant, number, purposeId);
  }

  /**
   * {@inheritDoc} One statement on PostgreSQL; a short transaction of an update, two inserts and the
   * commit on MariaDB/MySQL and H2 (see the class documentation of the ledger).
   */
  @Override
  public LedgerWrite write(ConsentEvent event, ConsentStatus status) {
    return ledger.write(event, status, null);
  }

  @Override
  public ConsentStatus status(String tenant, PhoneNumber number, String purposeId) {
    return reads.status(tenant, number, purposeId);
  }

  /**
   * {@inheritDoc} One round trip per 5,000 numbers ({@code = ANY} on PostgreSQL, an IN-list on
   * MariaDB/MySQL), per 1,000 on H2.
   */
  @Override
  public Map<PhoneNumber, ConsentStatus> statuses(String tenant, Collection<PhoneNumber> numbers, String purposeId) {
    return reads.statuses(tenant, numbers, purposeId);
  }

  /**
   * {@inheritDoc} One round trip per chunk of numbers (as {@link #statuses(String, Collection,
   * String)}), reading each subject's status and suppressions in one joined statement.
   */
  @Override
  public Map<PhoneNumber, RecipientStatus> recipients(String tenant, Collection<PhoneNumber> numbers,
      String purposeId) {
    return recipients.read(tenant, numbers, purposeId);
  }

  @Override
  public List<ConsentStatus> statuses(String tenant, PhoneNumber number) {
    return reads.statuses(tenant, number);
  }

  @Override
  public List<ConsentEvent> history(String tenant, PhoneNumber number) {
    return reads.history(tenant, number);
  }

  @Override
  public StoredChain chain(String tenant, String subjectRef) {
    return reads.chain(tenant, subjectRef);
  }

  @Override
  public List<String> subjectRefs(String tenant, @Nullable String after, int limit) {
    return reads.subjectRefs(tenant, after, limit);
  }

  @Override
  public Map<String, ChainHead> heads(String tenant, Collection<String> subjectRefs) {
    return checkpoints.chainHeads(tenant, subjectRefs);
  }

  @Override
  public Optional<ConsentEvent> eventByIdempotencyKey(String tenant, String idempotencyKey) {
    return ledger.eventByKey(tenant, idempotencyKey);
  }

  @Override
  public List<PhoneNumber> numbers(String tenant, @Nullable PhoneNumber after, int limit) {
    return reads.numbers(tenant, after, limit);
  }

  @Override
  public void saveNotice(String tenant, Notice notice) {
    notices.save(tenant, notice);
  }

  @Override
  public Optional<Notice> notice(String tenant, String purposeId, String version) {
    return notices.notice(tenant, purposeId, version);
  }

  @Override
  public void createPending(PendingOptIn p) {
    pending.create(p);
  }

  @Override
  public Optional<PendingOptIn> pending(String tenant, String requestId) {
    return pending.find(tenant, requestId);
  }

  @Override
  public List<PendingOptIn> pendingFor(String tenant, PhoneNumber number) {
    return pending.forNumber(tenant, number);
  }

  @Override
  public boolean replacePending(PendingOptIn expected, PendingOptIn updated) {
    return pending.replace(expected, updated);
  }

  @Override
  public List<PendingOptIn> pendingExpiredBy(String tenant, Instant now, int limit) {
    return pending.expiredBy(tenant, now, limit);
  }

  @Override
  public boolean tryAcquire(String tenant, List<RateLimit> limits, Instant now) {
    return limiter.acquire(tenant, limits, now).isEmpty();
  }

  @Override
  public List<RateLimit> acquire(String tenant, List<RateLimit> limits, Instant now) {
    return limiter.acquire(tenant, limits, now);
  }

  @Override
  public void suppress(Suppression suppression) {
    suppressions.suppress(suppression, null);
  }

  @Override
  public boolean lift(String tenant, PhoneNumber number, String scope) {
    return suppressions.lift(tenant, number, scope, null);
  }

  @Override
  public List<Suppression> suppressions(String tenant, PhoneNumber number) {
    return suppressions.of(tenant, number);
  }

  @Override
  public Map<PhoneNumber, List<Suppression>> suppressions(String tenant, Collection<PhoneNumber> numbers) {
    return suppressions.of(tenant, numbers);
  }

  @Override
  public void logMessage(MessageRecord message) {
    messages.log(message);
  }

  @Override
  public boolean reserveSend(MessageRecord message, List<SendCap> caps) {
    return messages.reserve(message, caps);
  }

  @Override
  public List<CampaignReservation> reserveCampaign(String tenant, String campaignId, List<CampaignSlot> slots) {
    return messages.reserveCampaign(tenant, campaignId, slots);
  }

  @Override
  public void confirmSends(String tenant, Map<String, String> carrierMessageIds) {
    messages.confirmAll(tenant, carrierMessageIds);
  }

  @Override
  public void releaseSends(String tenant, Collection<String> messageIds) {
    messages.releaseAll(tenant, messageIds);
  }

  @Override
  public boolean confirmSend(String tenant, String messageId, String carrierMessageId) {
    return messages.confirm(tenant, messageId, carrierMessageId);
  }

  @Override
  public boolean releaseSend(String tenant, String messageId) {
    return messages.release(tenant, messageId);
  }

  @Override
  public Optional<MessageRecord> updateDelivery(
      String tenant, String carrierMessageId, DeliveryState state, @Nullable String errorCode) {
    return messages.updateDelivery(tenant, carrierMessageId, state, errorCode);
  }

  @Override
  public Optional<MessageRecord> messageByCarrierId(String tenant, String carrierMessageId) {
    return messages.byCarrierId(tenant, carrierMessageId);
  }

  @Override
  public List<MessageRecord> messages(String tenant, PhoneNumber number) {
    return messages.messages(tenant, number);
  }

  @Override
  public List<Instant> sendTimes(String tenant, PhoneNumber number, String purposeId, Instant since) {
    return messages.sendTimes(tenant, number, purposeId, since);
  }

  @Override
  public List<Instant> programSendTimes(String tenant, PhoneNumber number, String programId, Instant since) {
    return messages.programSendTimes(tenant, number, programId, since);
  }

  @Override
  public Map<PhoneNumber, Integer> programSendCounts(
      String tenant, Collection<PhoneNumber> numbers, String programId, Instant since) {
    return messages.programSendCounts(tenant, numbers, programId, since);
  }

  @Override
  public Map<PhoneNumber, Integer> sendCounts(
      String tenant, Collection<PhoneNumber> numbers, String purposeId, Instant since) {
    return messages.sendCounts(tenant, numbers, purposeId, since);
  }

  @Override
  public ErasedRecords erase(String tenant, PhoneNumber number, Instant at) {
    return erasure.erase(tenant, number, at);
  }

  /** {@inheritDoc} Each retention purge is one short transaction: select a batch by key, then change those rows. */
  @Override
  public PurgeResult purgeMessageBodies(String tenant, Instant sentBefore, int limit) {
    return retention.messageBodies(tenant, sentBefore, limit);
  }

  @Override
  public PurgeResult purgeMessages(String tenant, Instant sentBefore, int limit) {
    return retention.messages(tenant, sentBefore, limit);
  }

  @Override
  public PurgeResult purgeFinishedOptIns(String tenant, Instant expiredBefore, int limit) {
    return retention.finishedOptIns(tenant, expiredBefore, limit);
  }

  @Override
  public PurgeResult purgeInboundReceipts(String tenant, Instant handledBefore, int limit) {
    return retention.inboundReceipts(tenant, handledBefore, limit);
  }

  @Override
  public PurgeResult purgeRateLimitHits(String tenant, Instant countedBefore, int limit) {
    return retention.rateLimitHits(tenant, countedBefore, limit);
  }

  @Override
  public List<ConsentStatus> endedConsents(String tenant, String purposeId, Instant endedBefore, int limit) {
    return retention.endedConsents(tenant, purposeId, endedBefore, limit);
  }

  @Override
  public int redactEnded(String tenant, PhoneNumber number, String purposeId, long throughSeq) {
    return retention.redactEnded(tenant, number, purposeId, throughSeq);
  }

  @Override
  public boolean inboundHandled(String tenant, String carrier, String messageId) {
    return inbound.handled(tenant, carrier, messageId);
  }

  @Override
  public boolean markInboundHandled(String tenant, String carrier, String messageId, Instant at) {
    return inbound.mark(tenant, carrier, messageId, at);
  }

  // ---- review queue of unclear replies (since 0.5, schema V8): delegated to ReviewItems ----

  @Override
  public boolean enqueueReview(dev.consent.ReviewItem item) {
    return reviews.enqueue(item);
  }

  @Override
  public List<dev.consent.ReviewItem> openReviews(String tenant, @Nullable Instant afterReceivedAt,
      @Nullable String afterId, int limit) {
    return reviews.open(tenant, afterReceivedAt, afterId, limit);
  }

  @Override
  public Optional<dev.consent.ReviewItem> reviewItem(String tenant, String id) {
    return reviews.item(tenant, id);
  }

  @Override
  public List<dev.consent.ReviewItem> openReviewsOf(String tenant, String subjectRef, String sender) {
    return reviews.openOf(tenant, subjectRef, sender);
  }

  @Override
  public boolean resolveReview(String tenant, String id, dev.consent.ReviewResolution resolution) {
    return reviews.resolve(tenant, id, resolution);
  }

  @Override
  public List<dev.consent.ReviewItem> overdueReviews(String tenant, Instant now, int limit) {
    return reviews.overdue(tenant, now, limit);
  }

  @Override
  public dev.consent.spi.PurgeResult purgeResolved(String tenant, Instant resolvedBefore, int limit) {
    return reviews.purgeResolved(tenant, resolvedBefore, limit);
  }

  @Override
  public int eraseReviews(String tenant, String subjectRef) {
    return reviews.erase(tenant, subjectRef);
  }

  @Override
  public dev.consent.spi.ReviewSummary reviewSummary(String tenant) {
    return reviews.summary(tenant);
  }

  // ---- deferred messages (since 0.5, schema V14): delegated to DeferredRows ----

  @Override
  public boolean defer(dev.consent.DeferredMessage message) {
    return deferrals.defer(message);
  }

  @Override
  public List<dev.consent.DeferredMessage> claimDue(String tenant, Instant now, Instant claimUntil, int limit) {
    return deferrals.claimDue(tenant, now, claimUntil, limit);
  }

  @Override
  public boolean redefer(String tenant, String id, Instant releaseAt) {
    return deferrals.redefer(tenant, id, releaseAt);
  }

  @Override
  public boolean removeDeferred(String tenant, String id) {
    return deferrals.remove(tenant, id);
  }

  @Override
  public List<dev.consent.DeferredMessage> deferredOf(String tenant, String subjectRef) {
    return deferrals.of(tenant, subjectRef);
  }

  @Override
  public int eraseDeferred(String tenant, String subjectRef) {
    return deferrals.erase(tenant, subjectRef);
  }

  // ---- quarantine of unverified inbound (since 0.4, schema V6) ----

  @Override
  public QuarantineAdmission quarantine(QuarantinedInbound item, int maxPerTenant, int maxPerSender) {
    return quarantine.add(item, maxPerTenant, maxPerSender);
  }

  @Override
  public List<QuarantinedInbound> dueForConfirmation(String tenant, Instant now, int limit) {
    return quarantine.due(tenant, now, limit);
  }

  @Override
  public boolean reschedule(String tenant, String carrier, String messageId, int attempts, Instant nextAttemptAt) {
    return quarantine.reschedule(tenant, carrier, messageId, attempts, nextAttemptAt);
  }

  @Override
  public boolean release(String tenant, String carrier, String messageId) {
    return quarantine.release(tenant, carrier, messageId);
  }

  @Override
  public QuarantineSummary quarantineSummary(String tenant) {
    return quarantine.summary(tenant);
  }

  /**
   * Configures a {@link JdbcConsentStore}. Not thread-safe; the store it builds is.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final DataSource dataSource;
    private String prefix = Tables.DEFAULT_PREFIX;
    private @Nullable String schema;
    private @Nullable Dialect dialect;
    private @Nullable KeyProvider keys;
    private boolean keysInDatabase;
    private @Nullable Executor readExecutor;
    private int readParts = 1;
    private long sealLimit = DataKeys.DEFAULT_SEAL_LIMIT;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * The prefix of every table, index and constraint name: 1-30 characters of {@code a-z 0-9 _}
     * starting with a letter. Default {@code consent_}, which is what the shipped Flyway/Liquibase
     * files use; another prefix needs {@link JdbcConsentStore#migrate()}.
     */
    public Builder tablePrefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /**
     * The schema (a database on MariaDB/MySQL) holding the tables, unquoted. Default: the
     * connection's current schema.
     */
    public Builder schema(String schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /**
     * Skips detection: lets {@link #build()} succeed while the database is unreachable. Default:
     * detected from the connection's metadata at {@link #build()}.
     */
    public Builder dialect(Dialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /**
     * The host's keys (a KMS or vault behind {@link KeyProvider}). Every record of a number is found
     * by an HMAC of the number under {@link KeyProvider#pseudonymKey}; after erasure that HMAC is all
     * that is left of the number. Numbers, message bodies and evidence are stored AES-256-GCM
     * encrypted under per-tenant data keys that the store keeps only {@linkplain
     * KeyProvider#wrapDataKey wrapped} by the provider. The alternative, {@link #keysInDatabase()}, keeps them in the database
     * itself: set this one in production. Never change the pseudonym key of a tenant that has records.
     *
     * @since 0.2
     */
    public Builder keys(KeyProvider keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
      this.keysInDatabase = false;
      return this;
    }

    /**
     * Keeps the keys in the store's own {@code key} table, generated on first use: the pseudonym key
     * in clear and the data keys wrapped by a key-encryption key stored beside them. Anyone who can
     * read the database can then decrypt what is stored and test guessed numbers against erased
     * records, so the store logs a WARN when it is built. For tests, demos and development; use
     * {@link #keys} in production. The later of the two calls wins.
     *
     * @since 0.5
     */
    public Builder keysInDatabase() {
      this.keysInDatabase = true;
      this.keys = null;
      return this;
    }

    /**
     * Lets a campaign check ({@link #recipients}, which {@code MessageGate.checkAll} uses) read on
     * up to {@code parts} connections at once: the numbers are split into that many parts, one read
     * on the calling thread and the others as tasks on {@code executor}, each holding one pool
     * connection while it runs (size the pool for it). Any part failing fails the whole read with
     * {@link dev.consent.error.ConsentStoreException}, after every part has finished. On a database with
     * spare cores this cuts a large campaign's wall time about by the number of parts. Default: one
     * part, on the calling thread; the store never starts threads of its own.
     *
     * @param executor runs the parts beyond the first (e.g. a fixed pool of {@code parts - 1} threads)
     * @param parts 1 to 16
     * @throws ConfigurationException for a number of parts outside 1-16
     * @since 0.3
     */
    public Builder parallelReads(Executor executor, int parts) {
      if (parts < 1 || parts > 16) {
        throw new ConfigurationException("parallel reads need 1 to 16 parts");
      }
      this.readExecutor = Objects.requireNonNull(executor, "executor");
      this.readParts = parts;
      return this;
    }

    /**
     * After how many sealed values a tenant's data key is rotated by itself (default 2^31: AES-GCM
     * with random nonces is safe for about 2^32 under one key, NIST SP 800-38D 8.3). Instances add
     * their counts to the key's row every few hundred seals; the first to see the limit reached starts
     * a new key. A full key needs no re-encryption: it keeps decrypting what it sealed and seals
     * nothing more.
     *
     * @param seals 100 to 2^31
     * @throws ConfigurationException outside that range
     * @since 0.5
     */
    public Builder rotateDataKeysAfter(long seals) {
      if (seals < 100 || seals > DataKeys.DEFAULT_SEAL_LIMIT) {
        throw new ConfigurationException("data keys rotate after 100 to 2^31 sealed values");
      }
      this.sealLimit = seals;
      return this;
    }

    /**
     * Builds the store; without an explicit {@link #dialect}, opens one connection to detect it.
     *
     * @throws ConfigurationException for a bad prefix or schema name or an unsupported database
     * @throws dev.consent.error.ConsentStoreException if detection cannot reach the database
     */
    public JdbcConsentStore build() {
      if (keys == null && !keysInDatabase) {
        throw new ConfigurationException("JdbcConsentStore: choose where the keys live: keys(KeyProvider) in production"
            + " (a KMS or vault holds the pseudonym key and wraps the data keys), or keysInDatabase() for tests and"
            + " demos (both kept in clear in the same database)");
      }
      if (keysInDatabase) {
        log.warn("consent store: keys are held in the database itself (keysInDatabase()): whoever can read it can"
            + " decrypt the stored numbers, bodies and evidence and test guessed numbers against erased records;"
            + " use keys(KeyProvider) backed by a KMS or vault in production");
      }
      Tables tables = new Tables(schema, prefix);
      return new JdbcConsentStore(dataSource, dialect != null ? dialect : detect(dataSource), tables, keys,
          readExecutor, readParts, sealLimit);
    }

    private static Dialect detect(DataSource dataSource) {
      try (Connection c = dataSource.getConnection()) {
        return Dialect.detect(c.getMetaData());
      } catch (SQLException e) {
        throw Db.failure("detecting the database", e);
      }
    }
  }

  // ---- signed checkpoints of the chain heads (since 0.5) ----

  @Override
  public Optional<dev.consent.receipt.ChainCheckpoint> latestCheckpoint(String tenant) {
    return checkpoints.latest(tenant);
  }

  @Override
  public List<dev.consent.receipt.ChainCheckpoint> checkpoints(String tenant, long after, int limit) {
    return checkpoints.list(tenant, after, limit);
  }

  @Override
  public Map<String, dev.consent.spi.AnchoredHead> anchoredHeads(String tenant, Collection<String> subjectRefs) {
    return checkpoints.anchored(tenant, subjectRefs);
  }

  @Override
  public List<dev.consent.spi.AnchoredHead> checkpointHeads(String tenant, long checkpoint, @Nullable String after,
      int limit) {
    return checkpoints.heads(tenant, checkpoint, after, limit);
  }

  @Override
  public boolean saveCheckpoint(dev.consent.receipt.ChainCheckpoint checkpoint,
      List<dev.consent.spi.AnchoredHead> heads) {
    return checkpoints.save(checkpoint, heads);
  }

  // ---- the change feed (since 0.5): each change in the transaction of its write ----

  @Override
  public LedgerWrite write(ConsentEvent event, ConsentStatus status, dev.consent.feed.ConsentChange change) {
    return ledger.write(event, status, Objects.requireNonNull(change, "change"));
  }

  @Override
  public boolean suppress(Suppression suppression, dev.consent.feed.ConsentChange change) {
    return suppressions.suppress(suppression, Objects.requireNonNull(change, "change"));
  }

  @Override
  public boolean lift(String tenant, PhoneNumber number, String scope, dev.consent.feed.ConsentChange change) {
    return suppressions.lift(tenant, number, scope, Objects.requireNonNull(change, "change"));
  }

  @Override
  public List<dev.consent.feed.ConsentChange> changes(String tenant, long after, int limit) {
    return changes.changes(tenant, after, limit);
  }

  @Override
  public List<dev.consent.feed.ConsentChange> changesAt(String tenant, java.util.Set<Long> positions) {
    return changes.changesAt(tenant, positions);
  }

  @Override
  public java.util.Set<Long> changePositions(long after, long through) {
    return changes.positions(after, through);
  }

  @Override
  public long countChanges(long after, long through) {
    return changes.count(after, through);
  }

  @Override
  public long newestChange(String tenant) {
    return changes.newest(tenant);
  }

  @Override
  public Optional<dev.consent.spi.FeedCursor> feedCursor(String tenant, String subscriber) {
    return changes.cursor(tenant, subscriber);
  }

  @Override
  public List<dev.consent.spi.FeedCursor> feedCursors(String tenant) {
    return changes.cursors(tenant);
  }

  @Override
  public boolean saveFeedCursor(dev.consent.spi.@Nullable FeedCursor expected, dev.consent.spi.FeedCursor next) {
    return changes.save(expected, next);
  }

  @Override
  public PurgeResult purgeChanges(String tenant, long through, int limit) {
    return changes.purge(tenant, through, limit);
  }
}
