package dev.consent;

/**
 * Why the gate refused a message.
 *
 * @since 0.1
 */
public enum DenyReason {
  /** No grant for this purpose (never asked, or a double opt-in still pending). */
  NO_CONSENT,
  /** The person withdrew consent for this purpose. */
  WITHDRAWN,
  /** The number is on the suppression list for this sender or for everything. */
  SUPPRESSED,
  /** Outside the permitted hours in the recipient's local time; see the retry instant. */
  QUIET_HOURS,
  /** The frequency cap for this purpose and jurisdiction is reached; see the retry instant. */
  FREQUENCY_CAP,
  /** The grant is older than the purpose's consent validity and must be refreshed. */
  CONSENT_EXPIRED,
  /**
   * The carrier reported the number invalid, barred or deactivated; consents given for it ended
   * (it may be reassigned) until a new double opt-in from the phone. Also (since 0.4) a number that
   * libphonenumber does not know as valid ({@link PhoneNumber#isValid()} false, e.g. an area code
   * newer than its metadata): such a number may opt out, but nothing is sent to it.
   */
  INVALID_NUMBER,
  /** The sender asked for does not belong to the purpose's program. */
  SENDER_NOT_IN_PROGRAM,
  /** The store could not be read: fail closed. */
  STORE_UNAVAILABLE
}
