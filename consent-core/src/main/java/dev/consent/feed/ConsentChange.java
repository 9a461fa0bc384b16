package dev.consent.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.ConsentState;
import dev.consent.PhoneNumber;
import dev.consent.error.InvalidInputException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One change of consent or suppression, as a CloudEvents 1.0 event ({@link #toJson()}, structured
 * mode). Its subject is the person's pseudonymous reference in the tenant (the same one as the
 * ledger's), never the number, unless the host asked for numbers ({@link
 * FeedSettings#includeNumbers()}); it never holds a message body or evidence.
 *
 * @param position where it stands in the tenant's feed: increasing, in order per number (gaps are
 *     possible); a consumer that has applied a position skips it when it comes again
 * @param id unique per change (the ledger event's id for a consent change): the CloudEvents {@code id}
 * @param tenant the tenant (the CloudEvents {@code source} is {@code urn:dev.consent:<tenant>})
 * @param type what changed
 * @param subject the person's pseudonymous reference in the tenant (the ledger's subject reference)
 * @param time when it happened ({@code occurredAt} of the ledger event)
 * @param purposeId the purpose of a consent change; null for a suppression
 * @param state the purpose's state after a consent change; null for a suppression
 * @param seq the ledger event's position in the person's chain; 0 for a suppression
 * @param scope the scope of a suppression ({@code all}, {@code sender:...}, {@code service:...}); null otherwise
 * @param reason why: the method of a consent change ({@code SMS_KEYWORD}, ...), the reason of a suppression
 * @param number the number, only when the host asked for numbers and it is still held
 * @since 0.5
 */
public record ConsentChange(long position, String id, String tenant, ChangeType type, String subject, Instant time,
    @Nullable String purposeId, @Nullable ConsentState state, long seq, @Nullable String scope, @Nullable String reason,
    @Nullable PhoneNumber number) {

  /** The CloudEvents {@code specversion}. */
  public static final String SPEC_VERSION = "1.0";

  private static final ObjectMapper JSON = new ObjectMapper();

  public ConsentChange {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(time, "time");
    if (position < 0 || seq < 0) {
      throw new InvalidInputException("a change's position and seq are not negative");
    }
  }

  /** This change with its feed position, as the store numbered it. */
  public ConsentChange at(long newPosition) {
    return new ConsentChange(newPosition, id, tenant, type, subject, time, purposeId, state, seq, scope, reason, number);
  }

  /** This change with the number, for hosts that asked for numbers. */
  public ConsentChange withNumber(@Nullable PhoneNumber value) {
    return new ConsentChange(position, id, tenant, type, subject, time, purposeId, state, seq, scope, reason, value);
  }

  /** The CloudEvents {@code source}. */
  public String source() {
    return "urn:dev.consent:" + tenant;
  }

  /**
   * The change as a CloudEvents 1.0 JSON object (structured content mode): {@code specversion},
   * {@code id}, {@code source}, {@code type}, {@code subject}, {@code time}, {@code datacontenttype},
   * the extension {@code partitionkey} (the subject, so a broker keeps a number's changes in order)
   * and {@code data} with the tenant, position (once the store numbered it), purpose, state, seq,
   * scope, reason and, only when asked for, the number.
   */
  public String toJson() {
    ObjectNode e = JSON.createObjectNode();
    e.put("specversion", SPEC_VERSION);
    e.put("id", id);
    e.put("source", source());
    e.put("type", type.cloudEventType());
    e.put("subject", subject);
    e.put("time", time.toString());
    e.put("datacontenttype", "application/json");
    e.put("partitionkey", subject);
    ObjectNode data = e.putObject("data");
    data.put("tenant", tenant);
    if (position > 0) {
      data.put("position", position);
    }
    putIfSet(data, "purpose", purposeId);
    putIfSet(data, "state", state == null ? null : state.name());
    data.put("seq", seq);
    putIfSet(data, "scope", scope);
    putIfSet(data, "reason", reason);
    putIfSet(data, "number", number == null ? null : number.e164());
    try {
      return JSON.writeValueAsString(e);
    } catch (JsonProcessingException x) {
      throw new IllegalStateException("could not write a change", x);
    }
  }

  private static void putIfSet(ObjectNode node, String field, @Nullable String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  /**
   * Reads a change written by {@link #toJson()} (what the stores keep, and what a consumer receives).
   *
   * @throws InvalidInputException if it is not such a change
   */
  public static ConsentChange fromJson(String json) {
    try {
      JsonNode e = JSON.readTree(json);
      JsonNode data = e.get("data");
      if (!SPEC_VERSION.equals(text(e, "specversion")) || data == null || !data.isObject()) {
        throw new InvalidInputException("not a CloudEvents 1.0 consent change");
      }
      String state = text(data, "state");
      String number = text(data, "number");
      return new ConsentChange(data.path("position").asLong(), required(e, "id"), required(data, "tenant"),
          ChangeType.ofCloudEventType(required(e, "type")), required(e, "subject"), Instant.parse(required(e, "time")),
          text(data, "purpose"), state == null ? null : ConsentState.valueOf(state), data.path("seq").asLong(),
          text(data, "scope"), text(data, "reason"), number == null ? null : PhoneNumber.parse(number));
    } catch (JsonProcessingException | DateTimeParseException | IllegalArgumentException x) {
      throw new InvalidInputException("not a consent change: " + x.getClass().getSimpleName());
    }
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String required(JsonNode node, String field) {
    String v = text(node, field);
    if (v == null) {
      throw new InvalidInputException("a consent change needs " + field);
    }
    return v;
  }

  /** The number masked; the rest is not personal. */
  @Override
  public String toString() {
    return "ConsentChange[position=" + position + ", id=" + id + ", tenant=" + tenant + ", type=" + type + ", subject="
        + subject + ", time=" + time + ", purposeId=" + purposeId + ", state=" + state + ", seq=" + seq + ", scope="
        + scope + ", reason=" + reason + ", number=" + number + "]";
  }
}
