package dev.consent.spi;

import dev.consent.ConsentEvent;
import dev.consent.ConsentStatus;
import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import dev.consent.feed.ConsentChange;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The change feed's rows: each write of the ledger and of the suppression list together with its
 * {@link ConsentChange}, atomically (a transactional outbox), and each subscriber's cursor. The kit
 * builds the changes and delivers them ({@link dev.consent.feed.ChangeFeed}); the store keeps rows.
 *
 * <p>Rules every implementation keeps (the test kit's {@code ChangeFeedStoreContract} checks them):
 *
 * <ul>
 *   <li>The three writes do what {@link LedgerStore#write}, {@link SuppressionStore#suppress} and
 *       {@link SuppressionStore#lift} do, and store the change in the same transaction, only when
 *       the write changed something: nothing for a head that moved, a key already taken, a
 *       suppression already held or none to lift.
 *   <li>Each stored change gets a position greater than every position visible when it was written,
 *       from one counter for the whole store (all tenants), so that a change of a number written
 *       after another change of it has a greater position. Positions may have gaps.
 *   <li>{@link #saveFeedCursor} is a compare-and-set on the cursor's version.
 *   <li>Everything is scoped by tenant, except {@link #changePositions}; any failure throws {@link
 *       dev.consent.error.ConsentStoreException}.
 * </ul>
 *
 * @since 0.5
 */
public interface ChangeFeedStore {

  /** {@link LedgerStore#write}, and the change when it returns {@link LedgerWrite#WRITTEN}. */
  LedgerWrite write(ConsentEvent event, ConsentStatus status, ConsentChange change);

  /** {@link SuppressionStore#suppress}, and the change when the suppression was not held yet; returns whether it was added. */
  boolean suppress(Suppression suppression, ConsentChange change);

  /** {@link SuppressionStore#lift}, and the change when there was one to lift. */
  boolean lift(String tenant, PhoneNumber number, String scope, ConsentChange change);

  /** The tenant's changes after {@code after}, in position order, at most {@code limit}, each with its position. */
  List<ConsentChange> changes(String tenant, long after, int limit);

  /** The tenant's changes at these positions (those that are visible now). */
  List<ConsentChange> changesAt(String tenant, Set<Long> positions);

  /** Positions visible in {@code (after, through]}, of every tenant: what the feed checks for gaps. */
  Set<Long> changePositions(long after, long through);

  /**
   * How many positions are visible in {@code (after, through]}, of every tenant: when it is {@code
   * through - after} there is no gap, and the feed reads no positions. The default counts {@link
   * #changePositions}.
   */
  default long countChanges(long after, long through) {
    return changePositions(after, through).size();
  }

  /** The greatest position of the tenant's changes, 0 when none. */
  long newestChange(String tenant);

  Optional<FeedCursor> feedCursor(String tenant, String subscriber);

  List<FeedCursor> feedCursors(String tenant);

  /**
   * Stores {@code next} if the stored cursor is still {@code expected} (same version), or if none
   * is stored and {@code expected} is null; {@code next.version()} is the expected version + 1.
   */
  boolean saveFeedCursor(@Nullable FeedCursor expected, FeedCursor next);

  /** Deletes the tenant's changes at positions up to {@code through}, at most {@code limit}, oldest first. */
  PurgeResult purgeChanges(String tenant, long through, int limit);
}
