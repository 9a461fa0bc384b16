package dev.consent.spi;

/**
 * What {@link QuarantineStore#quarantine} did with one item.
 *
 * @since 0.4
 */
public enum QuarantineAdmission {
  /** Stored. */
  ADDED,
  /** An item with the same (tenant, carrier, message id) is already held; nothing changed. */
  ALREADY_HELD,
  /** The tenant holds its maximum number of items; nothing stored. */
  TENANT_FULL,
  /** The claimed sender (subject reference) holds its maximum number of items; nothing stored. */
  SENDER_FULL
}
