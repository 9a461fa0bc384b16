package dev.consent;

/**
 * What a consent event records.
 *
 * @since 0.1
 */
public enum EventKind {
  /** Double opt-in started: a confirmation was requested, consent is not given yet. */
  REQUESTED,
  /** Consent given (or confirmed). */
  GRANTED,
  /** Consent withdrawn (STOP, web, API, carrier report). */
  WITHDRAWN,
  /** A pending request or a grant ran out of time. */
  EXPIRED,
  /** The person's data was erased; only the proof without the number remains. */
  ERASED
}
