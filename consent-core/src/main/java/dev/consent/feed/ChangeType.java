package dev.consent.feed;

/**
 * What changed. The CloudEvents {@code type} is {@link #cloudEventType()}.
 *
 * @since 0.5
 */
public enum ChangeType {
  /** A double opt-in was requested (the consent is pending). */
  REQUESTED("dev.consent.consent.requested"),
  /** Consent was given or imported. */
  GRANTED("dev.consent.consent.granted"),
  /** Consent was withdrawn (STOP, a carrier opt-out, the host). */
  WITHDRAWN("dev.consent.consent.withdrawn"),
  /** A consent or a pending request ran out. */
  EXPIRED("dev.consent.consent.expired"),
  /** The person was erased (GDPR Art. 17): the number is gone, the opt-out stays. */
  ERASED("dev.consent.consent.erased"),
  /** An unclear reply was reviewed as not an opt-out: nothing changed in force. */
  REVIEWED("dev.consent.consent.reviewed"),
  /** The number was put on the suppression list in a scope. */
  SUPPRESSED("dev.consent.suppression.added"),
  /** A suppression was lifted (START, a double opt-in from the phone). */
  UNSUPPRESSED("dev.consent.suppression.removed");

  private final String cloudEventType;

  ChangeType(String cloudEventType) {
    this.cloudEventType = cloudEventType;
  }

  /** The CloudEvents {@code type} attribute, reverse-DNS and lower case. */
  public String cloudEventType() {
    return cloudEventType;
  }

  /** The type of a CloudEvents {@code type} attribute. */
  public static ChangeType ofCloudEventType(String type) {
    for (ChangeType t : values()) {
      if (t.cloudEventType.equals(type)) {
        return t;
      }
    }
    throw new dev.consent.error.InvalidInputException("not a consent change type (" + (type == null ? 0 : type.length())
        + " characters)");
  }
}
