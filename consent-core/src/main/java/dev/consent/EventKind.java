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
  ERASED,
  /**
   * An unclear reply was decided not to be an opt-out (by a person of the host's staff, or by the
   * subscriber's own answer to the clarification question), with who decided and when in its
   * evidence. The status does not change: the event keeps the decision in the proof.
   *
   * @since 0.5
   */
  REVIEWED
}
