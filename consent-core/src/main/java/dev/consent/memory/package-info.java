/**
 * In-memory implementations of the SPIs, for tests of host applications and for the demo: {@link
 * dev.consent.memory.InMemoryConsentStore} and {@link dev.consent.memory.RecordingCarrier}.
 */
@NullMarked
package dev.consent.memory;

import org.jspecify.annotations.NullMarked;
