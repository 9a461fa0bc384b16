package dev.consent.sms.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.CarrierError;
import dev.consent.PhoneNumber;
import dev.consent.carrier.CarrierHttp;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Maps Twilio's error JSON {@code {code, message, more_info, status}} to a {@link CarrierError}. */
final class TwilioErrors {
  static final String OPTED_OUT = "21610";
  static final int TOO_MANY_REQUESTS = 20429;
  private static final int MAX_MESSAGE = 200;
  private static final Pattern DIGITS = Pattern.compile("\\+?[0-9]{7,}");

  private TwilioErrors() {}

  /** Twilio's error as read from a non-2xx answer. */
  record TwilioError(int status, @Nullable Integer code, String message) {
    String codeText() {
      return code != null ? String.valueOf(code) : String.valueOf(status);
    }

    /** Whether no message exists and the same request may be sent again. */
    boolean retryable() {
      return status == 429 || status == 503 || (code != null && code == TOO_MANY_REQUESTS);
    }
  }

  static TwilioError read(ObjectMapper json, CarrierHttp.Response response) {
    Integer code = null;
    String message = "HTTP " + response.status();
    try {
      JsonNode node = json.readTree(response.body());
      if (node != null && node.path("code").canConvertToInt()) {
        code = node.path("code").asInt();
      }
      if (node != null && node.path("message").isTextual()) {
        message = node.path("message").asText();
      }
    } catch (IOException | RuntimeException notJson) {
      // Not Twilio's error JSON (a proxy's page): the status alone decides.
    }
    return new TwilioError(response.status(), code, sanitize(message));
  }

  /**
   * The typed error for a final answer. {@code scope} is the suppression scope a 21610 applies to:
   * the Messaging Service when the message went through one, else the sender.
   */
  static CarrierError toCarrierError(TwilioError e, String optOutScope) {
    String code = e.codeText();
    String message = e.message();
    if (OPTED_OUT.equals(code)) {
      return CarrierError.optedOut(code, message, optOutScope);
    }
    if ("21211".equals(code) || "21614".equals(code)) {
      return CarrierError.of(CarrierError.Kind.INVALID_NUMBER, code, message, false);
    }
    if ("20003".equals(code) || (e.code() == null && (e.status() == 401 || e.status() == 403))) {
      return CarrierError.of(CarrierError.Kind.AUTHENTICATION, code, message, false);
    }
    if (e.status() == 429 || (e.code() != null && e.code() == TOO_MANY_REQUESTS)) {
      return CarrierError.of(CarrierError.Kind.RATE_LIMITED, code, message, true);
    }
    if (e.status() == 503) {
      return CarrierError.of(CarrierError.Kind.UNAVAILABLE, code, message, true);
    }
    if (e.status() >= 500) {
      // A 500, 502 or 504 may come after Twilio created the message: never resend blindly.
      return CarrierError.of(CarrierError.Kind.OUTCOME_UNKNOWN, code, message, false);
    }
    return CarrierError.of(CarrierError.Kind.REJECTED, code, message, false);
  }

  /** Twilio's messages can quote the number ("The 'To' number +1415... is not valid"): mask it. */
  static String sanitize(String message) {
    Matcher m = DIGITS.matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(PhoneNumber.mask(m.group())));
    }
    m.appendTail(out);
    String s = out.toString().replaceAll("\\p{Cntrl}", " ");
    return s.length() > MAX_MESSAGE ? s.substring(0, MAX_MESSAGE) : s;
  }
}
