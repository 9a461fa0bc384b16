package dev.consent;

import dev.consent.internal.base.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Current consent status of one (number, purpose), derived from the ledger and kept up to date
 * atomically with every append.
 *
 * @param tenant the brand or client
 * @param number the person's number
 * @param purposeId the purpose
 * @param state the current state
 * @param since when the event that set this state occurred
 * @param grantedAt when the consent now in force was given (null unless GRANTED, or a PENDING refresh)
 * @param noticeVersion the notice version the consent in force was given against
 * @param seq the chain position of the event that set this state
 * @since 0.1
 */
public record ConsentStatus(
    String tenant,
    PhoneNumber number,
    String purposeId,
    ConsentState state,
    Instant since,
    @Nullable Instant grantedAt,
    @Nullable String noticeVersion,
    long seq) {

  public ConsentStatus {
    Checks.id(tenant, "tenant");
    Checks.notNull(number, "number");
    Checks.id(purposeId, "purpose id");
    Checks.notNull(state, "state");
    since = Checks.micros(since, "since");
    grantedAt = Checks.optionalMicros(grantedAt);
  }

  /** The status of a (number, purpose) with no events. */
  public static ConsentStatus none(String tenant, PhoneNumber number, String purposeId) {
    return new ConsentStatus(tenant, number, purposeId, ConsentState.NONE, Instant.EPOCH, null, null, 0);
  }

  /** Whether consent is given and, with the given validity, still in force at {@code now}. */
  public boolean isValidAt(Instant now, @Nullable Duration validity) {
    if (state != ConsentState.GRANTED || grantedAt == null) {
      return false;
    }
    if (validity == null) {
      return true;
    }
    // now < grantedAt + validity, without building the sum (the gate asks this for every message)
    long seconds = grantedAt.getEpochSecond() + validity.getSeconds();
    if (validity.getSeconds() > 0 && seconds < grantedAt.getEpochSecond()) {
      return true; // a validity longer than time itself
    }
    int nanos = grantedAt.getNano() + validity.getNano();
    if (nanos >= 1_000_000_000) {
      seconds++;
      nanos -= 1_000_000_000;
    }
    return now.getEpochSecond() < seconds || now.getEpochSecond() == seconds && now.getNano() < nanos;
  }

  /** When the consent in force stops passing the gate, if it has a limit. */
  public Optional<Instant> validUntil(@Nullable Duration validity) {
    return grantedAt == null || validity == null ? Optional.empty() : Optional.of(grantedAt.plus(validity));
  }
}
