package dev.consent.spi;

import dev.consent.DeferredMessage;
import java.time.Instant;
import java.util.List;

/**
 * Durable store of deferred messages ({@link DeferredMessage}): a narrow SPI beside {@link
 * ConsentStore}, which a store implements as well when it can ({@code InMemoryConsentStore} and
 * {@code JdbcConsentStore} do).
 *
 * <p>Rules every implementation keeps (and {@code dev.consent.testkit.DeferralStoreContract} checks):
 * a message is kept once per (tenant, id); the number and body are kept encrypted where the store
 * persists; {@link #claimDue} is a compare-and-set per message, so of instances claiming at once each
 * due message goes to one of them until its claim runs out; everything is scoped by tenant; any
 * failure throws {@link dev.consent.error.ConsentStoreException}. Implementations are thread-safe.
 *
 * @since 0.5
 */
public interface DeferralStore {

  /** Stores a deferred message, unclaimed; returns false (and changes nothing) if the tenant holds one with its id. */
  boolean defer(DeferredMessage message);

  /**
   * Claims at most {@code limit} messages due at {@code now} ({@code releaseAt} at or before it) that
   * are unclaimed or whose claim ran out before {@code now}, earliest due first (ties by id), and
   * returns them: each is claimed until {@code claimUntil}, during which no other call returns it.
   */
  List<DeferredMessage> claimDue(String tenant, Instant now, Instant claimUntil, int limit);

  /** Makes a message due at another time, unclaimed; returns whether it was there. */
  boolean redefer(String tenant, String id, Instant releaseAt);

  /** Deletes a message (released, dropped or expired); returns whether it was there. */
  boolean removeDeferred(String tenant, String id);

  /** The tenant's deferred messages to one subject reference, earliest due first: for export. */
  List<DeferredMessage> deferredOf(String tenant, String subjectRef);

  /** Deletes every deferred message of one subject reference: erasure; returns how many. */
  int eraseDeferred(String tenant, String subjectRef);
}
