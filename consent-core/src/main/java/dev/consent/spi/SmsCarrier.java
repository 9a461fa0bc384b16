package dev.consent.spi;

import dev.consent.CarrierError;

/**
 * Sends SMS through one carrier. Implementations never throw for a refused or failed send: they
 * return {@link SendResult.Rejected} with a typed {@link CarrierError}. They retry only where no
 * message can have been created, and never log the number, the body or a secret.
 *
 * <p>Implementations must be thread-safe and pass {@code dev.consent.testkit.SmsCarrierContract}.
 *
 * @since 0.1
 */
public interface SmsCarrier {

  /** Short lower-case name, e.g. {@code twilio}; recorded in the message log. */
  String name();

  /** Sends one message. */
  SendResult send(OutgoingSms sms);
}
