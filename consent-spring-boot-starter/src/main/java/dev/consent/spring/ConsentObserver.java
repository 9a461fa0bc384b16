package dev.consent.spring;

import dev.consent.KitObservation;

/**
 * Receives what the kit reports after each gate check, inbound message and ledger append (see {@link
 * dev.consent.kit.ConsentKit.Builder#observer}). Every bean of this type is called; the starter's own
 * records Micrometer meters when a {@code MeterRegistry} exists. Must return quickly and not throw.
 *
 * @since 0.5
 */
@FunctionalInterface
public interface ConsentObserver {
  void observe(KitObservation observation);
}
