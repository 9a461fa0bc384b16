package dev.consent.memory;

import dev.consent.PendingOptIn;
import dev.consent.PhoneNumber;
import dev.consent.error.ConsentStoreException;
import dev.consent.spi.OptInStore;
import dev.consent.spi.PurgeResult;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The pending double opt-ins of {@link InMemoryConsentStore}: one map, guarded by this object. */
final class MemoryOptIns implements OptInStore {
  private record Key(String tenant, String requestId) {}

  private final Map<Key, PendingOptIn> pending = new HashMap<>();

  @Override
  public synchronized void createPending(PendingOptIn p) {
    if (pending.putIfAbsent(new Key(p.tenant(), p.requestId()), p) != null) {
      throw new ConsentStoreException("pending opt-in " + p.requestId() + " already exists");
    }
  }

  @Override
  public synchronized Optional<PendingOptIn> pending(String tenant, String requestId) {
    return Optional.ofNullable(pending.get(new Key(tenant, requestId)));
  }

  /** Newest first. */
  @Override
  public synchronized List<PendingOptIn> pendingFor(String tenant, PhoneNumber number) {
    return pending.values().stream()
        .filter(p -> p.tenant().equals(tenant) && p.number().equals(number))
        .sorted(Comparator.comparing(PendingOptIn::createdAt).thenComparing(PendingOptIn::requestId).reversed())
        .toList();
  }

  /** Replaces the request if its stored version is still the expected one. */
  @Override
  public synchronized boolean replacePending(PendingOptIn expected, PendingOptIn updated) {
    Key key = new Key(expected.tenant(), expected.requestId());
    PendingOptIn current = pending.get(key);
    if (current == null || current.version() != expected.version()) {
      return false;
    }
    pending.put(key, updated);
    return true;
  }

  @Override
  public synchronized List<PendingOptIn> pendingExpiredBy(String tenant, Instant now, int limit) {
    return pending.values().stream()
        .filter(p -> p.tenant().equals(tenant) && p.state() == PendingOptIn.State.PENDING && !p.expiresAt().isAfter(now))
        .sorted(Comparator.comparing(PendingOptIn::expiresAt).thenComparing(PendingOptIn::requestId))
        .limit(limit)
        .toList();
  }

  /** Whether any request of the number is stored. */
  synchronized boolean holds(String tenant, PhoneNumber number) {
    return pending.values().stream().anyMatch(p -> p.tenant().equals(tenant) && p.number().equals(number));
  }

  /** Deletes every request of the number; how many. */
  synchronized int deleteAll(String tenant, PhoneNumber number) {
    int before = pending.size();
    pending.values().removeIf(p -> p.tenant().equals(tenant) && p.number().equals(number));
    return before - pending.size();
  }

  @Override
  public synchronized PurgeResult purgeFinishedOptIns(String tenant, Instant cutoff, int limit) {
    if (limit < 1) {
      throw new dev.consent.error.InvalidInputException("limit must be at least 1");
    }
    List<Key> due = pending.entrySet().stream()
        .filter(e -> e.getKey().tenant().equals(tenant) && e.getValue().state() != PendingOptIn.State.PENDING
            && e.getValue().expiresAt().isBefore(cutoff))
        .map(Map.Entry::getKey).limit(limit + 1L).toList();
    due.stream().limit(limit).forEach(pending::remove);
    return new PurgeResult(Math.min(limit, due.size()), due.size() > limit);
  }
}
