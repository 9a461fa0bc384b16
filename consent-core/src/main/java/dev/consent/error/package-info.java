/**
 * The exceptions of the library: {@link dev.consent.error.ConsentException} and its subtypes, which
 * every other package throws. Depends on nothing else in the library.
 */
@NullMarked
package dev.consent.error;

import org.jspecify.annotations.NullMarked;
