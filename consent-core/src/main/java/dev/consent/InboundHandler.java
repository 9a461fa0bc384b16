package dev.consent;

/**
 * Handles what people send to the program's numbers and what carriers report about sent messages.
 * The host's webhook endpoint verifies and parses the request with a carrier adapter, then hands
 * the result here.
 *
 * <pre>{@code
 * InboundMessage msg = twilio.webhooks().parseInbound(request);   // verified
 * InboundResult r = kit.inbound().handle(msg);                    // STOP, START, HELP, YES, ...
 * }</pre>
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
}
