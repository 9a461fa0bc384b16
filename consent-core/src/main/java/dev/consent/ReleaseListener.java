package dev.consent;

/**
 * Told what {@link MessageGate#releaseDue} did with each deferred message, on the calling thread.
 *
 * @since 0.5
 */
@FunctionalInterface
public interface ReleaseListener {

  /**
   * One released message.
   *
   * @param deferralId the id {@link SendOutcome.Deferred} gave
   * @param to its recipient
   * @param outcome {@link SendOutcome.Sent}, {@link SendOutcome.Deferred} (held again), {@link
   *     SendOutcome.Blocked} (dropped: refused, or past its latest time) or {@link SendOutcome.Failed}
   *     (the carrier refused it, or an earlier release stopped before the carrier answered: kind
   *     {@code OUTCOME_UNKNOWN}, never sent again)
   */
  void onRelease(String deferralId, PhoneNumber to, SendOutcome outcome);
}
