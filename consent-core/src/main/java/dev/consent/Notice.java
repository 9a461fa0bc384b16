package dev.consent;

import dev.consent.internal.base.Checks;
import dev.consent.internal.base.Hashing;
import java.util.Locale;

/**
 * The exact text shown to a person when asking for consent to one purpose, in one language and
 * version. Grants reference the version; the text and its hash are kept as proof (GDPR Art. 7(1)).
 *
 * @param purposeId the purpose the notice asks consent for
 * @param version the notice version, e.g. {@code 2026-01}
 * @param language BCP 47 language tag, e.g. {@code en}
 * @param text the exact wording shown
 * @since 0.1
 */
public record Notice(String purposeId, String version, String language, String text) {

  public Notice {
    Checks.id(purposeId, "notice purpose id");
    Checks.id(version, "notice version");
    language = Checks.notBlank(language, "notice language").toLowerCase(Locale.ROOT);
    // well-formed, so that every store keeps exactly the text whose hash receipts cite
    text = Checks.wellFormed(Checks.maxLength(Checks.notBlank(text, "notice text"), 20_000, "notice text"));
  }

  /** SHA-256 of the exact text (UTF-8), hex. */
  public String contentHash() {
    return Hashing.sha256Hex(text);
  }
}
