package dev.consent.memory;

import dev.consent.CarrierError;
import dev.consent.spi.SmsCarrier;
import dev.consent.testkit.SmsCarrierContract;

class RecordingCarrierTest extends SmsCarrierContract {
  private final RecordingCarrier carrier = new RecordingCarrier();

  @Override
  protected SmsCarrier carrier() {
    return carrier;
  }

  @Override
  protected String sender() {
    return "+14155550000";
  }

  @Override
  protected void arrangeAccepted() {
    carrier.reset();
  }

  @Override
  protected void arrangeRecipientOptedOut() {
    carrier.reportOptOut(RECIPIENT, sender());
  }

  @Override
  protected void arrangeInvalidNumber() {
    carrier.failNext(CarrierError.of(CarrierError.Kind.INVALID_NUMBER, "21211", "invalid 'To' number", false));
  }

  @Override
  protected void arrangeAuthenticationFailure() {
    carrier.failNext(CarrierError.of(CarrierError.Kind.AUTHENTICATION, "20003", "authenticate", false));
  }

  @Override
  protected void arrangeUnreachable() {
    carrier.failNext(CarrierError.of(CarrierError.Kind.UNAVAILABLE, "connect", "connection refused", true));
  }
}
