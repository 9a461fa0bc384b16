package dev.consent.spi;

import dev.consent.ReviewItem;
import dev.consent.ReviewResolution;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Durable review queue of unclear inbound replies ({@link ReviewItem}): a narrow SPI beside {@link
 * ConsentStore}, which a store implements as well when it can ({@code InMemoryConsentStore} and
 * {@code JdbcConsentStore} do).
 *
 * <p>Rules every implementation keeps (and {@code dev.consent.testkit.ReviewStoreContract} checks):
 * an item is kept once per (tenant, id); the number and text are personal data and are kept
 * encrypted where the store persists (as message bodies are); listing is oldest received first,
 * ties by id; {@link #resolveReview} is a compare-and-set from open to resolved, so of two racing
 * resolutions exactly one returns true; everything is scoped by tenant; any failure throws {@link
 * dev.consent.error.ConsentStoreException}. Implementations are thread-safe.
 *
 * @since 0.5
 */
public interface ReviewStore {

  /** Stores an open item; returns false (and changes nothing) if the tenant holds one with its id. */
  boolean enqueueReview(ReviewItem item);

  /**
   * Open items of the tenant, ordered by (received at, id), starting after the given position
   * (both null: from the start), at most {@code limit}.
   */
  List<ReviewItem> openReviews(String tenant, @Nullable Instant afterReceivedAt, @Nullable String afterId, int limit);

  /** One item, open or resolved. */
  Optional<ReviewItem> reviewItem(String tenant, String id);

  /** Open items of one subject reference sent to one sender, oldest first (for the clarification answer). */
  List<ReviewItem> openReviewsOf(String tenant, String subjectRef, String sender);

  /** Sets the resolution if the item is open; returns whether this call resolved it. */
  boolean resolveReview(String tenant, String id, ReviewResolution resolution);

  /** Open items whose deadline is at {@code now} or before, earliest deadline first, at most {@code limit}. */
  List<ReviewItem> overdueReviews(String tenant, Instant now, int limit);

  /**
   * Retention ({@link dev.consent.RecordType#REVIEW_ITEMS}): deletes at most {@code limit} resolved
   * items of the tenant whose resolution is before {@code resolvedBefore} (exclusive), oldest first,
   * and says whether more were due. Never an open item. Repeating it after {@code more == false}
   * changes nothing.
   *
   * @throws dev.consent.error.InvalidInputException for a limit below 1
   */
  PurgeResult purgeResolved(String tenant, Instant resolvedBefore, int limit);

  /** Deletes every item (open or resolved) of one subject reference: erasure; returns how many. */
  int eraseReviews(String tenant, String subjectRef);

  /** How many items the tenant has open, and when the oldest one was received. */
  ReviewSummary reviewSummary(String tenant);
}
