package dev.consent;

/**
 * The GDPR Art. 6(1) basis a purpose relies on. Marketing SMS needs {@link #CONSENT} (ePrivacy Art.
 * 13(1)); the others let service messages pass the gate without marketing consent.
 *
 * @since 0.1
 */
public enum LawfulBasis {
  /** Art. 6(1)(a): the person agreed; proof and double opt-in rules apply. */
  CONSENT,
  /** Art. 6(1)(b): needed to perform a contract with the person (order updates, bookings). */
  CONTRACT,
  /** Art. 6(1)(f): the controller's legitimate interest, balanced against the person's. */
  LEGITIMATE_INTEREST,
  /** Art. 6(1)(c): a legal obligation (e.g. a mandatory safety notice). */
  LEGAL_OBLIGATION
}
