package dev.consent.spi;

import dev.consent.ConsentEvent;
import dev.consent.ConsentStatus;
import dev.consent.PhoneNumber;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The consent ledger as rows: each subject's chain of sealed events, the status of each (subject,
 * purpose) and the chain head. The store persists; the rules live in core: {@link
 * EventChain#append} reads the {@link #head}, seals the event, folds the status and asks the store
 * to {@link #write} both if the head has not moved, retrying when it has.
 *
 * <p>Rules every implementation keeps (the test kit's {@code LedgerStoreContract} checks them):
 *
 * <ul>
 *   <li>{@link #write} is one atomic compare-and-set: the event, the status and the new head are
 *       stored together, or nothing is. Of two writes sealed on the same head exactly one succeeds,
 *       across instances sharing the database; an idempotency key is stored once per tenant.
 *   <li>Every record of a number is kept under its pseudonymous reference ({@link #subjectRef}); a
 *       write for a number whose records were erased stores the number again.
 *   <li>Redaction ({@link #redactEnded}, and {@link ConsentStore#erase}) removes the number and the evidence
 *       values of events, keeping their digests and hashes so that the chain still verifies; it never
 *       deletes an event or changes a status.
 *   <li>Any failure throws {@link dev.consent.error.ConsentStoreException}; everything is scoped by tenant.
 * </ul>
 *
 * @since 0.5
 */
public interface LedgerStore {

  /** The pseudonymous reference under which this store keeps the number's records in the tenant. */
  String subjectRef(String tenant, PhoneNumber number);

  /**
   * A keyed hash, under the same key as {@link #subjectRef} ({@link Pseudonyms#keyed}), of a secret
   * or personal value the kit stores only as a digest: confirmation codes, rate-limit keys, client
   * addresses, reply texts. Reading the database without the key gives none of them.
   *
   * @since 0.5
   */
  String keyedHash(String tenant, String label, String value);

  /** The number's chain head and its status for one purpose, read together. */
  ChainHead head(String tenant, PhoneNumber number, String purposeId);

  /**
   * Stores {@code event} (sealed on the head {@code event.seq() - 1}, {@code event.prevHash()}) and
   * {@code status} (the event's (number, purpose) status after it) and moves the head to the
   * event, if the head is still the one the event was sealed on and the tenant holds no event with
   * its idempotency key. Atomic; never blocks on another writer longer than its own statement.
   */
  LedgerWrite write(ConsentEvent event, ConsentStatus status);

  /** The status of one (number, purpose), or {@link ConsentStatus#none} when nothing is recorded. */
  ConsentStatus status(String tenant, PhoneNumber number, String purposeId);

  /** Statuses of many numbers for one purpose, in as few round trips as the store can; numbers with none are absent. */
  Map<PhoneNumber, ConsentStatus> statuses(String tenant, Collection<PhoneNumber> numbers, String purposeId);

  /** Every recorded status of one number, across purposes. */
  List<ConsentStatus> statuses(String tenant, PhoneNumber number);

  /** The number's events in chain order ({@code seq} 1, 2, ...); events redacted since have no number. */
  List<ConsentEvent> history(String tenant, PhoneNumber number);

  /** One subject's chain exactly as stored, with its recorded head, for verification. Never repairs or filters. */
  StoredChain chain(String tenant, String subjectRef);

  /** References of subjects with any event (erased ones included), after {@code after} (exclusive), at most {@code limit}. */
  List<String> subjectRefs(String tenant, @Nullable String after, int limit);

  /**
   * The chain heads of these subjects ({@link ChainHead#status()} null), in as few round trips as the
   * store can; subjects without events are absent. The default reads each chain.
   *
   * @since 0.5
   */
  default Map<String, ChainHead> heads(String tenant, Collection<String> subjectRefs) {
    Map<String, ChainHead> heads = new java.util.LinkedHashMap<>();
    for (String ref : subjectRefs) {
      StoredChain c = chain(tenant, ref);
      if (c.headSeq() > 0) {
        heads.put(ref, new ChainHead(ref, c.headSeq(), c.headHash(), null));
      }
    }
    return heads;
  }

  /** The event stored under an idempotency key. */
  Optional<ConsentEvent> eventByIdempotencyKey(String tenant, String idempotencyKey);

  /**
   * Numbers with any event that were not erased, at most {@code limit}, after {@code after}
   * (exclusive) in an order the store defines and keeps (paging with the last number returned visits
   * every number once). Callers must not assume which order.
   */
  List<PhoneNumber> numbers(String tenant, @Nullable PhoneNumber after, int limit);

  /**
   * Statuses of one purpose whose consent ended before {@code endedBefore} and whose evidence is still
   * held, at most {@code limit}, in subject reference order: state WITHDRAWN or EXPIRED with {@code
   * since} before the cut-off; and, whatever their age, state ERASED with events of the purpose before
   * the status's {@code seq} that are not redacted yet. Subjects whose number the store no longer
   * holds are left out. Never a GRANTED or PENDING status.
   */
  List<ConsentStatus> endedConsents(String tenant, String purposeId, Instant endedBefore, int limit);

  /**
   * Anonymises the ended consent of one (number, purpose) after its {@code ERASED} event was
   * appended: redacts, as {@link ConsentStore#erase} does (number and evidence values gone, digest and hash
   * kept), the purpose's events with {@code seq <= throughSeq} (the caller passes the seq of that
   * {@code ERASED} event, so the chain explains every redaction) and the purpose's later {@code
   * ERASED} events, in one atomic step under the number's lock. Events of other purposes, later
   * events of the purpose, statuses, suppressions, messages and pending opt-ins stay. When afterwards nothing of the
   * subject holds the number any more (every event redacted, no message, no pending opt-in, every
   * status ERASED), the store also forgets the number itself as {@link ConsentStore#erase} does, keeping the
   * subject reference (a later write stores it again). Repeating it changes nothing more.
   *
   * @return the events redacted by this call
   * @since 0.3
   */
    int redactEnded(String tenant, PhoneNumber number, String purposeId, long throughSeq);


}
