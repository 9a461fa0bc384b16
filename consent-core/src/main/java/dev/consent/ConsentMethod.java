package dev.consent;

/**
 * How a consent event was captured. There is deliberately no "pre-ticked" or "implied" method.
 *
 * @since 0.1
 */
public enum ConsentMethod {
  WEB_FORM,
  SMS_KEYWORD,
  SMS_DOUBLE_OPT_IN,
  VERBAL,
  PAPER,
  API,
  CARRIER_REPORT,
  /** Imported from an earlier system; the original method is kept in the evidence. */
  IMPORT,
  /** A person of the host's staff read an unclear reply and decided (see {@link ReviewQueue}); since 0.5. */
  MANUAL_REVIEW,
  /** Recorded by this library itself (e.g. a pending request expiring). */
  SYSTEM
}
