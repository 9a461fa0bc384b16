package dev.consent;

/**
 * What a STOP (a plain opt-out keyword, not STOP ALL) withdraws, besides every purpose of the program
 * whose sender it was sent to. A STOP sent to a number no program uses withdraws at least all
 * marketing; STOP ALL always withdraws everything.
 *
 * @since 0.5
 */
public enum OptOutScope {
  /** The program's purposes only (CTIA: an opt-out applies to the program it answers). */
  PROGRAM,
  /** Also every marketing purpose of every program. */
  MARKETING,
  /**
   * Also every purpose of every program that needs consent (marketing and consent-based
   * informational messages); purposes on another basis (order updates under a contract) go on. The
   * FCC's "revoke all" rule (47 CFR 64.1200(a)(10)) for robotexts to US numbers.
   */
  CONSENTED,
  /** Every purpose of every program, as STOP ALL (but without the suppression STOP ALL adds). */
  EVERYTHING;

  /** Whether an opt-out of this scope, sent to {@code answered}'s sender (null: no program's), withdraws {@code p}. */
  public boolean withdraws(Purpose p, @org.jspecify.annotations.Nullable Program answered) {
    if (answered != null && p.program().id().equals(answered.id())) {
      return true;
    }
    return switch (this) {
      case PROGRAM -> false;
      case MARKETING -> p.messageClass() == MessageClass.MARKETING;
      case CONSENTED -> p.requiresConsent() || p.messageClass() == MessageClass.MARKETING;
      case EVERYTHING -> true;
    };
  }
}
