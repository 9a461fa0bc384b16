/**
 * The public API of consent: {@link dev.consent.kit.ConsentKit} wires a store, a carrier, purposes and a
 * clock, and hands out {@link dev.consent.ConsentRegistry}, {@link dev.consent.DoubleOptInFlow},
 * {@link dev.consent.MessageGate} and {@link dev.consent.InboundHandler}.
 */
@NullMarked
package dev.consent;

import org.jspecify.annotations.NullMarked;
