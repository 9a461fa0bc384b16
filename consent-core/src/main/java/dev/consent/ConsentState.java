package dev.consent;

/**
 * The current state of consent for one (number, purpose).
 *
 * @since 0.1
 */
public enum ConsentState {
  /** Nothing recorded. */
  NONE,
  /** A double opt-in was requested and not yet confirmed. */
  PENDING,
  /** Consent given and not withdrawn. It may still have run out of validity: see the gate. */
  GRANTED,
  /** Consent withdrawn. */
  WITHDRAWN,
  /** A pending request or a grant expired. */
  EXPIRED,
  /** The person's data was erased. */
  ERASED
}
