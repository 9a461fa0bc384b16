package dev.consent.spi;

import java.time.Instant;
import java.util.List;

/**
 * Durable quarantine of unverified inbound messages (see {@link QuarantinedInbound}): a narrow SPI
 * beside {@link ConsentStore}, which a store implements as well when it can ({@code
 * InMemoryConsentStore} and {@code JdbcConsentStore} do).
 *
 * <p>Rules every implementation keeps (and {@code dev.consent.testkit.QuarantineStoreContract}
 * checks): an item is kept once per (tenant, carrier, message id); the budgets are checked before
 * storing and a refused item changes nothing; everything is scoped by tenant; any failure throws
 * {@link dev.consent.error.ConsentStoreException}. Implementations are thread-safe; under concurrent
 * admissions a budget may be exceeded by at most the number of callers racing for the last place.
 *
 * @since 0.4
 */
public interface QuarantineStore {

  /**
   * Stores an item unless one with the same (tenant, carrier, message id) is held, the tenant
   * holds {@code maxPerTenant} items, or the item's subject reference holds {@code maxPerSender}
   * items in the tenant.
   */
  QuarantineAdmission quarantine(QuarantinedInbound item, int maxPerTenant, int maxPerSender);

  /** Items of the tenant whose next attempt is due at {@code now} or before, earliest due first, at most {@code limit}. */
  List<QuarantinedInbound> dueForConfirmation(String tenant, Instant now, int limit);

  /** Records an attempt: sets the item's attempts and next attempt time; returns false if it is not held. */
  boolean reschedule(String tenant, String carrier, String messageId, int attempts, Instant nextAttemptAt);

  /** Removes an item (confirmed, forged or expired); returns false if it was not held. */
  boolean release(String tenant, String carrier, String messageId);

  /** How many items the tenant holds and the oldest one's quarantine time. */
  QuarantineSummary quarantineSummary(String tenant);
}
