package dev.consent;

import dev.consent.internal.base.Checks;
import java.time.Instant;
import java.util.SortedMap;

/**
 * A number that must get nothing within a scope, whatever consent says ({@link #scopeType()} reads
 * the scope as a {@link SuppressionScope}). Scope {@link #ALL} blocks
 * every message; {@code sender:<id>} blocks one sender (as carriers scope their opt-outs);
 * {@code service:<id>} blocks one carrier messaging service.
 *
 * @param tenant the brand or client
 * @param number the blocked number
 * @param scope {@code all}, {@code sender:<id>} or {@code service:<id>}
 * @param reason why it was suppressed
 * @param createdAt when
 * @param evidence supporting facts (inbound message id, carrier error code)
 * @since 0.1
 */
public record Suppression(
    String tenant,
    PhoneNumber number,
    String scope,
    SuppressionReason reason,
    Instant createdAt,
    SortedMap<String, String> evidence) {

  /** Scope that blocks every message to the number. */
  public static final String ALL = "all";

  public Suppression {
    Checks.id(tenant, "tenant");
    Checks.notNull(number, "number");
    Checks.notBlank(scope, "scope");
    SuppressionScope.parse(scope);
    Checks.maxLength(scope, 80, "scope");
    Checks.notNull(reason, "reason");
    createdAt = Checks.micros(createdAt, "createdAt");
    evidence = Checks.evidence(evidence);
  }

  /** The scope that blocks one sender id. */
  public static String senderScope(String sender) {
    return SuppressionScope.Sender.PREFIX + sender;
  }

  /** The scope that blocks one carrier messaging service (e.g. a Twilio Messaging Service SID). */
  public static String serviceScope(String serviceId) {
    return SuppressionScope.Service.PREFIX + serviceId;
  }

  /**
   * The {@link #scope()} as a type.
   *
   * @since 0.5
   */
  public SuppressionScope scopeType() {
    return SuppressionScope.parse(scope);
  }

  /** Whether this suppression blocks a message sent from {@code sender} (through {@code service}). */
  public boolean blocks(String sender, @org.jspecify.annotations.Nullable String service) {
    return scopeType().blocks(sender, service);
  }

  /** The number masked, the evidence values hidden. */
  @Override
  public String toString() {
    return "Suppression[tenant=" + tenant + ", number=" + number.masked() + ", scope=" + scope + ", reason=" + reason
        + ", createdAt=" + createdAt + ", evidence=" + LogText.keys(evidence) + "]";
  }
}
