package dev.consent.feed;

import java.util.List;

/**
 * The tenant's change feed ({@code kit.changeFeed()}, when the kit was built with {@code
 * changeFeed(..)}). Every change is stored in the same transaction as the consent or suppression it
 * describes; {@link #deliver} hands a subscriber what it has not taken yet, at least once and in order
 * per number, and moves its cursor only after the sink confirmed.
 *
 * <p>The library starts no thread: call {@link #deliver} from your scheduler, after your own writes,
 * or in a loop of your own. Many instances may call it for the same subscriber: a lease lets one
 * deliver at a time, and a cursor moved by compare-and-set never goes back.
 *
 * <pre>{@code
 * ConsentKit kit = ConsentKit.builder()
 *     // ... store, carrier, purposes, clock ...
 *     .changeFeed(FeedSettings.defaults()).build();
 * Delivery d = kit.changeFeed().deliver("crm", changes -> crm.apply(changes));   // every second
 * SubscriberStatus s = kit.changeFeed().status("crm");                           // lag, failures
 * }</pre>
 *
 * @since 0.5
 */
public interface ChangeFeed {

  /**
   * Hands the subscriber its next changes, in batches of {@link FeedSettings#batchSize()}, up to
   * {@link FeedSettings#maxBatches()} batches; a new subscriber starts at the beginning of the feed.
   * A batch the sink fails is delivered again, from its first change, after a pause that doubles
   * with each failure. Never throws for a sink's failure (see {@link Delivery.Failed}).
   *
   * @param subscriber a name: 1-64 letters, digits, '.', '_' or '-'
   * @throws dev.consent.error.ConsentStoreException if the store fails
   */
  Delivery deliver(String subscriber, ChangeSink sink);

  /** Where the subscriber stands (position 0 for one that never took anything). */
  SubscriberStatus status(String subscriber);

  /** Every subscriber of the tenant that took or tried to take changes. */
  List<SubscriberStatus> subscribers();

  /** Changes after {@code position}, at most {@code limit} (1-10,000): for a host that reads the feed itself. */
  List<ConsentChange> read(long position, int limit);

  /**
   * Deletes changes every subscriber has taken (up to the lowest position, and below any gap one of
   * them still waits for), at most {@code limit} (1-100,000) per call; none while no subscriber
   * exists. A subscriber added later starts at the oldest change kept. Call it from the host's
   * retention job, again while it returns {@code limit}.
   *
   * @return changes deleted
   */
  int purgeDelivered(int limit);
}
