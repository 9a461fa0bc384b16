package dev.consent;

import dev.consent.internal.base.Checks;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A double opt-in started from a web form (or app, or call centre screen).
 *
 * @param number the number typed into the form
 * @param purposeIds the purposes ticked (by the person, never pre-ticked), each a {@link ConsentId}
 * @param noticeVersions the notice version shown, per purpose
 * @param language language of the form, used for the confirmation SMS
 * @param clientAddress the client's IP address as the host saw it, for pumping limits (stored hashed)
 * @param evidence form URL, user agent, anything else worth keeping as proof
 * @since 0.1
 */
public record WebOptIn(
    @NotNull PhoneNumber number,
    @NotEmpty @Size(max = 16) List<@NotNull @ConsentId String> purposeIds,
    @NotNull Map<@NotNull @ConsentId String, @NotNull @ConsentId String> noticeVersions,
    @NotNull @Pattern(regexp = "[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*") String language,
    @Nullable @Size(max = 64) String clientAddress,
    @NotNull @Size(max = 16) Map<@NotNull @Size(max = 64) String, @NotNull @Size(max = 1024) String> evidence) {

  public WebOptIn {
    purposeIds = purposeIds == null ? null : Checks.copyKeepingNulls(purposeIds);
    noticeVersions = noticeVersions == null ? null : Checks.copyKeepingNulls(noticeVersions);
    evidence = evidence == null ? Map.of() : Checks.copyKeepingNulls(evidence);
  }

  /** One purpose, in English, with the notice version shown. */
  public static WebOptIn of(PhoneNumber number, String purposeId, String noticeVersion) {
    return new WebOptIn(number, Collections.singletonList(purposeId), Collections.singletonMap(purposeId, noticeVersion), "en",
        null, Map.of());
  }

  public WebOptIn withClientAddress(String address) {
    return new WebOptIn(number, purposeIds, noticeVersions, language, address, evidence);
  }

  public WebOptIn withLanguage(String lang) {
    return new WebOptIn(number, purposeIds, noticeVersions, lang, clientAddress, evidence);
  }

  public WebOptIn withEvidence(String key, String value) {
    Map<String, String> e = new HashMap<>(evidence);
    e.put(key, value);
    return new WebOptIn(number, purposeIds, noticeVersions, language, clientAddress, e);
  }

  /** The number masked; the client address and the evidence values hidden. */
  @Override
  public String toString() {
    return "WebOptIn[number=" + number + ", purposeIds=" + purposeIds + ", noticeVersions=" + noticeVersions
        + ", language=" + language + ", clientAddress=" + LogText.hidden(clientAddress) + ", evidence="
        + LogText.keys(evidence) + "]";
  }
}
