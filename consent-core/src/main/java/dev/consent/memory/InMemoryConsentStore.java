package dev.consent.memory;

import dev.consent.ConsentEvent;
import dev.consent.ConsentStatus;
import dev.consent.DeliveryState;
import dev.consent.MessageRecord;
import dev.consent.Notice;
import dev.consent.PendingOptIn;
import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import dev.consent.error.InvalidInputException;
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
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ConsentStore} in memory: for host applications' tests and the demo. It keeps the same
 * rules as the durable stores (the ledger's compare-and-set, idempotency, monotonic delivery states,
 * erasure) and passes the same contract kit. Nothing survives the process.
 *
 * <p>It is a few plain parts, one per narrow SPI, each a class of this package: {@link MemoryLedger}
 * (chains by pseudonymous reference), {@link MemoryMessageLog}, {@link MemoryOptIns}, {@link
 * MemoryNotices}, {@link MemoryRateLimits}, {@link MemoryInboundLog}, {@link MemoryQuarantine},
 * {@link MemoryReviews}, {@link MemoryCheckpoints} and {@link MemoryChanges}; statuses and suppressions, which the gate reads for every message, are in
 * the {@link StatusIndex} (its Javadoc says why it is not a plain map). This class delegates, and
 * runs the two operations that span parts, {@link #erase} and {@link #redactEnded}, under the
 * number's lock. {@link #erase} leaves no number in clear behind.
 *
 * <p>Thread-safe: writes of one number's records take turns on its lock; the gate's reads take none.
 *
 * <pre>{@code
 * ConsentKit kit = ConsentKit.builder().store(new InMemoryConsentStore())
 *     // ... carrier, purposes, clock ...
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class InMemoryConsentStore implements ConsentStore, QuarantineStore, dev.consent.spi.ReviewStore,
    dev.consent.spi.CheckpointStore, dev.consent.spi.ChangeFeedStore, dev.consent.spi.DeferralStore {
  private final Pseudonyms pseudonyms;
  private final NumberLocks locks = new NumberLocks();
  private final StatusIndex index;
  private final MemoryLedger ledger;
  private final MemoryMessageLog messageLog;
  private final MemoryOptIns optIns = new MemoryOptIns();
  private final MemoryNotices notices = new MemoryNotices();
  private final MemoryRateLimits rateLimits = new MemoryRateLimits();
  private final MemoryInboundLog inbound;
  private final MemoryQuarantine quarantine = new MemoryQuarantine();
  private final MemoryReviews reviews = new MemoryReviews();
  private final MemoryDeferrals deferrals = new MemoryDeferrals();
  private final MemoryCheckpoints checkpoints = new MemoryCheckpoints();
  private final MemoryChanges changes = new MemoryChanges();

  /** A store whose subject references use random in-memory keys ({@link InMemoryKeyProvider}). */
  public InMemoryConsentStore() {
    this(new InMemoryKeyProvider());
  }

  /**
   * A store whose subject references use the host's keys.
   *
   * @since 0.2
   */
  public InMemoryConsentStore(KeyProvider keys) {
    this.pseudonyms = new Pseudonyms(keys);
    this.index = new StatusIndex(pseudonyms);
    this.ledger = new MemoryLedger(pseudonyms, locks, index);
    this.messageLog = new MemoryMessageLog(pseudonyms, locks, index);
    this.inbound = new MemoryInboundLog(pseudonyms);
  }

  // ---- ledger ----

  @Override
  public String subjectRef(String tenant, PhoneNumber number) {
    return pseudonyms.of(tenant, number);
  }

  @Override
  public String keyedHash(String tenant, String label, String value) {
    return pseudonyms.keyed(tenant, label, value);
  }

  @Override
  public ChainHead head(String tenant, PhoneNumber number, String purposeId) {
    return ledger.head(tenant, number, purposeId);
  }

  @Override
  public LedgerWrite write(ConsentEvent event, ConsentStatus status) {
    return ledger.write(event, status);
  }

  @Override
  public ConsentStatus status(String tenant, PhoneNumber number, String purposeId) {
    return ledger.status(tenant, number, purposeId);
  }

  /** One probe for both: the gate's read. */
  @Override
  public RecipientStatus recipient(String tenant, PhoneNumber number, String purposeId) {
    return index.recipient(tenant, number, purposeId);
  }

  /** One probe per distinct number, as {@link #recipient}. */
  @Override
  public Map<PhoneNumber, RecipientStatus> recipients(String tenant, Collection<PhoneNumber> nums, String purposeId) {
    Map<PhoneNumber, RecipientStatus> out = new HashMap<>(Math.max(16, nums.size() * 4 / 3 + 1));
    for (PhoneNumber n : nums) {
      if (!out.containsKey(n)) {
        out.put(n, index.recipient(tenant, n, purposeId));
      }
    }
    return out;
  }

  @Override
  public Map<PhoneNumber, ConsentStatus> statuses(String tenant, Collection<PhoneNumber> nums, String purposeId) {
    return ledger.statuses(tenant, nums, purposeId);
  }

  @Override
  public List<ConsentStatus> statuses(String tenant, PhoneNumber number) {
    return ledger.statuses(tenant, number);
  }

  @Override
  public List<ConsentEvent> history(String tenant, PhoneNumber number) {
    return ledger.history(tenant, number);
  }

  @Override
  public StoredChain chain(String tenant, String subjectRef) {
    return ledger.chain(tenant, subjectRef);
  }

  @Override
  public List<String> subjectRefs(String tenant, @Nullable String after, int limit) {
    return ledger.subjectRefs(tenant, after, limit);
  }

  @Override
  public Optional<ConsentEvent> eventByIdempotencyKey(String tenant, String idempotencyKey) {
    return ledger.eventByIdempotencyKey(tenant, idempotencyKey);
  }

  @Override
  public List<PhoneNumber> numbers(String tenant, @Nullable PhoneNumber after, int limit) {
    return ledger.numbers(tenant, after, limit);
  }

  @Override
  public List<ConsentStatus> endedConsents(String tenant, String purposeId, Instant endedBefore, int limit) {
    return ledger.endedConsents(tenant, purposeId, endedBefore, limit);
  }

  /**
   * Redacts the ended consent's events; then, when nothing of the subject holds the number any more
   * (every event redacted, no message, no pending opt-in, every status ERASED), forgets the number.
   */
  @Override
  public int redactEnded(String tenant, PhoneNumber number, String purposeId, long throughSeq) {
    String ref = subjectRef(tenant, number);
    synchronized (locks.of(tenant, ref)) {
      if (ledger.chain(tenant, ref).events().isEmpty()) {
        return 0;
      }
      int redacted = ledger.redactEnded(tenant, ref, purposeId, throughSeq);
      boolean holdsNothing = MemoryLedger.allErased(index.statusesLocked(tenant, number, ref))
          && !optIns.holds(tenant, number) && ledger.allRedacted(tenant, ref) && !messageLog.holds(tenant, ref);
      if (holdsNothing) {
        index.forget(tenant, number, ref);
        ledger.forgetNumber(tenant, number);
      }
      return redacted;
    }
  }

  // ---- notices, opt-ins, rate limits, inbound receipts ----

  @Override
  public void saveNotice(String tenant, Notice notice) {
    notices.saveNotice(tenant, notice);
  }

  @Override
  public Optional<Notice> notice(String tenant, String purposeId, String version) {
    return notices.notice(tenant, purposeId, version);
  }

  @Override
  public void createPending(PendingOptIn p) {
    optIns.createPending(p);
  }

  @Override
  public Optional<PendingOptIn> pending(String tenant, String requestId) {
    return optIns.pending(tenant, requestId);
  }

  @Override
  public List<PendingOptIn> pendingFor(String tenant, PhoneNumber number) {
    return optIns.pendingFor(tenant, number);
  }

  @Override
  public boolean replacePending(PendingOptIn expected, PendingOptIn updated) {
    return optIns.replacePending(expected, updated);
  }

  @Override
  public List<PendingOptIn> pendingExpiredBy(String tenant, Instant now, int limit) {
    return optIns.pendingExpiredBy(tenant, now, limit);
  }

  @Override
  public boolean tryAcquire(String tenant, List<RateLimit> limits, Instant now) {
    return rateLimits.tryAcquire(tenant, limits, now);
  }

  @Override
  public List<RateLimit> acquire(String tenant, List<RateLimit> limits, Instant now) {
    return rateLimits.acquire(tenant, limits, now);
  }

  @Override
  public boolean inboundHandled(String tenant, String carrier, String messageId) {
    return inbound.inboundHandled(tenant, carrier, messageId);
  }

  @Override
  public boolean markInboundHandled(String tenant, String carrier, String messageId, Instant at) {
    return inbound.markInboundHandled(tenant, carrier, messageId, at);
  }

  // ---- suppressions (in the status index) ----

  /**
   * Adds a suppression unless one of its scope is held. An erased person's suppression is kept under
   * the reference, without the number (suppressing a number does not bring the person back).
   */
  @Override
  public void suppress(Suppression s) {
    String ref = subjectRef(s.tenant(), s.number());
    synchronized (locks.of(s.tenant(), ref)) {
      index.suppress(s, ref);
    }
  }

  @Override
  public boolean lift(String tenant, PhoneNumber number, String scope) {
    String ref = subjectRef(tenant, number);
    synchronized (locks.of(tenant, ref)) {
      return index.lift(tenant, number, ref, scope);
    }
  }

  @Override
  public List<Suppression> suppressions(String tenant, PhoneNumber number) {
    return index.suppressions(tenant, number);
  }

  @Override
  public Map<PhoneNumber, List<Suppression>> suppressions(String tenant, Collection<PhoneNumber> nums) {
    Map<PhoneNumber, List<Suppression>> out = new HashMap<>();
    for (PhoneNumber n : nums) {
      List<Suppression> list = index.suppressions(tenant, n);
      if (!list.isEmpty()) {
        out.put(n, list);
      }
    }
    return out;
  }

  // ---- message log ----

  @Override
  public void logMessage(MessageRecord m) {
    messageLog.logMessage(m);
  }

  @Override
  public boolean reserveSend(MessageRecord message, List<SendCap> caps) {
    return messageLog.reserveSend(message, caps);
  }

  @Override
  public List<CampaignReservation> reserveCampaign(String tenant, String campaignId,
      List<CampaignSlot> slots) {
    return messageLog.reserveCampaign(tenant, campaignId, slots);
  }

  @Override
  public boolean confirmSend(String tenant, String messageId, String carrierMessageId) {
    return messageLog.confirmSend(tenant, messageId, carrierMessageId);
  }

  @Override
  public boolean releaseSend(String tenant, String messageId) {
    return messageLog.releaseSend(tenant, messageId);
  }

  @Override
  public Optional<MessageRecord> updateDelivery(
      String tenant, String carrierMessageId, DeliveryState state, @Nullable String errorCode) {
    return messageLog.updateDelivery(tenant, carrierMessageId, state, errorCode);
  }

  @Override
  public Optional<MessageRecord> messageByCarrierId(String tenant, String carrierMessageId) {
    return messageLog.messageByCarrierId(tenant, carrierMessageId);
  }

  @Override
  public List<MessageRecord> messages(String tenant, PhoneNumber number) {
    return messageLog.messages(tenant, number);
  }

  @Override
  public List<Instant> sendTimes(String tenant, PhoneNumber number, String purposeId, Instant since) {
    return messageLog.sendTimes(tenant, number, purposeId, since);
  }

  @Override
  public List<Instant> programSendTimes(String tenant, PhoneNumber number, String programId, Instant since) {
    return messageLog.programSendTimes(tenant, number, programId, since);
  }

  @Override
  public Map<PhoneNumber, Integer> programSendCounts(
      String tenant, Collection<PhoneNumber> nums, String programId, Instant since) {
    return messageLog.programSendCounts(tenant, nums, programId, since);
  }

  @Override
  public Map<PhoneNumber, Integer> sendCounts(
      String tenant, Collection<PhoneNumber> nums, String purposeId, Instant since) {
    return messageLog.sendCounts(tenant, nums, purposeId, since);
  }

  // ---- erasure (across the parts) and retention (each part its own) ----

  /**
   * Under the number's lock: redacts every event, deletes the messages and pending opt-ins, and
   * moves the statuses and suppressions (without evidence, plus one of every purpose for erasure)
   * under the reference only.
   */
  @Override
  public ErasedRecords erase(String tenant, PhoneNumber number, Instant at) {
    String ref = subjectRef(tenant, number);
    synchronized (locks.of(tenant, ref)) {
      int redacted = ledger.redactAll(tenant, ref);
      int messages = messageLog.deleteAll(tenant, ref);
      int pendingDeleted = optIns.deleteAll(tenant, number);
      int kept = index.erase(tenant, number, ref, at);
      ledger.forgetNumber(tenant, number);
      return new ErasedRecords(redacted, messages, pendingDeleted, kept);
    }
  }

  @Override
  public PurgeResult purgeMessageBodies(String tenant, Instant sentBefore, int limit) {
    return messageLog.purgeMessageBodies(tenant, sentBefore, limit);
  }

  @Override
  public PurgeResult purgeMessages(String tenant, Instant sentBefore, int limit) {
    return messageLog.purgeMessages(tenant, sentBefore, limit);
  }

  @Override
  public PurgeResult purgeFinishedOptIns(String tenant, Instant expiredBefore, int limit) {
    return optIns.purgeFinishedOptIns(tenant, expiredBefore, limit);
  }

  @Override
  public PurgeResult purgeInboundReceipts(String tenant, Instant handledBefore, int limit) {
    return inbound.purgeInboundReceipts(tenant, handledBefore, limit);
  }

  @Override
  public PurgeResult purgeRateLimitHits(String tenant, Instant countedBefore, int limit) {
    return rateLimits.purgeRateLimitHits(tenant, countedBefore, limit);
  }

  // ---- quarantine of unverified inbound (since 0.4) ----

  @Override
  public QuarantineAdmission quarantine(QuarantinedInbound item, int maxPerTenant, int maxPerSender) {
    return quarantine.quarantine(item, maxPerTenant, maxPerSender);
  }

  @Override
  public List<QuarantinedInbound> dueForConfirmation(String tenant, Instant now, int limit) {
    return quarantine.dueForConfirmation(tenant, now, limit);
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
    return quarantine.quarantineSummary(tenant);
  }

  // ---- review queue of unclear replies (since 0.5): delegated to MemoryReviews ----

  @Override
  public boolean enqueueReview(dev.consent.ReviewItem item) {
    return reviews.enqueueReview(item);
  }

  @Override
  public List<dev.consent.ReviewItem> openReviews(String tenant, @Nullable Instant afterReceivedAt,
      @Nullable String afterId, int limit) {
    return reviews.openReviews(tenant, afterReceivedAt, afterId, limit);
  }

  @Override
  public Optional<dev.consent.ReviewItem> reviewItem(String tenant, String id) {
    return reviews.reviewItem(tenant, id);
  }

  @Override
  public List<dev.consent.ReviewItem> openReviewsOf(String tenant, String subjectRef, String sender) {
    return reviews.openReviewsOf(tenant, subjectRef, sender);
  }

  @Override
  public boolean resolveReview(String tenant, String id, dev.consent.ReviewResolution resolution) {
    return reviews.resolveReview(tenant, id, resolution);
  }

  @Override
  public List<dev.consent.ReviewItem> overdueReviews(String tenant, Instant now, int limit) {
    return reviews.overdueReviews(tenant, now, limit);
  }

  @Override
  public PurgeResult purgeResolved(String tenant, Instant resolvedBefore, int limit) {
    return reviews.purgeResolved(tenant, resolvedBefore, limit);
  }

  @Override
  public int eraseReviews(String tenant, String subjectRef) {
    return reviews.eraseReviews(tenant, subjectRef);
  }

  @Override
  public dev.consent.spi.ReviewSummary reviewSummary(String tenant) {
    return reviews.reviewSummary(tenant);
  }

  // ---- deferred messages (since 0.5) ----

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
    return deferrals.removeDeferred(tenant, id);
  }

  @Override
  public List<dev.consent.DeferredMessage> deferredOf(String tenant, String subjectRef) {
    return deferrals.deferredOf(tenant, subjectRef);
  }

  @Override
  public int eraseDeferred(String tenant, String subjectRef) {
    return deferrals.eraseDeferred(tenant, subjectRef);
  }

  // ---- signed checkpoints of the chain heads (since 0.5) ----

  @Override
  public Optional<dev.consent.receipt.ChainCheckpoint> latestCheckpoint(String tenant) {
    return checkpoints.latestCheckpoint(tenant);
  }

  @Override
  public List<dev.consent.receipt.ChainCheckpoint> checkpoints(String tenant, long after, int limit) {
    return checkpoints.checkpoints(tenant, after, limit);
  }

  @Override
  public Map<String, dev.consent.spi.AnchoredHead> anchoredHeads(String tenant, Collection<String> subjectRefs) {
    return checkpoints.anchoredHeads(tenant, subjectRefs);
  }

  @Override
  public List<dev.consent.spi.AnchoredHead> checkpointHeads(String tenant, long checkpoint, @Nullable String after,
      int limit) {
    return checkpoints.checkpointHeads(tenant, checkpoint, after, limit);
  }

  @Override
  public boolean saveCheckpoint(dev.consent.receipt.ChainCheckpoint checkpoint,
      List<dev.consent.spi.AnchoredHead> heads) {
    return checkpoints.saveCheckpoint(checkpoint, heads);
  }

  // ---- the change feed (since 0.5): each change under the number's lock with its write ----

  @Override
  public LedgerWrite write(ConsentEvent event, ConsentStatus status, dev.consent.feed.ConsentChange change) {
    synchronized (locks.of(event.tenant(), subjectRef(event.tenant(), event.number()))) {
      LedgerWrite written = ledger.write(event, status);
      if (written == LedgerWrite.WRITTEN) {
        changes.add(change);
      }
      return written;
    }
  }

  @Override
  public boolean suppress(Suppression s, dev.consent.feed.ConsentChange change) {
    String ref = subjectRef(s.tenant(), s.number());
    synchronized (locks.of(s.tenant(), ref)) {
      boolean added = index.suppress(s, ref);
      if (added) {
        changes.add(change);
      }
      return added;
    }
  }

  @Override
  public boolean lift(String tenant, PhoneNumber number, String scope, dev.consent.feed.ConsentChange change) {
    String ref = subjectRef(tenant, number);
    synchronized (locks.of(tenant, ref)) {
      boolean lifted = index.lift(tenant, number, ref, scope);
      if (lifted) {
        changes.add(change);
      }
      return lifted;
    }
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
