/**
 * The composition root: {@link dev.consent.kit.ConsentKit} builds the services of {@code dev.consent}
 * from a store, a carrier, purposes and a clock, choosing the implementations in
 * {@code dev.consent.internal}. The only package that depends on that engine.
 */
@NullMarked
package dev.consent.kit;

import org.jspecify.annotations.NullMarked;
