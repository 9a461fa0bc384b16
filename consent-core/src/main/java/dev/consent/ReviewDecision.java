package dev.consent;

/**
 * What a person (or the rules standing in for one) decided about an unclear reply in the {@link
 * ReviewQueue}.
 *
 * @since 0.5
 */
public enum ReviewDecision {
  /** The reply asked to stop: consent is withdrawn as a STOP would withdraw it. */
  OPT_OUT,
  /** The reply did not ask to stop: consent is left as it is. */
  NOT_OPT_OUT
}
