package dev.consent.sms.vonage;

import dev.consent.DeliveryState;
import dev.consent.InboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.carrier.WebhookResult.Reason;
import dev.consent.carrier.WebhookResult;
import dev.consent.error.InvalidPhoneNumberException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads verified SMS API webhook parameters. Stateless and thread-safe. */
final class SmsParsing {
  private static final DateTimeFormatter VONAGE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  // Source: sms.yml DeliveryReceipt.status x-possible-values.
  private static final Map<String, DeliveryState> DLR_STATES =
      Map.of(
          "delivered", DeliveryState.DELIVERED,
          "expired", DeliveryState.UNDELIVERED,
          "failed", DeliveryState.FAILED,
          "rejected", DeliveryState.FAILED,
          "accepted", DeliveryState.SENT,
          "buffered", DeliveryState.SENDING,
          "unknown", DeliveryState.SENT);

  /** The longest recipient the core takes ({@link InboundMessage#to()}). */
  private static final int MAX_SENDER = 32;

  private SmsParsing() {}

  static WebhookResult inbound(Received hooks, Map<String, String> p, @Nullable Reason unverified) {
    String msisdn = p.get("msisdn");
    String to = p.get("to");
    String id = p.get("messageId");
    if (blank(msisdn) || blank(to) || blank(id)) {
      return Results.reject(Reason.MALFORMED, "msisdn, to and messageId are required");
    }
    if ("binary".equals(p.get("type"))) {
      return new WebhookResult.Ignored("binary SMS");
    }
    String text = p.getOrDefault("text", "");
    if (text.length() > InboundMessage.MAX_BODY) {
      return Results.reject(Reason.TOO_LARGE, "text longer than " + InboundMessage.MAX_BODY);
    }
    PhoneNumber from = number(msisdn);
    if (from == null) {
      return Results.reject(Reason.MALFORMED, "msisdn is not an E.164 number");
    }
    Instant at = hooks.receivedAt(time(p.get("message-timestamp")));
    String sender = Wire.fromVonage(to);
    if (!"true".equals(p.get("concat"))) {
      return Results.inbound(id, from, sender, text, at, unverified);
    }
    return part(hooks, p, new ConcatBuffer.Part(0, id, text, at, unverified), from, sender);
  }

  private static WebhookResult part(
      Received hooks, Map<String, String> p, ConcatBuffer.Part part, PhoneNumber from, String sender) {
    String ref = p.get("concat-ref");
    Integer total = integer(p.get("concat-total"));
    Integer number = integer(p.get("concat-part"));
    if (blank(ref) || total == null || number == null) {
      return Results.reject(Reason.MALFORMED, "concat-ref, concat-total and concat-part are required");
    }
    ConcatBuffer.Refused malformed = ConcatBuffer.check(ref, part.messageId(), part.text());
    if (malformed != null || sender.length() > MAX_SENDER) {
      return malformed != null
          ? Results.reject(malformed.reason(), malformed.detail())
          : Results.reject(Reason.MALFORMED, "to is longer than a sender id");
    }
    ConcatBuffer.Part numbered = new ConcatBuffer.Part(number, part.messageId(), part.text(), part.at(), part.unverified());
    ConcatBuffer.Outcome o = hooks.concat().add(from.e164(), sender + "|" + ref, total, numbered);
    if (o instanceof ConcatBuffer.Stored s) {
      return new WebhookResult.PartStored(s.received(), s.total());
    }
    if (o instanceof ConcatBuffer.Refused r) {
      return Results.reject(r.reason(), r.detail());
    }
    ConcatBuffer.Complete c = (ConcatBuffer.Complete) o;
    return Results.inbound(c.id(), from, sender, c.text(), c.at(), c.unverified());
  }

  static WebhookResult receipt(Received hooks, Map<String, String> p) {
    String id = p.get("messageId");
    String status = p.get("status");
    if (blank(id) || blank(status)) {
      return Results.reject(Reason.MALFORMED, "messageId and status are required");
    }
    String err = p.get("err-code");
    String code = blank(err) || "0".equals(err) ? null : err;
    boolean optOut = Errors.DLR_OPTED_OUT.equals(code);
    DeliveryState state = optOut ? DeliveryState.FAILED : DLR_STATES.get(status);
    if (state == null) {
      return new WebhookResult.Ignored("unknown delivery status");
    }
    String sender = p.get("to");
    if (optOut && blank(sender)) {
      return Results.reject(Reason.MALFORMED, "an opt-out receipt needs its sender (to)");
    }
    Instant stamped = time(p.get("message-timestamp"));
    Instant at = stamped != null ? stamped : hooks.now();
    return Results.guarded(
        () -> new WebhookResult.Delivery(Results.report(id, state, code, optOut ? sender : null, at)));
  }

  /**
   * The sender as Vonage reports it (E.164 digits, {@code +} optional). Any syntactically valid
   * E.164 number is read, also one libphonenumber does not know (a new area code): its owner must
   * still be able to opt out.
   */
  static @Nullable PhoneNumber number(String msisdn) {
    try {
      return PhoneNumber.ofE164(msisdn.startsWith("+") ? msisdn : "+" + msisdn);
    } catch (InvalidPhoneNumberException e) {
      return null;
    }
  }

  /** Vonage's {@code YYYY-MM-DD HH:MM:SS} in UTC, or null when absent or unreadable. */
  static @Nullable Instant time(@Nullable String vonageTime) {
    if (vonageTime == null) {
      return null;
    }
    try {
      return LocalDateTime.parse(vonageTime, VONAGE_TIME).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static @Nullable Integer integer(@Nullable String s) {
    try {
      return s == null ? null : Integer.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean blank(@Nullable String s) {
    return s == null || s.isBlank();
  }
}
