package dev.consent.spi;

import dev.consent.ConsentEvent;
import dev.consent.ConsentStatus;

/**
 * What an append did.
 *
 * @since 0.1
 */
public sealed interface AppendResult {

  /** The sealed event as stored. */
  ConsentEvent event();

  /** The event was appended; {@code status} is the (number, purpose) status after it. */
  record Appended(ConsentEvent event, ConsentStatus status) implements AppendResult {}

  /** An event with the same idempotency key was already stored; nothing changed. */
  record Duplicate(ConsentEvent event) implements AppendResult {}
}
