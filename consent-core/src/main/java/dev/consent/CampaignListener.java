package dev.consent;

/**
 * Receives a campaign's results as {@link MessageGate#sendAll} goes, so that a campaign of any size
 * needs no list of its results in memory. Called on the sending thread; keep it quick.
 *
 * @since 0.5
 */
@FunctionalInterface
public interface CampaignListener {

  /** One message's result; every message of the input gets exactly one. */
  void onResult(CampaignResult result);

  /** The totals so far, after each batch. The default ignores them. */
  default void onProgress(CampaignReport progress) {}

  /** A listener that keeps nothing (the returned {@link CampaignReport} has the totals). */
  static CampaignListener ignoring() {
    return result -> {};
  }
}
