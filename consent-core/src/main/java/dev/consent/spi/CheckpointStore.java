package dev.consent.spi;

import dev.consent.receipt.ChainCheckpoint;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Signed checkpoints of the chain heads and the heads each anchors. The kit makes, signs and checks
 * them (see {@link dev.consent.receipt.ChainCheckpoints}); the store keeps rows.
 *
 * <p>Rules every implementation keeps (the test kit's {@code CheckpointStoreContract} checks them):
 *
 * <ul>
 *   <li>{@link #saveCheckpoint} is atomic and a compare-and-set on the number: it stores the
 *       checkpoint and all its heads only when the tenant's newest checkpoint is number - 1 (none
 *       for number 1), and otherwise stores nothing and returns false; of two instances saving the
 *       same number exactly one wins.
 *   <li>Checkpoints and their heads are never changed or deleted by the store (retention does not
 *       touch them: they hold no personal data, only pseudonymous references and hashes).
 *   <li>Everything is scoped by tenant; any failure throws {@link dev.consent.error.ConsentStoreException}.
 * </ul>
 *
 * @since 0.5
 */
public interface CheckpointStore {

  /** The tenant's newest checkpoint. */
  Optional<ChainCheckpoint> latestCheckpoint(String tenant);

  /** The tenant's checkpoints numbered after {@code after}, oldest first, at most {@code limit}. */
  List<ChainCheckpoint> checkpoints(String tenant, long after, int limit);

  /** For each of these subjects that any checkpoint anchors, the head anchored by the newest such checkpoint. */
  Map<String, AnchoredHead> anchoredHeads(String tenant, Collection<String> subjectRefs);

  /** The heads one checkpoint anchors, by subject reference after {@code after} (exclusive), at most {@code limit}. */
  List<AnchoredHead> checkpointHeads(String tenant, long checkpoint, @Nullable String after, int limit);

  /**
   * Stores a checkpoint and the heads it anchors (each with {@code checkpoint == checkpoint.number()})
   * if the tenant's newest checkpoint is the one before it.
   *
   * @return false, having stored nothing, when another checkpoint took the number first
   */
  boolean saveCheckpoint(ChainCheckpoint checkpoint, List<AnchoredHead> heads);
}
