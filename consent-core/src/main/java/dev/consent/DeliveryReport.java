package dev.consent;

import dev.consent.internal.base.Checks;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A carrier's report on a message sent earlier (status callback, delivery receipt). When the
 * carrier says the recipient has opted out, {@code optOutScope} names the scope it applies to.
 *
 * @param carrier carrier name
 * @param carrierMessageId the carrier's id of the sent message
 * @param state the new delivery state
 * @param errorCode the carrier's error code, if any
 * @param optOutScope non-null when the report means the recipient opted out: a {@link Suppression} scope
 * @param at when the carrier reported it
 * @since 0.1
 */
public record DeliveryReport(
    String carrier,
    String carrierMessageId,
    DeliveryState state,
    @Nullable String errorCode,
    @Nullable String optOutScope,
    Instant at) {

  public DeliveryReport {
    Checks.id(carrier, "carrier");
    Checks.maxLength(Checks.notBlank(carrierMessageId, "carrier message id"), 128, "carrier message id");
    Checks.notNull(state, "state");
    at = Checks.micros(at, "at");
  }

  public boolean isOptOut() {
    return optOutScope != null;
  }
}
