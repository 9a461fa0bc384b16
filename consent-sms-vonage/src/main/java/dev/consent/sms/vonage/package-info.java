/** consent-sms-vonage: see the README's module table. */
@NullMarked
package dev.consent.sms.vonage;

import org.jspecify.annotations.NullMarked;
