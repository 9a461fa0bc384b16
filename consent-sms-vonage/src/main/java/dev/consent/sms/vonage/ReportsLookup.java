package dev.consent.sms.vonage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.CarrierAction;
import dev.consent.InboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.carrier.CarrierHttp;
import dev.consent.error.InvalidInputException;
import dev.consent.spi.InboundConfirmation;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Looks an inbound message up on Vonage's Reports API, synchronous records ({@code GET
 * /v2/reports/records?account_id&product&direction=inbound&id&include_message=true}, Basic auth with
 * the account's API key and secret). No official spec of this call is checked in the project's specs
 * folder (it holds only sms.yml and messages-olympus.yml): the request and the record's fields
 * ({@code message_id, direction, from, to, message_body, date_received}, {@code ids_not_found},
 * {@code request_status}) follow Vonage's published Reports API reference (v2). Thread-safe.
 */
final class ReportsLookup {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final DateTimeFormatter DATE =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .optionalStart().appendPattern("XXX").optionalEnd()
          .optionalStart().appendPattern("XX").optionalEnd()
          .toFormatter();

  private final URI base;
  private final @Nullable String accountId;
  private final @Nullable String basic;
  private final Duration timeout;
  private final CarrierHttp http;
  private final ObjectMapper json;

  ReportsLookup(URI base, @Nullable String apiKey, @Nullable String apiSecret, Duration timeout, CarrierHttp http, ObjectMapper json) {
    this.base = base;
    boolean configured = apiKey != null && !apiKey.isBlank() && apiSecret != null && !apiSecret.isBlank();
    this.accountId = configured ? apiKey : null;
    this.basic = configured
        ? Base64.getEncoder().encodeToString((apiKey + ":" + apiSecret).getBytes(StandardCharsets.UTF_8))
        : null;
    this.timeout = timeout;
    this.http = http;
    this.json = json;
  }

  boolean configured() {
    return basic != null;
  }

  InboundConfirmation confirm(String messageId) {
    if (messageId == null || !ID.matcher(messageId).matches()) {
      return new InboundConfirmation.NotFound("not a Vonage message id");
    }
    if (accountId == null || basic == null) {
      return new InboundConfirmation.Unavailable(
          "no API key and secret for Vonage's Reports API (VonageCarrier.Builder.reportsCredentials)");
    }
    // A Messages API inbound id is a UUID; an SMS API id is hex. A UUID is looked up on both, in
    // case the SMS API hands out UUIDs too: only when every product has no record is it NotFound.
    InboundConfirmation first = null;
    for (String product : UUID.matcher(messageId).matches() ? List.of("MESSAGES", "SMS") : List.of("SMS")) {
      InboundConfirmation answer = lookUp(product, messageId);
      if (!(answer instanceof InboundConfirmation.NotFound)) {
        return answer;
      }
      first = first == null ? answer : first;
    }
    return first;
  }

  private InboundConfirmation lookUp(String product, String messageId) {
    CarrierHttp.Response r;
    try {
      r = http.execute(request(product, messageId));
    } catch (IOException e) {
      return new InboundConfirmation.Unavailable("no answer from Vonage's Reports API: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new InboundConfirmation.Unavailable("interrupted while asking Vonage's Reports API");
    }
    if (r.status() != 200) {
      return new InboundConfirmation.Unavailable("Vonage's Reports API answered HTTP " + r.status());
    }
    try {
      return read(json.readTree(r.body()), product, messageId);
    } catch (IOException | RuntimeException e) {
      return new InboundConfirmation.Unavailable("unreadable answer from Vonage's Reports API");
    }
  }

  private CarrierHttp.Request request(String product, String messageId) {
    String query = "account_id=" + enc(accountId) + "&product=" + product + "&direction=inbound&id=" + enc(messageId)
        + "&include_message=true";
    URI uri = Wire.endpoint(base, base, "/v2/reports/records?" + query);
    Map<String, String> headers = Map.of("Authorization", "Basic " + basic, "Accept", "application/json");
    return new CarrierHttp.Request("GET", uri, headers, new byte[0], timeout);
  }

  private InboundConfirmation read(JsonNode root, String product, String messageId) {
    if (root == null || !root.isObject()) {
      return new InboundConfirmation.Unavailable("unreadable answer from Vonage's Reports API");
    }
    JsonNode record = null;
    for (JsonNode rec : root.path("records")) {
      if (messageId.equals(rec.path("message_id").asText(null))) {
        record = rec;
        break;
      }
    }
    String status = root.path("request_status").asText("");
    if (record == null) {
      boolean listedMissing = java.util.Arrays.asList(root.path("ids_not_found").asText("").split(",")).contains(messageId);
      boolean complete = status.isEmpty() || status.equals("SUCCESS");
      return listedMissing || (complete && root.path("records").isArray())
          ? new InboundConfirmation.NotFound("Vonage's Reports API has no " + product + " inbound record with this id")
          : new InboundConfirmation.Unavailable("Vonage's Reports API answered without a record or a complete search (" + status + ")");
    }
    if (!"inbound".equalsIgnoreCase(record.path("direction").asText("inbound"))) {
      return new InboundConfirmation.NotFound("Vonage's record with this id is not an inbound message");
    }
    if (!"sms".equalsIgnoreCase(record.path("provider").asText("sms"))) {
      return new InboundConfirmation.NotFound("Vonage's record with this id is not an SMS (another Messages channel)");
    }
    return message(record, product, root.path("request_id").asText(""));
  }

  /** The message from the record alone; a record missing a field cannot confirm anything yet. */
  private InboundConfirmation message(JsonNode rec, String product, String requestId) {
    PhoneNumber from = SmsParsing.number(rec.path("from").asText(""));
    String to = rec.path("to").asText("");
    JsonNode body = rec.path("message_body");
    Instant at = date(rec.path("date_received").asText(""));
    if (from == null || to.isBlank() || !body.isTextual() || at == null) {
      return new InboundConfirmation.Unavailable("Vonage's record lacks a readable from, to, message_body or date_received");
    }
    try {
      InboundMessage m = new InboundMessage(
          "vonage", rec.path("message_id").asText(), from, Wire.fromVonage(to), body.asText(), at, true, CarrierAction.NONE, null);
      return new InboundConfirmation.Confirmed(m, Map.of(
          "api", "reports/v2/records", "product", product, "request_id", requestId, "date_received", at.toString()));
    } catch (InvalidInputException e) {
      return new InboundConfirmation.Unavailable("Vonage's record is not an acceptable inbound message: " + e.getMessage());
    }
  }

  private static @Nullable Instant date(String s) {
    try {
      return s.isBlank() ? null : OffsetDateTime.parse(s, DATE).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String enc(@Nullable String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }
}
