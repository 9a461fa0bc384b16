package dev.consent.memory;

import dev.consent.spi.InboundLogStore;
import dev.consent.spi.Pseudonyms;
import dev.consent.spi.PurgeResult;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inbound receipts of {@link InMemoryConsentStore}: the carrier message ids handled, with when;
 * once retention deletes a receipt, its keyed hash ({@link Pseudonyms#inbound}) is kept for good, so
 * that a replayed webhook stays a duplicate without its id held in clear. Guarded by this object.
 */
final class MemoryInboundLog implements InboundLogStore {
  private record Key(String tenant, String carrier, String messageId) {}

  private record Digest(String tenant, String digest) {}

  private final Pseudonyms pseudonyms;
  private final Map<Key, Instant> handled = new HashMap<>();
  private final Set<Digest> digests = new HashSet<>();

  MemoryInboundLog(Pseudonyms pseudonyms) {
    this.pseudonyms = pseudonyms;
  }

  @Override
  public synchronized boolean inboundHandled(String tenant, String carrier, String messageId) {
    return handled.containsKey(new Key(tenant, carrier, messageId)) || digests.contains(digest(tenant, carrier, messageId));
  }

  @Override
  public synchronized boolean markInboundHandled(String tenant, String carrier, String messageId, Instant at) {
    return !digests.contains(digest(tenant, carrier, messageId))
        && handled.putIfAbsent(new Key(tenant, carrier, messageId), at) == null;
  }

  private Digest digest(String tenant, String carrier, String messageId) {
    return new Digest(tenant, pseudonyms.inbound(tenant, carrier, messageId));
  }

  /** Replaces receipts handled before the cut-off by their keyed hash. */
  @Override
  public synchronized PurgeResult purgeInboundReceipts(String tenant, Instant cutoff, int limit) {
    if (limit < 1) {
      throw new dev.consent.error.InvalidInputException("limit must be at least 1");
    }
    List<Key> due = handled.entrySet().stream()
        .filter(e -> e.getKey().tenant().equals(tenant) && e.getValue().isBefore(cutoff))
        .map(Map.Entry::getKey).limit(limit + 1L).toList();
    due.stream().limit(limit).forEach(k -> {
      digests.add(digest(tenant, k.carrier(), k.messageId()));
      handled.remove(k);
    });
    return new PurgeResult(Math.min(limit, due.size()), due.size() > limit);
  }
}
