package dev.consent;

import java.time.Instant;

/**
 * What one {@link MessageGate#releaseDue} call did with the deferred messages that were due.
 *
 * @param at the kit's time of the call
 * @param sent checked again and taken by the carrier
 * @param deferredAgain still refused for quiet hours or a cap, and held to the new retry instant; or
 *     not decided because the store could not be read, and held as before
 * @param blocked refused for another reason (an opt-out, a suppression, consent no longer valid):
 *     dropped
 * @param expired not sendable by their latest time: dropped
 * @param failed refused by the carrier: dropped, as {@link MessageGate#send} would leave them
 * @param alreadySent an earlier release had already handed them to the carrier (or may have, when it
 *     stopped before the carrier answered): not sent again
 * @param more whether more messages were due than one call releases ({@link
 *     MessageGate#RELEASE_BATCH}): call again
 * @since 0.5
 */
public record ReleaseReport(Instant at, int sent, int deferredAgain, int blocked, int expired, int failed,
    int alreadySent, boolean more) {

  /** How many messages the call handled. */
  public int handled() {
    return sent + deferredAgain + blocked + expired + failed + alreadySent;
  }
}
