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
 * Everything the library keeps, as one object a host wires in: the narrow stores it is made of
 * ({@link LedgerStore}, {@link SuppressionStore}, {@link MessageLogStore}, {@link OptInStore},
 * {@link NoticeStore}, {@link RateLimitStore}, {@link InboundLogStore}), each with its own contract
 * in the test kit, plus the two operations that span them: {@link #erase} and {@link #purge}.
 * Stores persist rows; the ledger's rules (sealing, folding, idempotency, retries) live in core, in
 * {@link EventChain#append}. Everything is scoped by tenant; implementations
 * are thread-safe and safe to share between application instances that share the database.
 *
 * @since 0.1
 */
public interface ConsentStore
    extends LedgerStore, SuppressionStore, MessageLogStore, OptInStore, NoticeStore, RateLimitStore, InboundLogStore {

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
   * number given ({@link ConsentStatus#none} and no suppressions when nothing is recorded). The
   * default makes the two batched reads; a store that can read both at once overrides it.
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

  // ---- erasure (spans every store: one atomic step) ----

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

  // ---- retention: each kind is purged by its own narrow store; this dispatches ----

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
   * <p>Since 0.5 each kind is purged by the narrow store that keeps it ({@link
   * MessageLogStore#purgeMessageBodies}, {@link MessageLogStore#purgeMessages}, {@link
   * OptInStore#purgeFinishedOptIns}, {@link InboundLogStore#purgeInboundReceipts}, {@link
   * RateLimitStore#purgeRateLimitHits}); this default only dispatches, and stores need not override it.
   * It never touches ledger events, statuses, suppressions or notices. Repeating it with the same
   * arguments after it reported {@code more == false} changes nothing.
   *
   * @throws dev.consent.error.InvalidInputException for {@link RecordType#PROOFS} (see {@link #endedConsents}),
   *     {@link RecordType#REVIEW_ITEMS} (see {@link ReviewStore#purgeResolved}) or a limit below 1
   * @since 0.3
   */
  default PurgeResult purge(String tenant, RecordType type, Instant cutoff, int limit) {
    if (limit < 1) {
      throw new dev.consent.error.InvalidInputException("limit must be at least 1");
    }
    return switch (type) {
      case MESSAGE_BODIES -> purgeMessageBodies(tenant, cutoff, limit);
      case MESSAGES -> purgeMessages(tenant, cutoff, limit);
      case PENDING_OPT_INS -> purgeFinishedOptIns(tenant, cutoff, limit);
      case INBOUND_RECEIPTS -> purgeInboundReceipts(tenant, cutoff, limit);
      case RATE_LIMIT_HITS -> purgeRateLimitHits(tenant, cutoff, limit);
      case REVIEW_ITEMS -> throw new dev.consent.error.InvalidInputException(
          "review items are purged through ReviewStore.purgeResolved");
      case PROOFS -> throw new dev.consent.error.InvalidInputException(
          "proofs are anonymised through endedConsents and redactEnded");
    };
  }
}
