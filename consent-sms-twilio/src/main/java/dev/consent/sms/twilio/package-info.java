/** consent-sms-twilio: see the README's module table. */
@NullMarked
package dev.consent.sms.twilio;

import org.jspecify.annotations.NullMarked;
