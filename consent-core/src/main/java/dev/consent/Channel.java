package dev.consent;

/**
 * The channel through which a consent event reached the controller.
 *
 * @since 0.1
 */
public enum Channel {
  SMS,
  WEB,
  APP,
  PHONE,
  PAPER,
  EMAIL,
  API,
  CARRIER,
  SYSTEM
}
