package dev.consent;

/**
 * What the carrier itself already did with an inbound keyword (e.g. Twilio Advanced Opt-Out). When
 * the carrier already replied, this library records the change but sends no second reply.
 *
 * @since 0.1
 */
public enum CarrierAction {
  NONE,
  OPT_OUT,
  OPT_IN,
  HELP
}
