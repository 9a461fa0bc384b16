package dev.consent.examples.readme;

import com.sun.net.httpserver.HttpExchange;
import dev.consent.CarrierError;
import dev.consent.ConsentReceipt;
import dev.consent.ConsentRegistry;
import dev.consent.DoubleOptInFlow;
import dev.consent.MessageGate;
import dev.consent.Notice;
import dev.consent.OutboundMessage;
import dev.consent.Purpose;
import dev.consent.carrier.WebhookRequest;
import dev.consent.kit.ConsentKit;
import dev.consent.receipt.ChainCheckpoint;
import dev.consent.sms.twilio.TwilioCarrier;
import dev.consent.sms.twilio.TwilioWebhooks;
import dev.consent.sms.vonage.VonageWebhooks;
import dev.consent.spi.SendResult;
import java.time.Duration;

/** What the Javadoc examples of the public API take as given, beyond {@link ReadmeContext}. */
@SuppressWarnings({"unused", "NullAway"})
public abstract class JavadocContext extends ReadmeContext {
  protected ConsentRegistry registry;
  protected DoubleOptInFlow optIn;
  protected MessageGate gate;
  protected OutboundMessage message;
  protected Purpose orderUpdates;
  protected Notice marketingNoticeV1;
  protected String ip;
  protected String forwardedFor;
  protected String requestId;
  protected String code;
  protected TwilioCarrier twilio;
  protected TwilioWebhooks twilioWebhooks;
  protected TwilioWebhooks webhooks;
  protected VonageWebhooks vonageWebhooks;
  protected WebhookRequest request;
  protected HttpExchange ex;
  protected HttpExchange exchange;
  protected Duration retryAfter;
  protected ChainCheckpoint witnessedCheckpoint;
  protected ConsentKit auditKit;
  protected ConsentReceipt receipt;
  protected String messageId;
  protected CarrierError error;
  protected String secret;
  protected String keySecret;
  protected String authToken;
  protected String key;
  protected String sigSecret;
  protected String applicationId;
  protected String privateKeyPem;
  protected jakarta.validation.Validator validator;

  protected void send(String sender) {}

  protected void show(String text) {}

  protected SendResult sendOnce() {
    throw new UnsupportedOperationException();
  }

  protected boolean safeToRetry(SendResult result) {
    return false;
  }
}
