package dev.consent.spi;

import dev.consent.ConsentEvent;
import dev.consent.ConsentStatus;
import dev.consent.DeliveryState;
import dev.consent.MessageRecord;
import dev.consent.Notice;
import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Durable state of the library: the consent ledger with its derived statuses, notices, pending
 * double opt-ins, rate-limit counters, the suppression list, the message log and the inbound
 * de-duplication record. Everything is scoped by tenant.
 *
 * <p>Rules every implementation keeps (and {@code dev.consent.testkit.ConsentStoreContract}
 * checks):
 *
 * <ul>
 *   <li>Every record of a number is kept under the number's pseudonymous reference ({@link
 *       #subjectRef}, made with {@link Pseudonyms} from the host's {@link KeyProvider}); after
 *       {@link #erase} nothing the store holds contains the number in clear.
 *   <li>{@link #append} seals the event with {@link EventChain#seal} (the subject reference, next
 *       {@code seq} of the number, previous hash), stores it, the status {@link EventChain#fold}
 *       derives and the chain head, in one atomic step; concurrent appends for one number are
 *       serialised; an idempotency key already stored for the tenant returns {@link
 *       AppendResult.Duplicate} and changes nothing.
 *   <li>Any failure throws {@link dev.consent.ConsentStoreException} and leaves nothing half
 *       written.
 *   <li>Implementations are thread-safe and safe to share between many application instances if
 *       they share the underlying database.
 * </ul>
 *
 * @since 0.1
 */
public interface ConsentStore {

  // ---- ledger ----

  /** The pseudonymous reference under which this store keeps the number's records in the tenant. */
  String subjectRef(String tenant, PhoneNumber number);

  /** Appends one event and updates its (number, purpose) status and the chain head atomically. */
  AppendResult append(NewEvent event);

  /** The status of one (number, purpose), or {@link ConsentStatus#none} when nothing is recorded. */
  ConsentStatus status(String tenant, PhoneNumber number, String purposeId);

  /**
   * Statuses of many numbers for one purpose, in as few round trips as the store can. Numbers with
   * nothing recorded are absent from the map.
   */
  Map<PhoneNumber, ConsentStatus> statuses(String tenant, Collection<PhoneNumber> numbers, String purposeId);

  /**
   * What the gate needs for one message: the (number, purpose) status and the number's suppressions,
   * as {@link #status} and {@link #suppressions(String, PhoneNumber)} would return them. The default
   * makes those two calls; a store that keeps both together overrides it to read them at once.
   *
   * @since 0.3
   */
  default RecipientStatus recipient(String tenant, PhoneNumber number, String purposeId) {
    List<Suppression> suppressions = suppressions(tenant, number);
    return new RecipientStatus(status(tenant, number, purposeId), suppressions);
  }

  /** Every recorded status of one number, across purposes. */
  List<ConsentStatus> statuses(String tenant, PhoneNumber number);

  /** The number's events in chain order ({@code seq} 1, 2, ...); events erased since have no number. */
  List<ConsentEvent> history(String tenant, PhoneNumber number);

  /**
   * One subject's chain exactly as stored, with the head (seq and hash) recorded at its last append,
   * for verification. Reads what is there: it never repairs or filters anything.
   */
  StoredChain chain(String tenant, String subjectRef);

  /** References of subjects with any event (erased ones included), in order after {@code after} (exclusive), at most {@code limit}. */
  List<String> subjectRefs(String tenant, @Nullable String after, int limit);

  /** The event stored under an idempotency key. */
  Optional<ConsentEvent> eventByIdempotencyKey(String tenant, String idempotencyKey);

  /** Numbers with any event that were not erased, in E.164 order after {@code after} (exclusive), at most {@code limit}. */
  List<PhoneNumber> numbers(String tenant, @Nullable PhoneNumber after, int limit);

  // ---- notices ----

  /**
   * Stores a notice. Storing the same (purpose, version) again with the same text is a no-op; with
   * a different text it throws {@link dev.consent.ConsentStoreException}, since grants reference it.
   */
  void saveNotice(String tenant, Notice notice);

  Optional<Notice> notice(String tenant, String purposeId, String version);

  // ---- pending double opt-ins ----

  void createPending(PendingOptIn pending);

  Optional<PendingOptIn> pending(String tenant, String requestId);

  /**
   * Pending opt-ins of one number in any state, newest first: by {@code createdAt} descending, then
   * by request id descending. Requests created at one instant have no creation order; the request
   * id only makes their order the same in every store, so a caller that needs a particular request
   * must pick it by id or content, not by position.
   */
  List<PendingOptIn> pendingFor(String tenant, PhoneNumber number);

  /** Replaces {@code expected} with {@code updated} only if the stored version still equals {@code expected.version()}. */
  boolean replacePending(PendingOptIn expected, PendingOptIn updated);

  /**
   * Opt-ins still in state PENDING whose expiry is at or before {@code now}, at most {@code limit},
   * oldest expiry first, then by request id.
   */
  List<PendingOptIn> pendingExpiredBy(String tenant, Instant now, int limit);

  // ---- rate limits ----

  /**
   * Counts one acquisition against every limit if all of them still have room within their window
   * ending at {@code now}; otherwise counts nothing and returns false. Atomic across instances.
   */
  boolean tryAcquire(String tenant, List<RateLimit> limits, Instant now);

  // ---- suppression ----

  /** Adds a suppression; a second one for the same (number, scope) is a no-op. */
  void suppress(Suppression suppression);

  /** Removes the suppression of one scope; returns whether there was one. */
  boolean lift(String tenant, PhoneNumber number, String scope);

  List<Suppression> suppressions(String tenant, PhoneNumber number);

  /** Suppressions of many numbers; numbers with none are absent. */
  Map<PhoneNumber, List<Suppression>> suppressions(String tenant, Collection<PhoneNumber> numbers);

  // ---- message log ----

  void logMessage(MessageRecord message);

  /**
   * Moves a logged message forward to {@code state}; a state that is not further along ({@link
   * DeliveryState#canMoveTo}) changes nothing. Returns the record after the call, if known.
   */
  Optional<MessageRecord> updateDelivery(
      String tenant, String carrierMessageId, DeliveryState state, @Nullable String errorCode);

  Optional<MessageRecord> messageByCarrierId(String tenant, String carrierMessageId);

  /** Messages to one number, oldest first. */
  List<MessageRecord> messages(String tenant, PhoneNumber number);

  /** Send times of gated messages to one number for one purpose at or after {@code since}, oldest first. */
  List<Instant> sendTimes(String tenant, PhoneNumber number, String purposeId, Instant since);

  /** Count of gated messages per number for one purpose at or after {@code since}; zero counts absent. */
  Map<PhoneNumber, Integer> sendCounts(
      String tenant, Collection<PhoneNumber> numbers, String purposeId, Instant since);

  // ---- erasure ----

  /**
   * Erases what identifies the person behind {@code number}, in one atomic step: the number itself,
   * the evidence values of every ledger event (events stay, with their digest and hash, so the chain
   * still verifies), the message log entries, the pending opt-ins and the evidence of suppressions;
   * and adds a suppression of scope {@link Suppression#ALL} with reason {@link
   * dev.consent.SuppressionReason#ERASURE} kept under the subject reference, so the number is never
   * messaged again. Statuses stay. Repeating it changes nothing more. A later write for the same
   * number (the person comes back) stores the number again.
   */
  ErasedRecords erase(String tenant, PhoneNumber number, Instant at);

  // ---- inbound de-duplication ----

  /** Whether an inbound message was already handled completely. */
  boolean inboundHandled(String tenant, String carrier, String messageId);

  /** Marks an inbound message handled; returns false if it already was. */
  boolean markInboundHandled(String tenant, String carrier, String messageId, Instant at);
}
