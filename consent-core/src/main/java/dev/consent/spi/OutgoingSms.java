package dev.consent.spi;

import dev.consent.LogText;
import dev.consent.PhoneNumber;
import dev.consent.internal.base.Checks;

/**
 * One SMS to hand to a carrier. It has already passed the gate (or is a system reply).
 *
 * @param to the recipient
 * @param from the sender id
 * @param body the text (personal data: never log it)
 * @param reference this library's message id, for the carrier's client reference where it has one
 * @since 0.1
 */
public record OutgoingSms(PhoneNumber to, String from, String body, String reference) {
  public OutgoingSms {
    Checks.notNull(to, "to");
    Checks.notBlank(from, "from");
    Checks.notBlank(body, "body");
    Checks.notBlank(reference, "reference");
  }

  /**
   * The number masked, the body as its length, the reference hidden: for a confirmation the body
   * holds the code and the reference is the request id, and the two together confirm the opt-in.
   */
  @Override
  public String toString() {
    return "OutgoingSms[to=" + to.masked() + ", from=" + from + ", body=" + LogText.chars(body) + ", reference="
        + LogText.HIDDEN + "]";
  }
}
