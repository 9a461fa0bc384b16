/** consent-jdbc: see the README's module table. */
@NullMarked
package dev.consent.jdbc;

import org.jspecify.annotations.NullMarked;
