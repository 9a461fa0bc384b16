/**
 * Twilio for consent, with no Twilio SDK: {@link dev.consent.sms.twilio.TwilioCarrier} sends
 * through the Messages API, {@link dev.consent.sms.twilio.TwilioWebhooks} verifies and parses the
 * inbound and status webhooks into {@link dev.consent.InboundMessage} and {@link
 * dev.consent.DeliveryReport}, and {@link dev.consent.sms.twilio.TwilioReconciler} replays inbound
 * messages whose webhook was lost. HTTP goes through the replaceable {@link
 * dev.consent.sms.twilio.TwilioHttp} seam.
 */
@NullMarked
package dev.consent.sms.twilio;

import org.jspecify.annotations.NullMarked;
