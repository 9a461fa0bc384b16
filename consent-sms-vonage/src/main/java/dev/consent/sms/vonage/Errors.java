package dev.consent.sms.vonage;

import dev.consent.CarrierError.Kind;
import dev.consent.CarrierError;
import dev.consent.Suppression;
import java.util.Map;

/**
 * Vonage's error codes in the core's terms. Messages are this module's own wording, never
 * Vonage's text, so that nothing the request carried (a number, the body) can leak into them.
 * Stateless and thread-safe.
 */
final class Errors {
  /** Messages API code for "Illegal Number": the recipient sent STOP to this sender. */
  static final String MESSAGES_OPTED_OUT = "1240";

  /** SMS API delivery receipt err-code for "Illegal Number": the recipient opted out. */
  static final String DLR_OPTED_OUT = "9";

  private record Entry(Kind kind, String text, boolean retryable) {}

  // Source: the SMS API spec's x-errors (sms.yml) and https://developer.vonage.com/en/api-errors/sms
  private static final Map<String, Entry> SMS_STATUS =
      Map.ofEntries(
          Map.entry("1", new Entry(Kind.RATE_LIMITED, "throttled", true)),
          Map.entry("2", new Entry(Kind.REJECTED, "missing parameters", false)),
          Map.entry("3", new Entry(Kind.REJECTED, "invalid parameters", false)),
          Map.entry("4", new Entry(Kind.AUTHENTICATION, "invalid credentials", false)),
          Map.entry("5", new Entry(Kind.UNAVAILABLE, "internal error at Vonage", true)),
          Map.entry("6", new Entry(Kind.INVALID_NUMBER, "invalid message: unrecognised number prefix", false)),
          Map.entry("7", new Entry(Kind.INVALID_NUMBER, "number barred", false)),
          Map.entry("8", new Entry(Kind.REJECTED, "partner account barred", false)),
          Map.entry("9", new Entry(Kind.REJECTED, "partner quota violation: insufficient credit", true)),
          Map.entry("10", new Entry(Kind.RATE_LIMITED, "too many existing binds", true)),
          Map.entry("11", new Entry(Kind.REJECTED, "account not enabled for HTTP", false)),
          Map.entry("12", new Entry(Kind.REJECTED, "message too long", false)),
          Map.entry("14", new Entry(Kind.AUTHENTICATION, "invalid signature", false)),
          Map.entry("15", new Entry(Kind.REJECTED, "invalid sender address", false)),
          Map.entry("22", new Entry(Kind.REJECTED, "invalid network code", false)),
          Map.entry("23", new Entry(Kind.REJECTED, "invalid callback url", false)),
          Map.entry("29", new Entry(Kind.REJECTED, "non-whitelisted destination (demo account)", false)),
          Map.entry("32", new Entry(Kind.AUTHENTICATION, "signature and api secret disallowed together", false)),
          Map.entry("33", new Entry(Kind.INVALID_NUMBER, "number de-activated", false)));

  // Codes after '#' in a Messages API problem type (https://developer.vonage.com/en/api-errors/messages-olympus).
  private static final Map<String, Entry> MESSAGES_CODE =
      Map.ofEntries(
          Map.entry("1010", new Entry(Kind.RATE_LIMITED, "rate limit hit", true)),
          Map.entry("1060", new Entry(Kind.REJECTED, "invalid client reference", false)),
          Map.entry("1100", new Entry(Kind.REJECTED, "unsupported channel", false)),
          Map.entry("1110", new Entry(Kind.REJECTED, "invalid channel parameters", false)),
          Map.entry("1120", new Entry(Kind.REJECTED, "invalid sender", false)),
          Map.entry("1130", new Entry(Kind.INVALID_NUMBER, "invalid recipient", false)),
          Map.entry("1140", new Entry(Kind.REJECTED, "invalid message type", false)),
          Map.entry("1150", new Entry(Kind.REJECTED, "invalid message parameters", false)));

  private Errors() {}

  /** A non-zero per-message status of the SMS API. */
  static CarrierError smsStatus(String status) {
    Entry e = SMS_STATUS.getOrDefault(status, new Entry(Kind.REJECTED, "refused by Vonage", false));
    return CarrierError.of(e.kind, status, e.text, e.retryable);
  }

  /**
   * A Messages API problem answer. {@code code} is what follows {@code #} in its type; the
   * opted-out code is mapped defensively (Vonage documents it only in status webhooks).
   */
  static CarrierError messagesProblem(int http, String code, String sender) {
    if (code.equals(MESSAGES_OPTED_OUT)) {
      return optedOut(code, sender);
    }
    Entry e = MESSAGES_CODE.get(code);
    if (e != null) {
      return CarrierError.of(e.kind, code, e.text, e.retryable);
    }
    return http(http);
  }

  static CarrierError optedOut(String code, String sender) {
    return CarrierError.optedOut(code, "recipient opted out of this sender", Suppression.senderScope(sender));
  }

  /** An HTTP status without a more specific code. */
  static CarrierError http(int status) {
    String code = "http-" + status;
    if (status == 401 || status == 403) {
      return CarrierError.of(Kind.AUTHENTICATION, code, "credentials refused", false);
    }
    if (status == 402) {
      return CarrierError.of(Kind.REJECTED, code, "payment required: low balance", true);
    }
    if (status == 429) {
      return CarrierError.of(Kind.RATE_LIMITED, code, "too many requests", true);
    }
    if (status == 503) {
      return CarrierError.of(Kind.UNAVAILABLE, code, "service unavailable", true);
    }
    if (status >= 500) {
      return CarrierError.of(Kind.OUTCOME_UNKNOWN, code, "server error: the message may exist", false);
    }
    return CarrierError.of(Kind.REJECTED, code, "request refused", false);
  }

  static CarrierError unknown(String why) {
    return CarrierError.of(Kind.OUTCOME_UNKNOWN, "io", why, false);
  }

  static CarrierError unreachable(String why) {
    return CarrierError.of(Kind.UNAVAILABLE, "connect", why, true);
  }
}
