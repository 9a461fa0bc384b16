package dev.consent.sms.twilio;

import dev.consent.CarrierAction;
import dev.consent.DeliveryReport;
import dev.consent.DeliveryState;
import dev.consent.InboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import dev.consent.carrier.WebhookResult;
import dev.consent.error.InvalidInputException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the fields of Twilio's two SMS webhooks once the signature has been verified. Every
 * failure is an {@link InvalidInputException} whose message names the field, never its value.
 */
final class WebhookFields {
  private WebhookFields() {}

  /** Single-valued access to the form; a repeated field that must be single is malformed. */
  static final class Params {
    private final Map<String, List<String>> values = new HashMap<>();

    Params(List<Map.Entry<String, String>> pairs) {
      pairs.forEach(p -> values.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(p.getValue()));
    }

    @Nullable String one(String name) {
      List<String> v = values.get(name);
      if (v == null) {
        return null;
      }
      if (v.size() > 1) {
        throw new InvalidInputException(name + " is repeated");
      }
      return v.get(0);
    }

    String required(String name) {
      String v = one(name);
      if (v == null || v.isBlank()) {
        throw new InvalidInputException(name + " is required");
      }
      return v;
    }
  }

  /** Field-level parsing of the two webhook kinds. */
  static final class Parse {
    private Parse() {}

    /**
     * The inbound message the parameters describe. An unauthenticated one carries no {@link
     * CarrierAction}: nothing the request claims beyond what the kit needs to quarantine it and
     * confirm it by its SID.
     */
    static InboundMessage inbound(Params p, Clock clock, boolean authenticated) {
      String sid = messageSid(p);
      PhoneNumber from;
      try {
        from = PhoneNumber.ofE164(p.required("From"));
      } catch (InvalidInputException e) {
        throw new InvalidInputException("From is not a valid phone number");
      }
      String to = p.required("To");
      String body = p.one("Body");
      numMedia(p.one("NumMedia"));
      CarrierAction action = authenticated ? carrierAction(p.one("OptOutType")) : CarrierAction.NONE;
      return new InboundMessage(TwilioCarrier.NAME, sid, from, to, body == null ? "" : body,
          clock.instant(), authenticated, action, service(p));
    }

    static WebhookResult status(Params p, Clock clock) {
      String sid = messageSid(p);
      String status = p.one("MessageStatus");
      if (status == null) {
        status = p.required("SmsStatus");
      }
      DeliveryState state = state(status);
      String errorCode = p.one("ErrorCode");
      if (errorCode != null && (errorCode.isBlank() || !errorCode.matches("[0-9]{1,10}"))) {
        errorCode = null;
      }
      String scope = null;
      if (TwilioErrors.OPTED_OUT.equals(errorCode)) {
        scope = optOutScope(service(p), p.one("From"));
      }
      return new WebhookResult.Delivery(
          new DeliveryReport(TwilioCarrier.NAME, sid, state, errorCode, scope, clock.instant()));
    }

    /** The scope Twilio applies: the Messaging Service, else the sender, else (unknown) all. */
    static String optOutScope(@Nullable String service, @Nullable String from) {
      if (service != null) {
        return Suppression.serviceScope(service);
      }
      if (from != null && !from.isBlank() && from.length() <= 64) {
        return Suppression.senderScope(from);
      }
      return Suppression.ALL;
    }

    static String messageSid(Params p) {
      String sid = p.one("MessageSid");
      if (sid == null) {
        sid = p.one("SmsMessageSid");
      }
      if (sid == null || !(Config.isSid(sid, "SM") || Config.isSid(sid, "MM"))) {
        throw new InvalidInputException("MessageSid is missing or invalid");
      }
      return sid;
    }

    static @Nullable String service(Params p) {
      String mg = p.one("MessagingServiceSid");
      if (mg == null || mg.isEmpty()) {
        return null;
      }
      if (!Config.isSid(mg, "MG")) {
        throw new InvalidInputException("MessagingServiceSid is invalid");
      }
      return mg;
    }

    static void numMedia(@Nullable String value) {
      if (value != null && !value.matches("[0-9]{1,2}")) {
        throw new InvalidInputException("NumMedia is invalid");
      }
    }

    static CarrierAction carrierAction(@Nullable String optOutType) {
      if (optOutType == null) {
        return CarrierAction.NONE;
      }
      return switch (optOutType.trim().toUpperCase(Locale.ROOT)) {
        case "STOP" -> CarrierAction.OPT_OUT;
        case "START" -> CarrierAction.OPT_IN;
        case "HELP" -> CarrierAction.HELP;
        default -> CarrierAction.NONE;
      };
    }

    static DeliveryState state(String status) {
      return switch (status.trim().toLowerCase(Locale.ROOT)) {
        case "accepted", "scheduled" -> DeliveryState.ACCEPTED;
        case "queued" -> DeliveryState.QUEUED;
        case "sending" -> DeliveryState.SENDING;
        case "sent" -> DeliveryState.SENT;
        case "delivered", "partially_delivered" -> DeliveryState.DELIVERED;
        case "undelivered" -> DeliveryState.UNDELIVERED;
        case "failed", "canceled" -> DeliveryState.FAILED;
        case "read" -> DeliveryState.READ;
        default -> throw new InvalidInputException("MessageStatus is not a status callback state");
      };
    }
  }
}
