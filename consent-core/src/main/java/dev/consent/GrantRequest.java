package dev.consent;

import dev.consent.internal.base.Checks;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A consent given outside the SMS flows (web form without double opt-in, paper, call centre, API).
 * For consent-based purposes the notice version, the method and evidence are required.
 *
 * @param number the person's number
 * @param purposeId the purpose consented to, a {@link ConsentId}
 * @param method how it was captured
 * @param channel through which channel
 * @param noticeVersion the notice version shown
 * @param evidence what proves it (form URL, recording id, scanned form id)
 * @param occurredAt when it was given (null: now)
 * @param idempotencyKey makes a repeated call a no-op
 * @since 0.1
 */
public record GrantRequest(
    @NotNull PhoneNumber number,
    @NotNull @ConsentId String purposeId,
    @NotNull ConsentMethod method,
    @NotNull Channel channel,
    @Nullable @ConsentId String noticeVersion,
    @NotNull @Size(max = 32) Map<@NotNull @Size(max = 64) String, @NotNull @Size(max = 2048) String> evidence,
    @Nullable Instant occurredAt,
    @Nullable @Size(max = 200) String idempotencyKey) {

  public GrantRequest {
    evidence = evidence == null ? null : Checks.copyKeepingNulls(evidence);
  }

  public static GrantRequest of(PhoneNumber number, String purposeId, ConsentMethod method, Channel channel,
      String noticeVersion, Map<String, String> evidence) {
    return new GrantRequest(number, purposeId, method, channel, noticeVersion, evidence, null, null);
  }

  public GrantRequest at(Instant when) {
    return new GrantRequest(number, purposeId, method, channel, noticeVersion, evidence, when, idempotencyKey);
  }

  public GrantRequest withIdempotencyKey(String key) {
    return new GrantRequest(number, purposeId, method, channel, noticeVersion, evidence, occurredAt, key);
  }

  public GrantRequest withEvidence(String key, String value) {
    Map<String, String> e = new HashMap<>(evidence);
    e.put(key, value);
    return new GrantRequest(number, purposeId, method, channel, noticeVersion, e, occurredAt, idempotencyKey);
  }

  /** The number masked, the evidence values hidden. */
  @Override
  public String toString() {
    return "GrantRequest[number=" + number + ", purposeId=" + purposeId + ", method=" + method + ", channel=" + channel
        + ", noticeVersion=" + noticeVersion + ", evidence=" + LogText.keys(evidence) + ", occurredAt=" + occurredAt
        + ", idempotencyKey=" + idempotencyKey + "]";
  }
}
