package dev.consent.sms.vonage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consent.DeliveryState;
import dev.consent.InboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.carrier.WebhookResult;
import dev.consent.carrier.WebhookResult.Reason;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads verified Messages API webhook bodies. Stateless and thread-safe. */
final class MessagesParsing {

  // Source: messages-olympus.yml messageStatusBase.status, plus "read" which other channels report.
  private static final Map<String, DeliveryState> STATES =
      Map.of(
          "submitted", DeliveryState.SENT,
          "delivered", DeliveryState.DELIVERED,
          "rejected", DeliveryState.FAILED,
          "undeliverable", DeliveryState.UNDELIVERED,
          "read", DeliveryState.READ);

  private MessagesParsing() {}

  static WebhookResult inbound(Received hooks, JsonNode b, @Nullable Reason unverified) {
    if (!isSms(b)) {
      return new WebhookResult.Ignored("not the sms channel");
    }
    if (b.has("message_type") && !"text".equals(b.path("message_type").asText())) {
      return new WebhookResult.Ignored("not a text message");
    }
    String id = text(b, "message_uuid");
    String from = text(b, "from");
    String to = text(b, "to");
    if (id.isBlank() || from.isBlank() || to.isBlank() || !b.path("text").isTextual()) {
      return Results.reject(Reason.MALFORMED, "message_uuid, from, to and text are required");
    }
    String body = b.path("text").asText();
    if (body.length() > InboundMessage.MAX_BODY) {
      return Results.reject(Reason.TOO_LARGE, "text longer than " + InboundMessage.MAX_BODY);
    }
    PhoneNumber sender = SmsParsing.number(from);
    if (sender == null) {
      return Results.reject(Reason.MALFORMED, "from is not an E.164 number");
    }
    Instant at = hooks.receivedAt(time(text(b, "timestamp")));
    return Results.inbound(id, sender, Wire.fromVonage(to), body, at, unverified);
  }

  static WebhookResult status(Received hooks, JsonNode b) {
    if (!isSms(b)) {
      return new WebhookResult.Ignored("not the sms channel");
    }
    String id = text(b, "message_uuid");
    String status = text(b, "status");
    if (id.isBlank() || status.isBlank()) {
      return Results.reject(Reason.MALFORMED, "message_uuid and status are required");
    }
    String code = errorCode(b.path("error"));
    boolean optOut = Errors.MESSAGES_OPTED_OUT.equals(code);
    DeliveryState state = optOut && !STATES.containsKey(status) ? DeliveryState.FAILED : STATES.get(status);
    if (state == null) {
      return new WebhookResult.Ignored("unknown message status");
    }
    String sender = text(b, "from");
    if (optOut && sender.isBlank()) {
      return Results.reject(Reason.MALFORMED, "an opt-out status needs its sender (from)");
    }
    Instant stamped = time(text(b, "timestamp"));
    Instant at = stamped != null ? stamped : hooks.now();
    String errorCode = code.isBlank() ? null : code;
    return Results.guarded(
        () -> new WebhookResult.Delivery(Results.report(id, state, errorCode, optOut ? sender : null, at)));
  }

  /** The code after {@code #} in the error type, else the title when it is a number. */
  private static String errorCode(JsonNode error) {
    String type = text(error, "type");
    if (type.contains("#")) {
      return type.substring(type.lastIndexOf('#') + 1);
    }
    String title = text(error, "title");
    return title.matches("[0-9]{1,6}") ? title : "";
  }

  private static boolean isSms(JsonNode b) {
    return !b.has("channel") || "sms".equals(b.path("channel").asText());
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isValueNode() && !v.isNull() ? v.asText() : "";
  }

  private static @Nullable Instant time(String iso) {
    try {
      return iso.isBlank() ? null : OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
