/**
 * Vonage for consent: {@link dev.consent.sms.vonage.VonageCarrier} sends through the SMS API or the
 * Messages API v1; {@link dev.consent.sms.vonage.VonageWebhooks} verifies and parses inbound
 * messages, delivery receipts and statuses (including late opt-out reports) into the core's types.
 * No Vonage SDK: the JDK HTTP client, {@code javax.crypto} and Jackson. Requests, results, the HTTP
 * seam and the retry policy are the ones every adapter shares, in {@code dev.consent.carrier}.
 */
@NullMarked
package dev.consent.sms.vonage;

import org.jspecify.annotations.NullMarked;
