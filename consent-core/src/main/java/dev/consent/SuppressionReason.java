package dev.consent;

/**
 * Why a number is on the suppression list.
 *
 * @since 0.1
 */
public enum SuppressionReason {
  /** The person replied STOPALL or another opt-out whose scope was everything. */
  STOP_ALL,
  /** The carrier reported that the person opted out (e.g. Twilio 21610, Vonage 1240). */
  CARRIER_REPORT,
  /** The person's data was erased; only a keyed hash of the number remains. */
  ERASURE,
  /** The host put the number on the list (complaint, wrong number, legal hold). */
  HOST,
  /**
   * The carrier said the number is invalid, barred or deactivated. A deactivated number may be
   * given to someone else, so the consents given for it end; a confirmed double opt-in from the
   * phone lifts this.
   */
  INVALID_NUMBER
}
