package dev.consent;

/**
 * The totals of a campaign run ({@link MessageGate#sendAll}), so far or at its end.
 *
 * @param campaignId the campaign
 * @param processed messages with a result
 * @param sent accepted by the carrier in this run
 * @param blocked refused by the gate (no consent, opted out, quiet hours, cap, ...)
 * @param failed allowed, then refused by the carrier
 * @param alreadySent held by the campaign before (a retried run): not sent again
 * @param complete whether the whole input was processed (false when the run was interrupted)
 * @param deferred held for later ({@link Campaign#deferUpTo}); not counted in {@code blocked}
 * @since 0.5
 */
public record CampaignReport(String campaignId, long processed, long sent, long blocked, long failed,
    long alreadySent, boolean complete, long deferred) {

  /** A report of a campaign that held nothing (the components before deferral). */
  public CampaignReport(String campaignId, long processed, long sent, long blocked, long failed, long alreadySent,
      boolean complete) {
    this(campaignId, processed, sent, blocked, failed, alreadySent, complete, 0);
  }
}
