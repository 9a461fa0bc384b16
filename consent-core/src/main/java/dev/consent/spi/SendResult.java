package dev.consent.spi;

import dev.consent.CarrierError;
import dev.consent.internal.base.Checks;

/**
 * What a carrier answered to one send.
 *
 * @since 0.1
 */
public sealed interface SendResult {

  /** The carrier accepted the message and gave it this id. */
  record Accepted(String carrierMessageId) implements SendResult {
    public Accepted {
      Checks.notBlank(carrierMessageId, "carrier message id");
    }
  }

  /** The carrier did not accept the message. */
  record Rejected(CarrierError error) implements SendResult {
    public Rejected {
      Checks.notNull(error, "error");
    }
  }
}
