/**
 * Argument checks, hashing and receipt labels that the values of every layer use; depends only on
 * {@code dev.consent.error}. Not API: may change in any release without notice.
 */
@NullMarked
package dev.consent.internal.base;

import org.jspecify.annotations.NullMarked;
