package dev.consent;

import dev.consent.error.ConsentStoreException;
import dev.consent.kit.ConsentKit;

/**
 * Handles what people send to the program's numbers and what carriers report about sent messages.
 * The host's webhook endpoint verifies and parses the request with a carrier adapter, then hands
 * the result here.
 *
 * <pre>{@code
 * WebhookResult w = twilioWebhooks.inbound(request);              // signature and shape checked
 * if (w instanceof WebhookResult.Inbound in) {
 *   InboundResult r = kit.inbound().handle(in.message());          // STOP, START, HELP, YES, ...
 * }
 * }</pre>
 *
 * <p>A message whose webhook could not be verified ({@link InboundMessage#authenticated()} false) is
 * never applied, never answered and never recorded as handled: it is put in quarantine ({@link
 * InboundResult.Quarantined}) and applied only once the carrier's own API confirms it ({@link
 * #confirmQuarantined()}, with a {@link dev.consent.spi.InboundConfirmer}), so a forged request
 * changes nothing and cannot shadow the verified message with the same id. A burst of them raises
 * an alarm ({@link #health()}): usually a misconfigured webhook URL or token.
 *
 * <p>An opt-out (STOP, STOPALL, a carrier's opt-out) is honoured from any E.164 number, including
 * one libphonenumber does not know as valid ({@link PhoneNumber#isValid()} false, e.g. a new area
 * code); opt-ins from such a number (START, YES, a code, a join keyword) are ignored, since nothing
 * can be sent to it (since 0.4).
 *
 * <p>Idempotent by the carrier's message id: a webhook delivered twice changes nothing the second
 * time. If the store fails, {@link ConsentStoreException} propagates: the host must answer the
 * carrier with an error so the carrier retries, and no opt-out is lost. Thread-safe.
 *
 * @since 0.1
 */
public interface InboundHandler {

  /** Classifies and acts on one inbound message. */
  InboundResult handle(InboundMessage message);

  /**
   * Records a delivery report in the message log (states only move forward) and, when the carrier
   * says the recipient opted out, suppresses the number in the scope the carrier gave.
   *
   * @return whether the report matched a logged message or caused a suppression
   */
  boolean handle(DeliveryReport report);

  /**
   * Tries to confirm, with the carrier's API, one bounded batch ({@link
   * InboundSettings#confirmBatch()}) of quarantined messages whose next attempt is due: a confirmed
   * one is handled like a verified message (the carrier's record, not the request; a duplicate of
   * one already handled changes nothing) with the confirmation in its evidence; one the carrier does
   * not know is dropped as forged; an unavailable carrier is asked again later, with back-off; one
   * past {@link InboundSettings#maxAge()} is given up (logged as an error). The library starts no
   * thread: call it from the host's scheduler (e.g. every minute) and again while {@link
   * QuarantineReport#moreDue()}.
   *
   * @throws ConsentStoreException if the store fails (what was done before stays done)
   * @throws UnsupportedOperationException from an implementation other than the kit's (the default,
   *     which keeps test doubles written before 0.4 compiling)
   * @since 0.4
   */
  default QuarantineReport confirmQuarantined() {
    throw new UnsupportedOperationException("confirmQuarantined() is provided by ConsentKit.inbound()");
  }

  /**
   * The state of inbound verification, for the host's health checks: the alarm, unverified messages
   * per carrier within the alarm window, what the quarantine holds, and whether confirmation is
   * possible at all.
   *
   * @throws ConsentStoreException if the store fails
   * @throws UnsupportedOperationException from an implementation other than the kit's (the default)
   * @since 0.4
   */
  default InboundHealth health() {
    throw new UnsupportedOperationException("health() is provided by ConsentKit.inbound()");
  }
}
