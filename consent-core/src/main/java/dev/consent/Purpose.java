package dev.consent;

import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a message is for, e.g. {@code marketing.promotions} or {@code service.order-updates}, with
 * the rules that follow from it. Every message names exactly one purpose.
 *
 * @param id stable identifier
 * @param description one line for people (shown in receipts and exports)
 * @param basis lawful basis; {@link LawfulBasis#CONSENT} means the gate requires a valid grant
 * @param messageClass marketing, service or conversational
 * @param doubleOptIn whether a grant must be confirmed from the phone itself
 * @param consentValidity how long a grant passes the gate before it must be refreshed (null: no limit)
 * @param retention how long records of this purpose are kept after they stop being needed
 * @param program the SMS program messages of this purpose are sent as
 * @since 0.1
 */
public record Purpose(
    String id,
    String description,
    LawfulBasis basis,
    MessageClass messageClass,
    boolean doubleOptIn,
    @Nullable Duration consentValidity,
    Duration retention,
    Program program) {

  public Purpose {
    Checks.id(id, "purpose id");
    Checks.maxLength(Checks.notBlank(description, "purpose description"), 200, "purpose description");
    Checks.notNull(basis, "lawful basis");
    Checks.notNull(messageClass, "message class");
    Checks.notNull(retention, "retention");
    Checks.notNull(program, "program");
    if (consentValidity != null && (consentValidity.isNegative() || consentValidity.isZero())) {
      throw new InvalidInputException("consent validity must be positive");
    }
    if (retention.isNegative() || retention.isZero()) {
      throw new InvalidInputException("retention must be positive");
    }
    if (messageClass == MessageClass.MARKETING && basis != LawfulBasis.CONSENT) {
      throw new InvalidInputException(
          "marketing purpose '" + id + "' must rely on consent (ePrivacy Art. 13(1))");
    }
    if (doubleOptIn && basis != LawfulBasis.CONSENT) {
      throw new InvalidInputException("double opt-in only applies to consent-based purposes");
    }
  }

  /**
   * A marketing purpose with SMS double opt-in, consent valid for {@code validity} (or forever if
   * null) and records kept three years.
   */
  public static Purpose marketing(String id, String description, Program program, @Nullable Duration validity) {
    return new Purpose(id, description, LawfulBasis.CONSENT, MessageClass.MARKETING, true, validity,
        Duration.ofDays(3 * 365), program);
  }

  /** A service purpose that relies on a contract: no marketing consent needed. */
  public static Purpose service(String id, String description, Program program) {
    return new Purpose(id, description, LawfulBasis.CONTRACT, MessageClass.SERVICE, false, null,
        Duration.ofDays(2 * 365), program);
  }

  /** Whether the gate needs a valid grant before a message of this purpose may go out. */
  public boolean requiresConsent() {
    return basis == LawfulBasis.CONSENT;
  }

  public Optional<Duration> validity() {
    return Optional.ofNullable(consentValidity);
  }
}
