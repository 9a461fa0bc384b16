package dev.consent;

import dev.consent.internal.base.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A double opt-in waiting for its confirmation. Stores replace it only through {@link
 * dev.consent.spi.ConsentStore#replacePending} with the {@code version} it was read at, so two
 * confirmations racing cannot both win and a failed attempt is never lost.
 *
 * @param tenant the brand or client
 * @param requestId the request's id (given to the web form)
 * @param number the number that must confirm
 * @param purposeIds the purposes being consented to
 * @param noticeVersions notice version per purpose
 * @param language the language of the confirmation text
 * @param programId the program asking
 * @param sender the sender the confirmation went out from
 * @param codeHash SHA-256 of the request id and the one-time code; the code itself is never stored
 * @param createdAt when it was started
 * @param expiresAt when it stops being confirmable
 * @param attempts wrong codes entered on the web through this handle so far (at the limit, the web
 *     may enter no more; the request stays {@code PENDING} for the phone's reply)
 * @param state where it is
 * @param version optimistic lock version, from 0
 * @param origin how it was started ({@code WEB_FORM} or {@code SMS_KEYWORD})
 * @param evidence the start's evidence (form URL, client address hash, confirmation text, and {@code
 *     requestId}: the request whose SMS carried the code, which is another request's for a caller
 *     who started inside its cool-down)
 * @since 0.1
 */
public record PendingOptIn(
    String tenant,
    String requestId,
    PhoneNumber number,
    List<String> purposeIds,
    Map<String, String> noticeVersions,
    String language,
    String programId,
    String sender,
    String codeHash,
    Instant createdAt,
    Instant expiresAt,
    int attempts,
    State state,
    int version,
    ConsentMethod origin,
    SortedMap<String, String> evidence) {

  /** Where a pending opt-in is. */
  public enum State {
    PENDING,
    CONFIRMED,
    EXPIRED,
    /** Locked by wrong codes; written before 0.4 only (the web lock is now {@code attempts} at the limit). */
    LOCKED
  }

  public PendingOptIn {
    Checks.id(tenant, "tenant");
    Checks.id(requestId, "request id");
    Checks.notNull(number, "number");
    purposeIds = List.copyOf(Checks.notNull(purposeIds, "purpose ids"));
    noticeVersions = Map.copyOf(Checks.notNull(noticeVersions, "notice versions"));
    Checks.notBlank(language, "language");
    Checks.id(programId, "program id");
    Checks.notBlank(sender, "sender");
    Checks.notBlank(codeHash, "code hash");
    createdAt = Checks.micros(createdAt, "createdAt");
    expiresAt = Checks.micros(expiresAt, "expiresAt");
    Checks.notNull(state, "state");
    Checks.notNull(origin, "origin");
    evidence = Checks.evidence(evidence);
  }

  public boolean isOpenAt(Instant now) {
    return state == State.PENDING && now.isBefore(expiresAt);
  }

  /** The next version with another state and attempt count. */
  public PendingOptIn next(State newState, int newAttempts) {
    return new PendingOptIn(tenant, requestId, number, purposeIds, noticeVersions, language, programId,
        sender, codeHash, createdAt, expiresAt, newAttempts, newState, version + 1, origin, evidence);
  }

  /** The number masked; the request id, the code hash and the evidence values hidden. */
  @Override
  public String toString() {
    return "PendingOptIn[tenant=" + tenant + ", requestId=" + LogText.HIDDEN + ", number=" + number.masked()
        + ", purposeIds=" + purposeIds + ", noticeVersions=" + noticeVersions + ", language=" + language
        + ", programId=" + programId + ", sender=" + sender + ", codeHash=" + LogText.HIDDEN + ", createdAt=" + createdAt
        + ", expiresAt=" + expiresAt + ", attempts=" + attempts + ", state=" + state + ", version=" + version
        + ", origin=" + origin + ", evidence=" + LogText.keys(evidence) + "]";
  }
}
