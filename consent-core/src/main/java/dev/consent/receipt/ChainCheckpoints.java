package dev.consent.receipt;

import dev.consent.ChainReport;
import dev.consent.ConsentRegistry;
import dev.consent.error.ConfigurationException;
import dev.consent.error.ConsentStoreException;
import dev.consent.error.InvalidInputException;
import dev.consent.kit.ConsentKit;
import java.util.List;
import java.util.Optional;

/**
 * Signed checkpoints of the tenant's chain heads, so that a rebuilt chain is caught. The hash chain
 * alone shows edits, deletions and reordering, but anyone who can write the database can rebuild a
 * whole chain with fresh hashes; a checkpoint signed with a key the database does not hold (Ed25519
 * or P-256, {@link ConsentKit.Builder#checkpointKeys}) pins each chain's head at the time, and {@link
 * ConsentRegistry#verify()} reports any chain that no longer holds its anchored head.
 *
 * <pre>{@code
 * ChainCheckpoints.Result r = kit.checkpoints().create();       // from the host's scheduler
 * witness.publish(r.checkpoint().jws());                         // outside the database
 * ChainReport report = kit.checkpoints().verify(witnessedCheckpoint);
 * }</pre>
 *
 * <p>The kit starts no thread: the host calls {@link #create()} as often as it wants the window in
 * which a rewrite goes unnoticed to be (hourly, daily). Thread-safe; instances may race, exactly one
 * checkpoint gets each number.
 *
 * @since 0.5
 */
public interface ChainCheckpoints {

  /**
   * Verifies every chain whose head moved since the newest checkpoint, and signs and stores a new
   * checkpoint anchoring the heads of those that verify (a checkpoint that anchors none is still
   * made: it tells a witness nothing moved). A chain that fails verification is not anchored; it is
   * in {@link Result#refused()}.
   *
   * @throws ConfigurationException if the kit has no signing key or no checkpoint store
   * @throws ConsentStoreException if the store fails, or other instances kept taking the next number
   */
  Result create();

  /** The newest checkpoint, if any. */
  Optional<ChainCheckpoint> latest();

  /** Checkpoints numbered after {@code after}, oldest first, at most {@code limit} (1-1000): for export to a witness. */
  List<ChainCheckpoint> list(long after, int limit);

  /**
   * Everything {@link ConsentRegistry#verify()} checks, and that the store still holds {@code
   * witnessed} (a checkpoint kept outside the database, read with {@link ChainCheckpoint#verify})
   * unchanged: a deleted, replaced or re-signed checkpoint, or a rebuilt store, is a break.
   *
   * @throws ConfigurationException if the kit has no checkpoint key to check signatures with
   * @throws InvalidInputException if {@code witnessed} does not verify under the kit's key or names another tenant
   */
  ChainReport verify(ChainCheckpoint witnessed);

  /**
   * What {@link #create()} made, and the chains it refused to anchor because they do not verify.
   *
   * @param checkpoint the signed checkpoint
   * @param refused every break of the chains left out (empty when every moved chain verified)
   */
  record Result(ChainCheckpoint checkpoint, ChainReport refused) {}
}
