package dev.consent.sms.twilio;

import dev.consent.carrier.CarrierHttp;
import java.time.Duration;

/**
 * The Twilio adapter's former HTTP seam, now the seam every adapter shares: {@link CarrierHttp}
 * (its {@code Request} and {@code Response} are this type's, inherited).
 *
 * @deprecated since 0.5, use {@link CarrierHttp}; {@link TwilioCarrier.Builder#http} takes any
 *     {@code CarrierHttp}. To be removed in 0.6.
 * @since 0.1
 */
@Deprecated(since = "0.5", forRemoval = true)
@FunctionalInterface
public interface TwilioHttp extends CarrierHttp {

  /**
   * The default seam on the JDK client.
   *
   * @deprecated since 0.5, use {@link CarrierHttp#jdk(Duration)}
   */
  @Deprecated(since = "0.5", forRemoval = true)
  static TwilioHttp jdk(Duration connectTimeout) {
    CarrierHttp jdk = CarrierHttp.jdk(connectTimeout);
    return jdk::execute;
  }
}
