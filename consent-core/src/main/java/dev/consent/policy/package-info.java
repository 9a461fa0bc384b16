/**
 * Rules as data: jurisdictions (quiet hours, frequency caps, consent validity), opt-out and help
 * keywords per language, and the texts of confirmations, chosen by the recipient's number and
 * overridable by the host. Each bundled resource names its sources.
 */
@NullMarked
package dev.consent.policy;

import org.jspecify.annotations.NullMarked;
