package dev.consent.memory;

import dev.consent.ReviewItem;
import dev.consent.ReviewResolution;
import dev.consent.spi.PurgeResult;
import dev.consent.spi.ReviewStore;
import dev.consent.spi.ReviewSummary;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The review queue of {@link InMemoryConsentStore}: one map per store, guarded by this object. Kept
 * in the heap in clear, as the in-memory store keeps message bodies; lost when the process stops.
 */
final class MemoryReviews implements ReviewStore {
  private static final Comparator<ReviewItem> OLDEST = Comparator.comparing(ReviewItem::receivedAt)
      .thenComparing(ReviewItem::id);

  private record Key(String tenant, String id) {}

  private final Map<Key, ReviewItem> items = new LinkedHashMap<>();

  @Override
  public synchronized boolean enqueueReview(ReviewItem item) {
    java.util.Objects.requireNonNull(item, "review item");
    if (!item.isOpen()) {
      throw new dev.consent.error.InvalidInputException("a review item is queued open");
    }
    return items.putIfAbsent(new Key(item.tenant(), item.id()), item) == null;
  }

  @Override
  public synchronized List<ReviewItem> openReviews(String tenant, @Nullable Instant afterReceivedAt,
      @Nullable String afterId, int limit) {
    return open(tenant).filter(i -> afterReceivedAt == null || i.receivedAt().isAfter(afterReceivedAt)
            || (i.receivedAt().equals(afterReceivedAt) && (afterId == null || i.id().compareTo(afterId) > 0)))
        .sorted(OLDEST).limit(Math.max(limit, 0)).toList();
  }

  @Override
  public synchronized Optional<ReviewItem> reviewItem(String tenant, String id) {
    return Optional.ofNullable(items.get(new Key(tenant, id)));
  }

  @Override
  public synchronized List<ReviewItem> openReviewsOf(String tenant, String subjectRef, String sender) {
    return open(tenant).filter(i -> i.subjectRef().equals(subjectRef) && i.sender().equals(sender))
        .sorted(OLDEST).toList();
  }

  @Override
  public synchronized boolean resolveReview(String tenant, String id, ReviewResolution resolution) {
    java.util.Objects.requireNonNull(resolution, "resolution");
    Key key = new Key(tenant, id);
    ReviewItem item = items.get(key);
    if (item == null || !item.isOpen()) {
      return false;
    }
    items.put(key, item.withResolution(resolution));
    return true;
  }

  @Override
  public synchronized List<ReviewItem> overdueReviews(String tenant, Instant now, int limit) {
    return open(tenant).filter(i -> !i.deadline().isAfter(now))
        .sorted(Comparator.comparing(ReviewItem::deadline).thenComparing(ReviewItem::id))
        .limit(Math.max(limit, 0)).toList();
  }

  @Override
  public synchronized PurgeResult purgeResolved(String tenant, Instant resolvedBefore, int limit) {
    if (limit < 1) {
      throw new dev.consent.error.InvalidInputException("limit must be at least 1");
    }
    List<Key> due = items.entrySet().stream()
        .filter(e -> e.getKey().tenant().equals(tenant) && !e.getValue().isOpen()
            && e.getValue().resolution().decidedAt().isBefore(resolvedBefore))
        .sorted(Comparator.comparing(e -> e.getValue().resolution().decidedAt()))
        .map(Map.Entry::getKey).limit(limit + 1L).toList();
    due.stream().limit(limit).forEach(items::remove);
    return new PurgeResult(Math.min(limit, due.size()), due.size() > limit);
  }

  @Override
  public synchronized int eraseReviews(String tenant, String subjectRef) {
    int before = items.size();
    items.values().removeIf(i -> i.tenant().equals(tenant) && i.subjectRef().equals(subjectRef));
    return before - items.size();
  }

  @Override
  public synchronized ReviewSummary reviewSummary(String tenant) {
    List<ReviewItem> open = open(tenant).toList();
    return new ReviewSummary(open.size(), open.stream().map(ReviewItem::receivedAt).min(Comparator.naturalOrder())
        .orElse(null));
  }

  private Stream<ReviewItem> open(String tenant) {
    return items.values().stream().filter(i -> i.tenant().equals(tenant) && i.isOpen());
  }
}
