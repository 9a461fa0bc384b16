/**
 * Twilio for consent, with no Twilio SDK: {@link dev.consent.sms.twilio.TwilioCarrier} sends
 * through the Messages API, {@link dev.consent.sms.twilio.TwilioWebhooks} verifies and parses the
 * inbound and status webhooks into {@link dev.consent.InboundMessage} and {@link
 * dev.consent.DeliveryReport}, and {@link dev.consent.sms.twilio.TwilioReconciler} replays inbound
 * messages whose webhook was lost. An inbound webhook that cannot be verified is kept unverified
 * rather than refused, and {@code TwilioCarrier}, as the {@link dev.consent.spi.InboundConfirmer},
 * confirms it by fetching the message from Twilio's API. Requests and results are the shapes every
 * adapter shares ({@link dev.consent.carrier.WebhookRequest}, {@link
 * dev.consent.carrier.WebhookResult}); HTTP goes through the replaceable {@link
 * dev.consent.carrier.CarrierHttp} seam and retries through {@link dev.consent.carrier.Backoff}.
 */
@NullMarked
package dev.consent.sms.twilio;

import org.jspecify.annotations.NullMarked;
