package dev.consent.memory;

import dev.consent.DeferredMessage;
import dev.consent.spi.DeferralStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deferred messages of {@link InMemoryConsentStore}: one map per store, guarded by this object,
 * with each message's claim beside it. Kept in the heap in clear, as the in-memory store keeps
 * message bodies; lost when the process stops.
 */
final class MemoryDeferrals implements DeferralStore {
  private static final Comparator<DeferredMessage> DUE_FIRST = Comparator.comparing(DeferredMessage::releaseAt)
      .thenComparing(DeferredMessage::id);

  private record Key(String tenant, String id) {}

  /** A message and the end of its claim (null: unclaimed). */
  private record Held(DeferredMessage message, Instant claimedUntil) {}

  private final Map<Key, Held> held = new LinkedHashMap<>();

  @Override
  public synchronized boolean defer(DeferredMessage message) {
    java.util.Objects.requireNonNull(message, "deferred message");
    return held.putIfAbsent(new Key(message.tenant(), message.id()), new Held(message, null)) == null;
  }

  @Override
  public synchronized List<DeferredMessage> claimDue(String tenant, Instant now, Instant claimUntil, int limit) {
    List<DeferredMessage> due = held.values().stream()
        .filter(h -> h.message().tenant().equals(tenant) && !h.message().releaseAt().isAfter(now)
            && (h.claimedUntil() == null || h.claimedUntil().isBefore(now)))
        .map(Held::message).sorted(DUE_FIRST).limit(Math.max(limit, 0)).toList();
    for (DeferredMessage m : due) {
      held.put(new Key(tenant, m.id()), new Held(m, claimUntil));
    }
    return due;
  }

  @Override
  public synchronized boolean redefer(String tenant, String id, Instant releaseAt) {
    Key key = new Key(tenant, id);
    Held h = held.get(key);
    if (h == null) {
      return false;
    }
    held.put(key, new Held(h.message().releasedAt(releaseAt), null));
    return true;
  }

  @Override
  public synchronized boolean removeDeferred(String tenant, String id) {
    return held.remove(new Key(tenant, id)) != null;
  }

  @Override
  public synchronized List<DeferredMessage> deferredOf(String tenant, String subjectRef) {
    return held.values().stream().map(Held::message)
        .filter(m -> m.tenant().equals(tenant) && m.subjectRef().equals(subjectRef)).sorted(DUE_FIRST).toList();
  }

  @Override
  public synchronized int eraseDeferred(String tenant, String subjectRef) {
    List<Key> gone = new ArrayList<>();
    held.forEach((k, h) -> {
      if (k.tenant().equals(tenant) && h.message().subjectRef().equals(subjectRef)) {
        gone.add(k);
      }
    });
    gone.forEach(held::remove);
    return gone.size();
  }
}
