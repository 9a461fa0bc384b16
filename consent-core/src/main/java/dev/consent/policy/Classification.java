package dev.consent.policy;

import dev.consent.internal.base.Checks;
import org.jspecify.annotations.Nullable;

/**
 * The result of classifying an inbound message body.
 *
 * @param intent what the message asks for
 * @param language BCP 47 tag of the matched keyword's language (e.g. {@code "es"} for BAJA), or
 *     {@code null} when nothing matched ({@link Intent#OTHER})
 * @param normalized the body as matched: see {@link KeywordClassifier#normalize(String)}. It is
 *     message content: never log it in clear.
 * @since 0.1
 */
public record Classification(Intent intent, @Nullable String language, String normalized) {
  public Classification {
    Checks.notNull(intent, "intent");
    Checks.notNull(normalized, "normalized");
  }

  /** Whether the message withdraws consent: {@link Intent#OPT_OUT} or {@link Intent#OPT_OUT_ALL}. */
  public boolean isOptOut() {
    return intent.isOptOut();
  }

  @Override
  public String toString() {
    return "Classification[intent=" + intent + ", language=" + language + "]";
  }
}
