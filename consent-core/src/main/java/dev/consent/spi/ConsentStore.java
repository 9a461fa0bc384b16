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
 *   <li>{@link #append} seals the event with {@link EventChain#seal} (next {@code seq} of the
 *       number, previous hash), stores it and the status {@link EventChain#fold} derives, in one
 *       atomic step; concurrent appends for one number are serialised; an idempotency key already
 *       stored for the tenant returns {@link AppendResult.Duplicate} and changes nothing.
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

  /** Appends one event and updates its (number, purpose) status atomically. */
  AppendResult append(NewEvent event);

  /** The status of one (number, purpose), or {@link ConsentStatus#none} when nothing is recorded. */
  ConsentStatus status(String tenant, PhoneNumber number, String purposeId);

  /**
   * Statuses of many numbers for one purpose, in as few round trips as the store can. Numbers with
   * nothing recorded are absent from the map.
   */
  Map<PhoneNumber, ConsentStatus> statuses(String tenant, Collection<PhoneNumber> numbers, String purposeId);

  /** Every recorded status of one number, across purposes. */
  List<ConsentStatus> statuses(String tenant, PhoneNumber number);

  /** The number's events in chain order ({@code seq} 1, 2, ...). */
  List<ConsentEvent> history(String tenant, PhoneNumber number);

  /** The event stored under an idempotency key. */
  Optional<ConsentEvent> eventByIdempotencyKey(String tenant, String idempotencyKey);

  /** Numbers with any event, in E.164 order after {@code after} (exclusive), at most {@code limit}. */
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

  /** Pending opt-ins of one number in any state, newest first. */
  List<PendingOptIn> pendingFor(String tenant, PhoneNumber number);

  /** Replaces {@code expected} with {@code updated} only if the stored version still equals {@code expected.version()}. */
  boolean replacePending(PendingOptIn expected, PendingOptIn updated);

  /** Opt-ins still in state PENDING whose expiry is at or before {@code now}, at most {@code limit}. */
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

  // ---- inbound de-duplication ----

  /** Whether an inbound message was already handled completely. */
  boolean inboundHandled(String tenant, String carrier, String messageId);

  /** Marks an inbound message handled; returns false if it already was. */
  boolean markInboundHandled(String tenant, String carrier, String messageId, Instant at);
}
