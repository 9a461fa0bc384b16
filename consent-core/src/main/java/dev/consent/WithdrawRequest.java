package dev.consent;

import dev.consent.internal.base.Checks;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A withdrawal through any channel. Needs nothing but the number: withdrawing must be as easy as
 * giving (GDPR Art. 7(3)).
 *
 * @param number the person's number
 * @param purposeId the purpose withdrawn, a {@link ConsentId}; null withdraws every purpose of the kit
 * @param method how it was received
 * @param channel through which channel
 * @param evidence what was received (inbound message id, ticket id)
 * @param occurredAt when (null: now)
 * @param idempotencyKey makes a repeated call a no-op
 * @since 0.1
 */
public record WithdrawRequest(
    @NotNull PhoneNumber number,
    @Nullable @ConsentId String purposeId,
    @NotNull ConsentMethod method,
    @NotNull Channel channel,
    @NotNull @Size(max = 32) Map<@NotNull @Size(max = 64) String, @NotNull @Size(max = 2048) String> evidence,
    @Nullable Instant occurredAt,
    @Nullable @Size(max = 180) String idempotencyKey) {

  public WithdrawRequest {
    evidence = evidence == null ? Map.of() : Checks.copyKeepingNulls(evidence);
  }

  /** Withdraws one purpose, recorded as received through the API now. */
  public static WithdrawRequest of(PhoneNumber number, String purposeId) {
    return new WithdrawRequest(number, purposeId, ConsentMethod.API, Channel.API, Map.of(), null, null);
  }

  /** Withdraws every purpose, recorded as received through the API now. */
  public static WithdrawRequest all(PhoneNumber number) {
    return new WithdrawRequest(number, null, ConsentMethod.API, Channel.API, Map.of(), null, null);
  }

  public WithdrawRequest via(ConsentMethod how, Channel where, Map<String, String> what) {
    return new WithdrawRequest(number, purposeId, how, where, what, occurredAt, idempotencyKey);
  }

  /** The number masked, the evidence values hidden. */
  @Override
  public String toString() {
    return "WithdrawRequest[number=" + number + ", purposeId=" + purposeId + ", method=" + method + ", channel="
        + channel + ", evidence=" + LogText.keys(evidence) + ", occurredAt=" + occurredAt + ", idempotencyKey="
        + idempotencyKey + "]";
  }
}
