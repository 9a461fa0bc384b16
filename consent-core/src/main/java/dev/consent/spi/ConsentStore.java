package dev.consent.spi;

import dev.consent.ConsentEvent;
import dev.consent.ConsentStatus;
import dev.consent.DeliveryState;
import dev.consent.MessageRecord;
import dev.consent.Notice;
import dev.consent.PhoneNumber;
import dev.consent.RecordType;
import dev.consent.Suppression;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
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
 *   <li>Retention ({@link #purge}, {@link #endedConsents}, {@link #redactEnded}) never deletes a
 *       ledger event, a status or a suppression, and never touches a GRANTED or PENDING consent.
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

  /**
   * {@link #recipient} for many numbers of one purpose, in as few round trips as the store can: what
   * a campaign check ({@code MessageGate.checkAll}) reads. The map has one entry for every distinct
   * number given, equal to what {@link #recipient} returns for it ({@link ConsentStatus#none} and no
   * suppressions when nothing is recorded). The default makes the two batched reads ({@link
   * #suppressions(String, Collection)} and {@link #statuses(String, Collection, String)}); a store that
   * can read both at once overrides it.
   *
   * @since 0.3
   */
  default Map<PhoneNumber, RecipientStatus> recipients(
      String tenant, Collection<PhoneNumber> numbers, String purposeId) {
    Map<PhoneNumber, List<Suppression>> suppressions = suppressions(tenant, numbers);
    Map<PhoneNumber, ConsentStatus> statuses = statuses(tenant, numbers, purposeId);
    Map<PhoneNumber, RecipientStatus> out = new HashMap<>(Math.max(16, numbers.size() * 4 / 3 + 1));
    for (PhoneNumber n : numbers) {
      if (!out.containsKey(n)) {
        ConsentStatus status = statuses.get(n);
        out.put(n, new RecipientStatus(status != null ? status : ConsentStatus.none(tenant, n, purposeId),
            suppressions.getOrDefault(n, List.of())));
      }
    }
    return out;
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

  /**
   * Numbers with any event that were not erased, at most {@code limit}, after {@code after}
   * (exclusive) in an order the store defines and keeps: paging with the last number returned as
   * {@code after} visits every number once. Stores that keep numbers only encrypted cannot sort by
   * them: the JDBC store orders by {@linkplain #subjectRef subject reference}, the in-memory store by
   * E.164. Callers must not assume either.
   */
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

  // ---- retention ----

  /**
   * Deletes or empties at most {@code limit} records of one kind of the tenant whose time is before
   * {@code cutoff} (exclusive), in one or more short transactions, and says whether more were due.
   *
   * <ul>
   *   <li>{@link RecordType#MESSAGE_BODIES}: sets the body of messages sent before the cut-off to
   *       null; the entry stays.
   *   <li>{@link RecordType#MESSAGES}: deletes messages sent before the cut-off.
   *   <li>{@link RecordType#PENDING_OPT_INS}: deletes requests whose state is not PENDING and whose
   *       expiry is before the cut-off; a request still PENDING is never deleted.
   *   <li>{@link RecordType#INBOUND_RECEIPTS}: deletes inbound receipts handled before the cut-off
   *       (the carrier's message id in clear), keeping for each, in the same atomic step, its keyed
   *       hash ({@link Pseudonyms#inbound}) for {@link #inboundHandled} (since 0.4).
   *   <li>{@link RecordType#RATE_LIMIT_HITS}: deletes counted acquisitions before the cut-off.
   * </ul>
   *
   * <p>It never touches ledger events, statuses, suppressions or notices. Repeating it with the same
   * arguments after it reported {@code more == false} changes nothing.
   *
   * @throws dev.consent.InvalidInputException for {@link RecordType#PROOFS} (see {@link #endedConsents})
   *     or a limit below 1
   * @since 0.3
   */
  PurgeResult purge(String tenant, RecordType type, Instant cutoff, int limit);

  /**
   * Statuses of one purpose whose consent ended before {@code endedBefore} and whose evidence is still
   * held, at most {@code limit}, in subject reference order: state WITHDRAWN or EXPIRED with {@code
   * since} before the cut-off; and, whatever their age, state ERASED with events of the purpose before
   * the status's {@code seq} that are not redacted yet (an anonymisation or erasure interrupted
   * part-way). Subjects whose number the store no longer holds are left out. Never a GRANTED or
   * PENDING status.
   *
   * @since 0.3
   */
  List<ConsentStatus> endedConsents(String tenant, String purposeId, Instant endedBefore, int limit);

  /**
   * Anonymises the ended consent of one (number, purpose) after its {@code ERASED} event was
   * appended: redacts, as {@link #erase} does (number and evidence values gone, digest and hash
   * kept), the purpose's events with {@code seq <= throughSeq} (the caller passes the seq of that
   * {@code ERASED} event, so the chain explains every redaction) and the purpose's later {@code
   * ERASED} events, in one atomic step under the number's lock. Events of other purposes, later
   * events of the purpose, statuses, suppressions, messages and pending opt-ins stay. When afterwards nothing of the
   * subject holds the number any more (every event redacted, no message, no pending opt-in, every
   * status ERASED), the store also forgets the number itself as {@link #erase} does, keeping the
   * subject reference (a later write stores it again). Repeating it changes nothing more.
   *
   * @return the events redacted by this call
   * @since 0.3
   */
  int redactEnded(String tenant, PhoneNumber number, String purposeId, long throughSeq);

  // ---- inbound de-duplication ----

  /**
   * Whether an inbound message was already handled completely: its receipt is held, or (since 0.4)
   * the keyed hash retention kept when it deleted the receipt. A replay after retention is still a
   * duplicate, however late: Twilio signs no timestamp, and a replayed opt-in could change consent
   * at any time, so the hashes are kept for good (about 100 bytes per message, no personal data
   * without the key).
   */
  boolean inboundHandled(String tenant, String carrier, String messageId);

  /**
   * Marks an inbound message handled; returns false if it already was (a store may return true for a
   * message whose receipt retention deleted; {@link #inboundHandled} still says it was handled).
   */
  boolean markInboundHandled(String tenant, String carrier, String messageId, Instant at);
}
