/** Implementation details. Not API: may change in any release without notice. */
@NullMarked
package dev.consent.internal;

import org.jspecify.annotations.NullMarked;
