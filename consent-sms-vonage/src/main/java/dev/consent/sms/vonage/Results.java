package dev.consent.sms.vonage;

import dev.consent.CarrierAction;
import dev.consent.DeliveryReport;
import dev.consent.DeliveryState;
import dev.consent.InboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import dev.consent.carrier.WebhookResult.Reason;
import dev.consent.carrier.WebhookResult.Rejected;
import dev.consent.carrier.WebhookResult;
import dev.consent.error.InvalidInputException;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The results {@link VonageWebhooks} and its parsers answer with. Stateless. */
final class Results {
  private static final String CARRIER = "vonage";

  private static final Map<Reason, String> UNVERIFIED_DETAIL = Map.of(
      Reason.MISSING_SIGNATURE, "no signature or token (taken under acceptUnsigned)",
      Reason.BAD_SIGNATURE, "the signature or token does not match (is the signature secret and method the dashboard's?)",
      Reason.STALE, "the signed timestamp or token lies outside the allowed window (is the clock right?)");

  private Results() {}

  /** A rejection answered as Vonage expects: 401 for a signature or token problem. */
  static Rejected reject(Reason reason, String detail) {
    return new Rejected(reason, detail, reason.leavesUnverified() ? 401 : reason.defaultStatus());
  }

  /** An inbound result, verified when {@code unverified} is null; the core's own checks become MALFORMED. */
  static WebhookResult inbound(String id, PhoneNumber from, String to, String text, Instant at, @Nullable Reason unverified) {
    return guarded(() -> new WebhookResult.Inbound(
        new InboundMessage(CARRIER, id, from, to, text, at, unverified == null, CarrierAction.NONE, null),
        unverified, unverified == null ? "" : UNVERIFIED_DETAIL.getOrDefault(unverified, "not verified")));
  }

  static DeliveryReport report(String id, DeliveryState state, @Nullable String code, @Nullable String optOutSender, Instant at) {
    String scope = optOutSender == null ? null : Suppression.senderScope(Wire.fromVonage(optOutSender));
    return new DeliveryReport(CARRIER, id, state, code, scope, at);
  }

  /** Catches the core's own checks on a parsed value: it names the field, never the value. */
  static WebhookResult guarded(Supplier<WebhookResult> parse) {
    try {
      return parse.get();
    } catch (InvalidInputException e) {
      return reject(Reason.MALFORMED, e.getMessage());
    }
  }
}
