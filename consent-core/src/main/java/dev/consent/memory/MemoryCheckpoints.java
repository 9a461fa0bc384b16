package dev.consent.memory;

import dev.consent.receipt.ChainCheckpoint;
import dev.consent.spi.AnchoredHead;
import dev.consent.spi.CheckpointStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The checkpoints of {@link InMemoryConsentStore}: per tenant, a list of checkpoints and their heads, guarded by this object. */
final class MemoryCheckpoints implements CheckpointStore {
  private record Saved(ChainCheckpoint checkpoint, TreeMap<String, AnchoredHead> heads) {}

  private final Map<String, List<Saved>> byTenant = new HashMap<>();

  @Override
  public synchronized Optional<ChainCheckpoint> latestCheckpoint(String tenant) {
    List<Saved> saved = byTenant.getOrDefault(tenant, List.of());
    return saved.isEmpty() ? Optional.empty() : Optional.of(saved.get(saved.size() - 1).checkpoint());
  }

  @Override
  public synchronized List<ChainCheckpoint> checkpoints(String tenant, long after, int limit) {
    return byTenant.getOrDefault(tenant, List.of()).stream().map(Saved::checkpoint)
        .filter(c -> c.number() > after).limit(limit).toList();
  }

  @Override
  public synchronized Map<String, AnchoredHead> anchoredHeads(String tenant, Collection<String> subjectRefs) {
    Map<String, AnchoredHead> newest = new HashMap<>();
    for (Saved s : byTenant.getOrDefault(tenant, List.of())) {
      for (String ref : subjectRefs) {
        AnchoredHead h = s.heads().get(ref);
        if (h != null) {
          newest.put(ref, h);
        }
      }
    }
    return newest;
  }

  @Override
  public synchronized List<AnchoredHead> checkpointHeads(String tenant, long checkpoint, @Nullable String after,
      int limit) {
    for (Saved s : byTenant.getOrDefault(tenant, List.of())) {
      if (s.checkpoint().number() == checkpoint) {
        return List.copyOf((after == null ? s.heads() : s.heads().tailMap(after, false)).values()).stream()
            .limit(limit).toList();
      }
    }
    return List.of();
  }

  @Override
  public synchronized boolean saveCheckpoint(ChainCheckpoint checkpoint, List<AnchoredHead> heads) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    long newest = latestCheckpoint(checkpoint.tenant()).map(ChainCheckpoint::number).orElse(0L);
    if (checkpoint.number() != newest + 1) {
      return false;
    }
    TreeMap<String, AnchoredHead> byRef = new TreeMap<>();
    for (AnchoredHead h : heads) {
      if (h.checkpoint() != checkpoint.number() || byRef.put(h.subjectRef(), h) != null) {
        throw new IllegalArgumentException("each head belongs to this checkpoint, one per subject");
      }
    }
    byTenant.computeIfAbsent(checkpoint.tenant(), t -> new ArrayList<>()).add(new Saved(checkpoint, byRef));
    return true;
  }
}
