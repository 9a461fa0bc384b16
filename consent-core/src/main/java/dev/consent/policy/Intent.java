package dev.consent.policy;

/**
 * What an inbound message asks for, as decided by {@link KeywordClassifier}.
 *
 * @since 0.1
 */
public enum Intent {
  /** Withdraw consent for the program replied to (STOP, CANCEL, "please stop texting me", ARRET, BAJA). */
  OPT_OUT,
  /** Withdraw every consent and suppress the number (STOP ALL, STOPALL). */
  OPT_OUT_ALL,
  /** Resubscribe after an opt-out (START, UNSTOP). Only ever an exact match. */
  OPT_IN,
  /** Confirm a pending double opt-in (YES, Y, OUI, SÍ, JA). Only ever an exact match. */
  CONFIRM,
  /** Ask for help (HELP, INFO, AIDE, AYUDA). Must be answered whether subscribed or not. */
  HELP,
  /**
   * Mentions a strong opt-out word without clearly asking to opt out ("the bus stop on 5th"). The
   * host answers once with a clarification and may queue the message for review.
   */
  UNCLEAR,
  /** Anything else. */
  OTHER;

  /** Whether this intent withdraws consent: {@link #OPT_OUT} or {@link #OPT_OUT_ALL}. */
  public boolean isOptOut() {
    return this == OPT_OUT || this == OPT_OUT_ALL;
  }
}
