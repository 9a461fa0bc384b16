package dev.consent;

import dev.consent.internal.base.Checks;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A consent (or withdrawal) carried over from an earlier system, with its provenance. Recorded with
 * its original time, marked as imported, the original method kept in the evidence.
 *
 * @param number the person's number
 * @param purposeId the purpose, a {@link ConsentId}
 * @param kind {@code GRANTED} or {@code WITHDRAWN}
 * @param originalMethod how the earlier system says it was captured
 * @param originalTime when it happened there
 * @param source which system and export it came from, e.g. {@code legacy-crm export 2026-02-01}
 * @param noticeVersion the notice version, if the earlier system kept it
 * @param evidence anything else the earlier system kept
 * @since 0.1
 */
public record ImportRequest(
    @NotNull PhoneNumber number,
    @NotNull @ConsentId String purposeId,
    @NotNull EventKind kind,
    @NotNull ConsentMethod originalMethod,
    @NotNull Instant originalTime,
    @NotBlank @Size(max = 200) String source,
    @Nullable @ConsentId String noticeVersion,
    @NotNull @Size(max = 24) Map<@NotNull @Size(max = 64) String, @NotNull @Size(max = 2048) String> evidence) {

  public ImportRequest {
    evidence = evidence == null ? Map.of() : Checks.copyKeepingNulls(evidence);
  }

  /** The number masked, the evidence values hidden. */
  @Override
  public String toString() {
    return "ImportRequest[number=" + number + ", purposeId=" + purposeId + ", kind=" + kind + ", originalMethod="
        + originalMethod + ", originalTime=" + originalTime + ", source=" + source + ", noticeVersion=" + noticeVersion
        + ", evidence=" + LogText.keys(evidence) + "]";
  }
}
