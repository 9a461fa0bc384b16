package dev.consent.sms.vonage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.CarrierError;
import dev.consent.LogText;
import dev.consent.PhoneNumber;
import dev.consent.carrier.CarrierHttp;
import dev.consent.spi.OutgoingSms;
import dev.consent.spi.SendResult;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The SMS API: {@code POST /sms/json}, form-encoded, key and secret or a signature. */
final class SmsApi implements Api {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SmsApi.class);
  private static final int MAX_CLIENT_REF = 100;

  private final URI endpoint;
  private final String apiKey;
  private final @Nullable String apiSecret;
  private final @Nullable String signatureSecret;
  private final SignatureMethod method;
  private final @Nullable URI callback;
  private final Duration timeout;
  private final Clock clock;
  private final ObjectMapper json;

  SmsApi(ApiSettings s, ObjectMapper json) {
    this.endpoint = Wire.endpoint(s.baseUrl(), Wire.SMS_BASE, "/sms/json");
    this.apiKey = java.util.Objects.requireNonNull(s.apiKey(), "the SMS API needs an API key");
    this.apiSecret = s.apiSecret();
    this.signatureSecret = s.signatureSecret();
    this.method = s.signatureMethod();
    this.callback = s.deliveryReceiptUrl();
    this.timeout = s.requestTimeout();
    this.clock = s.clock();
    this.json = json;
  }

  @Override
  public CarrierHttp.Request request(OutgoingSms sms) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("api_key", apiKey);
    p.put("from", Wire.toVonage(sms.from()));
    p.put("to", Wire.toVonage(sms.to().e164()));
    p.put("text", sms.body());
    p.put("type", Wire.isGsm7(sms.body()) ? "text" : "unicode");
    if (sms.reference().length() <= MAX_CLIENT_REF) {
      p.put("client-ref", sms.reference());
    }
    if (callback != null) {
      p.put("callback", callback.toString());
    }
    if (signatureSecret != null) {
      p.put("timestamp", Long.toString(clock.instant().getEpochSecond()));
      p.put(SmsSignature.SIG, SmsSignature.sign(p, signatureSecret, method));
    } else {
      p.put("api_secret", apiSecret == null ? "" : apiSecret);
    }
    byte[] body = Wire.formEncode(p).getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers =
        Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json");
    return new CarrierHttp.Request(endpoint, headers, body, timeout);
  }

  @Override
  public SendResult read(CarrierHttp.Response r, OutgoingSms sms) {
    if (r.status() != 200) {
      return new SendResult.Rejected(Errors.http(r.status()));
    }
    JsonNode messages;
    try {
      messages = json.readTree(r.body()).path("messages");
    } catch (IOException | RuntimeException e) {
      return new SendResult.Rejected(Errors.unknown("unreadable answer from Vonage"));
    }
    if (!messages.isArray() || messages.isEmpty()) {
      return new SendResult.Rejected(Errors.unknown("Vonage answered without message parts"));
    }
    return readParts(messages, sms);
  }

  /**
   * Each part of a long text has its own status. The message is accepted only when every part
   * is; the first part's id names it (its delivery receipt comes first).
   */
  private SendResult readParts(JsonNode messages, OutgoingSms sms) {
    String firstId = null;
    CarrierError failure = null;
    boolean anyAccepted = false;
    for (JsonNode part : messages) {
      String status = part.path("status").asText("");
      if (status.equals("0")) {
        anyAccepted = true;
        firstId = firstId != null ? firstId : part.path("message-id").asText("");
      } else if (failure == null) {
        failure = Errors.smsStatus(status);
      }
    }
    if (failure == null) {
      return firstId == null || firstId.isBlank()
          ? new SendResult.Rejected(Errors.unknown("accepted without a message id"))
          : new SendResult.Accepted(firstId);
    }
    if (anyAccepted) {
      // Some parts went out: sending again would duplicate them.
      failure = CarrierError.of(failure.kind(), failure.code(), "some parts sent: " + failure.message(), false);
    }
    LOG.debug("vonage sms api refused a message to {}: status {}", PhoneNumber.mask(sms.to().e164()),
        LogText.safe(failure.code()));
    return new SendResult.Rejected(failure);
  }

  @Override
  public String describe() {
    return "api=sms, endpoint=" + endpoint + ", auth=" + (signatureSecret != null ? "signature:" + method : "api-secret");
  }
}
