package dev.consent;

import dev.consent.error.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Unclear inbound replies ("stop by the store", a lone refusal emoji) waiting for a person. Every
 * reply the classifier finds UNCLEAR is queued with its deadline ({@link ReviewSettings}); a person
 * lists the open items, reads the reply and resolves it as an opt-out or not; the decision is kept on
 * the item and an opt-out is recorded in the ledger as a withdrawal and honoured like a STOP. The
 * subscriber's next clear answer (STOP, START, YES or NO to the clarification question) resolves the
 * item too, and an item still open at its deadline withdraws consent unless configured otherwise.
 *
 * <pre>{@code
 * ReviewQueue reviews = kit.reviews();
 * for (ReviewItem item : reviews.open(50)) {
 *   show(item.text());                      // the reviewer reads it
 *   reviews.resolve(item.id(), ReviewDecision.OPT_OUT, "agent-17");
 * }
 * reviews.applyDeadlines();                 // from a scheduler, e.g. hourly
 * }</pre>
 *
 * <p>Thread-safe; several instances may share the store: resolutions are compare-and-set, so of two
 * people resolving one item, one wins and the other gets {@link ReviewOutcome.AlreadyResolved}.
 *
 * @since 0.5
 */
public interface ReviewQueue {

  /** The oldest open items of this tenant, oldest received first, at most {@code limit} (1 to 1,000). */
  List<ReviewItem> open(int limit);

  /** The next page: open items received after {@code last} (an item of the previous page), oldest first. */
  List<ReviewItem> openAfter(ReviewItem last, int limit);

  /** One item, open or resolved. */
  Optional<ReviewItem> item(String itemId);

  /**
   * Resolves an open item as a person decided. {@link ReviewDecision#OPT_OUT} withdraws the consents
   * a STOP to the same sender would (method {@link ConsentMethod#MANUAL_REVIEW}, evidence: who
   * decided, when, the item id); {@link ReviewDecision#NOT_OPT_OUT} changes no consent and appends a
   * {@link EventKind#REVIEWED} event with the same evidence to each of those purposes that has a status.
   *
   * @param decidedBy the person's identifier as the host names its staff (not a phone number), at most 128 characters
   * @throws InvalidInputException if an argument is missing or malformed (nothing changes)
   */
  ReviewOutcome resolve(String itemId, ReviewDecision decision, String decidedBy);

  /**
   * Resolves items still open at their deadline: as opt-outs (fail closed), or leaves them open when
   * the host configured {@link ReviewSettings#keepOpenAtDeadline()}. Call it from a scheduler.
   */
  ReviewDeadlines applyDeadlines();

  /** Open items of this tenant. */
  long openCount();

  /** How long the oldest open item has waited; zero when none is open. */
  Duration oldestOpenAge();
}
