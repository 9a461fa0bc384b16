package dev.consent.memory;

import dev.consent.feed.ConsentChange;
import dev.consent.spi.FeedCursor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The change feed of {@link InMemoryConsentStore}: changes numbered from one counter for the whole
 * store, and the subscribers' cursors; guarded by this object. A change is added under its number's
 * lock together with the write it describes, and is visible at once, so positions have no gaps.
 */
final class MemoryChanges {
  private record Key(String tenant, String subscriber) {}

  private long last;
  private final Map<String, TreeMap<Long, ConsentChange>> byTenant = new HashMap<>();
  private final Map<Key, FeedCursor> cursors = new HashMap<>();

  synchronized void add(ConsentChange change) {
    ConsentChange numbered = change.at(++last);
    byTenant.computeIfAbsent(change.tenant(), t -> new TreeMap<>()).put(numbered.position(), numbered);
  }

  synchronized List<ConsentChange> changes(String tenant, long after, int limit) {
    TreeMap<Long, ConsentChange> all = byTenant.get(tenant);
    return all == null ? List.of() : all.tailMap(after, false).values().stream().limit(limit).toList();
  }

  synchronized List<ConsentChange> changesAt(String tenant, Set<Long> positions) {
    TreeMap<Long, ConsentChange> all = byTenant.getOrDefault(tenant, new TreeMap<>());
    List<ConsentChange> out = new ArrayList<>();
    for (long p : new java.util.TreeSet<>(positions)) {
      ConsentChange c = all.get(p);
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  synchronized Set<Long> positions(long after, long through) {
    Set<Long> out = new HashSet<>();
    for (TreeMap<Long, ConsentChange> all : byTenant.values()) {
      out.addAll(all.subMap(after, false, through, true).keySet());
    }
    return out;
  }

  synchronized dev.consent.spi.PurgeResult purge(String tenant, long through, int limit) {
    TreeMap<Long, ConsentChange> all = byTenant.getOrDefault(tenant, new TreeMap<>());
    java.util.NavigableMap<Long, ConsentChange> due = all.headMap(through, true);
    int count = 0;
    while (!due.isEmpty() && count < limit) {
      due.pollFirstEntry();
      count++;
    }
    return new dev.consent.spi.PurgeResult(count, !due.isEmpty());
  }

  synchronized long newest(String tenant) {
    TreeMap<Long, ConsentChange> all = byTenant.get(tenant);
    return all == null || all.isEmpty() ? 0 : all.lastKey();
  }

  synchronized Optional<FeedCursor> cursor(String tenant, String subscriber) {
    return Optional.ofNullable(cursors.get(new Key(tenant, subscriber)));
  }

  synchronized List<FeedCursor> cursors(String tenant) {
    return cursors.values().stream().filter(c -> c.tenant().equals(tenant))
        .sorted(java.util.Comparator.comparing(FeedCursor::subscriber)).toList();
  }

  synchronized boolean save(@Nullable FeedCursor expected, FeedCursor next) {
    Key key = new Key(next.tenant(), next.subscriber());
    FeedCursor held = cursors.get(key);
    boolean same = expected == null ? held == null
        : held != null && held.version() == expected.version() && expected.tenant().equals(next.tenant())
            && expected.subscriber().equals(next.subscriber());
    if (!same || next.version() != (expected == null ? 0 : expected.version()) + 1) {
      return false;
    }
    cursors.put(key, next);
    return true;
  }
}
