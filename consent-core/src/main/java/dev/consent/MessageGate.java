package dev.consent;

import dev.consent.error.ConsentStoreException;
import dev.consent.error.InvalidInputException;
import dev.consent.error.UnknownPurposeException;
import java.util.List;

/**
 * The gate in front of the carrier: every message passes it, and it says why when it refuses.
 *
 * <pre>{@code
 * OutboundMessage m = OutboundMessage.of(number, "marketing.promotions", "20% off today");
 * if (gate.check(m) instanceof GateDecision.Denied d) {
 *   log.info("not sent: {}", d.reason());             // CONSENT_MISSING, QUIET_HOURS, ...
 * }
 * SendOutcome outcome = gate.send(m);     // check, send, log
 * }</pre>
 *
 * <p>Fail closed: when the store cannot be read, every message is denied with {@link
 * DenyReason#STORE_UNAVAILABLE}. Thread-safe.
 *
 * @since 0.1
 */
public interface MessageGate {

  /**
   * Decides whether a message may go out now.
   *
   * @throws UnknownPurposeException if the message names a purpose the kit does not know
   */
  GateDecision check(OutboundMessage message);

  /** Decides for many messages at once, with batched store reads (campaigns). Same order as the input. */
  List<GateDecision> checkAll(List<OutboundMessage> messages);

  /**
   * Checks, sends through the carrier and logs. A carrier report that the recipient opted out
   * suppresses the number in the scope the carrier gave.
   */
  SendOutcome send(OutboundMessage message);

  /**
   * For a message the host sends with its own carrier client (the Twilio SDK it already uses): checks
   * it as {@link #send} does and, when allowed, logs it (without a carrier id yet) and takes its
   * frequency-cap slot atomically, so caps and the message log count what the host sends too.
   * Follow with {@link #confirmSent} or {@link #cancel}; a reservation never confirmed keeps counting.
   *
   * @since 0.5
   */
  HostSend reserve(OutboundMessage message);

  /**
   * The host's carrier took a reserved message: records the carrier's message id, so that delivery
   * reports find it. Returns whether the reservation was found (false once confirmed or cancelled).
   *
   * @since 0.5
   */
  boolean confirmSent(String messageId, String carrierMessageId);

  /**
   * The host's carrier refused a reserved message: forgets it, freeing its slot. Returns whether the
   * reservation was found.
   *
   * @since 0.5
   */
  boolean cancel(String messageId);

  /**
   * Sends a campaign: every message through the gate, as {@link #send} would, but decided in batches
   * with the batched reads of {@link #checkAll}, and reserved in one store call per batch.
   *
   * <ul>
   *   <li><b>Idempotent per (campaign, recipient)</b>: a number the campaign already holds a message
   *       to, from this run or an earlier one, is not sent again ({@link CampaignResult.AlreadySent}),
   *       so a run retried after a crash sends each recipient at most once. A message the carrier
   *       refused is not held: a retry tries it again. A message in flight when the process died is
   *       held with its outcome unknown ({@link CampaignResult.AlreadySent#inDoubt}).
   *   <li><b>Streamed</b>: the input is read as the run goes and each result goes to the listener
   *       when its batch is done; nothing grows with the campaign's size.
   *   <li><b>Paced</b> at {@link Campaign#maxPerSecond} on this instance.
   *   <li><b>Opt-outs win</b>: a batch's decisions are at most {@link Campaign#maxDecisionAge} old
   *       when a message goes out (by the kit's clock); older, the rest is read again, so a STOP
   *       recorded meanwhile on any instance stops the messages not sent yet.
   *   <li><b>Caps</b> are reserved atomically per number, duplicates of one batch counted.
   * </ul>
   *
   * <p>Results come in input order, but for messages read again after their batch grew too old. On
   * interruption the run stops after the message in flight, releases what it reserved and did not
   * send, restores the thread's interrupt flag and returns a report that is not {@code complete}.
   *
   * @throws UnknownPurposeException if a message names a purpose the kit does not know (the messages
   *     of earlier batches are sent; a retry after the fix sends the rest)
   * @throws ConsentStoreException when the store fails (fail closed: the batch being reserved is not
   *     sent; a retry picks up where the run stopped)
   * @throws UnsupportedOperationException when the store keeps no campaigns, or the campaign holds
   *     messages ({@link Campaign#deferUpTo}) and the store keeps no deferred messages (before anything
   *     is sent)
   * @since 0.5
   */
  CampaignReport sendAll(Campaign campaign, Iterable<OutboundMessage> messages, CampaignListener listener);

  /** Most deferred messages one {@link #releaseDue} call handles. */
  int RELEASE_BATCH = 100;

  /**
   * {@link #send}, but a message refused for quiet hours or a frequency cap is held instead of dropped
   * ({@link SendOutcome.Deferred}) when it could go within {@code maxDelay}: at the refusal's retry
   * instant, {@link #releaseDue} checks it again and sends it. A message that could not go by then
   * (or refused for any other reason) is {@link SendOutcome.Blocked}, as from {@code send}. Held
   * messages are kept by the store ({@link dev.consent.spi.DeferralStore}: the in-memory and JDBC
   * stores, durably in JDBC) and erased with their number.
   *
   * @param maxDelay how late the message may still go, from now: positive, at most 30 days
   * @throws InvalidInputException for a delay out of range
   * @throws UnsupportedOperationException when the store keeps no deferred messages
   * @since 0.5
   */
  SendOutcome sendOrDefer(OutboundMessage message, java.time.Duration maxDelay);

  /**
   * Releases the deferred messages that are due (at most {@link #RELEASE_BATCH} per call; the report
   * says whether more are): each is checked again as {@link #send} would, so an opt-out, suppression
   * or expiry recorded meanwhile on any instance wins; allowed, it is sent at most once even if
   * several instances release at once or one dies halfway (each message is claimed for a minute, and
   * sent as a one-message campaign whose id is the deferral's); refused again for quiet hours or a
   * cap within its latest time, it is held to the new retry instant; when the store cannot be read
   * ({@link DenyReason#STORE_UNAVAILABLE}) nothing is decided and it stays held, due as before; else
   * it is dropped. Call it from your scheduler, e.g. every minute, on any or every instance.
   *
   * @throws UnsupportedOperationException when the store keeps no deferred messages
   * @since 0.5
   */
  ReleaseReport releaseDue(ReleaseListener listener);

  /**
   * {@link #releaseDue(ReleaseListener)} without a listener.
   *
   * @since 0.5
   */
  default ReleaseReport releaseDue() {
    return releaseDue((id, to, outcome) -> {});
  }
}
