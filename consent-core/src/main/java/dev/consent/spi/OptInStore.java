package dev.consent.spi;

import dev.consent.PendingOptIn;
import dev.consent.PhoneNumber;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Pending double opt-ins, replaced only by optimistic versioned updates. The test kit's {@code
 * OptInStoreContract} checks the rules.
 *
 * @since 0.5
 */
public interface OptInStore {

  void createPending(PendingOptIn pending);

  Optional<PendingOptIn> pending(String tenant, String requestId);

  /**
   * Pending opt-ins of one number in any state, newest first: by {@code createdAt} descending, then
   * by request id descending (the id only makes the order of one instant the same in every store).
   */
  List<PendingOptIn> pendingFor(String tenant, PhoneNumber number);

  /** Replaces {@code expected} with {@code updated} only if the stored version still equals {@code expected.version()}. */
  boolean replacePending(PendingOptIn expected, PendingOptIn updated);

  /** Opt-ins still PENDING whose expiry is at or before {@code now}, at most {@code limit}, oldest expiry first, then by request id. */
  List<PendingOptIn> pendingExpiredBy(String tenant, Instant now, int limit);

  /**
   * Retention ({@link dev.consent.RecordType#PENDING_OPT_INS}): deletes at most {@code limit}
   * requests whose state is not PENDING and whose expiry is before {@code expiredBefore} (exclusive;
   * a request still PENDING is never deleted), in one or more short transactions, and says whether
   * more were due. Repeating it after {@code more == false} changes nothing.
   *
   * @throws dev.consent.error.InvalidInputException for a limit below 1
   * @since 0.5
   */
  PurgeResult purgeFinishedOptIns(String tenant, Instant expiredBefore, int limit);
}
