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
 * in the test kit. Stores persist rows atomically; the rules (sealing and folding the ledger,
 * idempotency, erasure and retention) live in core. Everything is scoped by tenant; implementations
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

  // ---- transitional (0.5 refactoring): to be removed once core calls the narrow methods ----

  /** Appends through {@link EventChain#append}. */
  default AppendResult append(NewEvent event) {
    return EventChain.append(this, event);
  }

  /**
   * Erasure over the narrow stores: the suppressions first (so that the number is never messaged
   * again even if a later step fails; repeating the erasure completes it), then messages, pending
   * opt-ins and the ledger.
   */
  default ErasedRecords erase(String tenant, PhoneNumber number, Instant at) {
    int kept = redactSuppressions(tenant, number, at);
    int messages = deleteMessages(tenant, number);
    int pending = deletePending(tenant, number);
    int events = redactSubject(tenant, number);
    return new ErasedRecords(events, messages, pending, kept);
  }

  /** Retention of one record type, by the store that holds it. */
  default PurgeResult purge(String tenant, RecordType type, Instant cutoff, int limit) {
    if (limit < 1) {
      throw new dev.consent.InvalidInputException("limit must be at least 1");
    }
    return switch (type) {
      case MESSAGE_BODIES -> purgeBodies(tenant, cutoff, limit);
      case MESSAGES -> purgeMessages(tenant, cutoff, limit);
      case PENDING_OPT_INS -> purgePending(tenant, cutoff, limit);
      case INBOUND_RECEIPTS -> purgeInbound(tenant, cutoff, limit);
      case RATE_LIMIT_HITS -> purgeRateLimits(tenant, cutoff, limit);
      case PROOFS -> throw new dev.consent.InvalidInputException(
          "PROOFS are kept per purpose: see endedConsents and redactEnded");
    };
  }
}
