package dev.consent.sms.vonage;

import dev.consent.carrier.CarrierHttp;
import dev.consent.spi.OutgoingSms;
import dev.consent.spi.SendResult;

/** One of Vonage's two send APIs: how to write a request and read its answer. Thread-safe. */
interface Api {

  /** A fresh request for one attempt (signatures and tokens carry the attempt's time). */
  CarrierHttp.Request request(OutgoingSms sms);

  /** What Vonage's answer means. */
  SendResult read(CarrierHttp.Response response, OutgoingSms sms);

  /** For toString: which API and how it authenticates, without secrets. */
  String describe();
}
