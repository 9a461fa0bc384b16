package dev.consent.spring;

import dev.consent.InboundHandler;
import dev.consent.error.ConfigurationException;
import dev.consent.sms.twilio.TwilioCarrier;
import dev.consent.sms.twilio.TwilioWebhooks;
import dev.consent.spi.SmsCarrier;
import java.net.URI;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Twilio, when consent-sms-twilio is on the class path: the {@link TwilioCarrier} from {@code
 * consent.twilio.account-sid} and {@code auth-token} (unless the application defines an {@link
 * SmsCarrier}), and with {@code consent.twilio.webhook.enabled=true} the verified endpoints for
 * inbound messages and status callbacks (Spring MVC).
 *
 * @since 0.5
 */
@AutoConfiguration(after = ConsentAutoConfiguration.class)
@ConditionalOnClass(TwilioWebhooks.class)
public class ConsentTwilioAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(SmsCarrier.class)
  @ConditionalOnProperty(prefix = "consent.twilio", name = {"account-sid", "auth-token"})
  TwilioCarrier consentTwilioCarrier(ConsentProperties props, Clock clock) {
    ConsentProperties.Twilio t = props.getTwilio();
    TwilioCarrier.Builder b = TwilioCarrier.builder().accountSid(required(t.getAccountSid(), "account-sid"))
        .authToken(required(t.getAuthToken(), "auth-token")).clock(clock);
    if (t.getMessagingServiceSid() != null) {
      b.messagingServiceSid(t.getMessagingServiceSid());
    }
    if (t.getStatusCallback() != null) {
      b.statusCallback(URI.create(t.getStatusCallback()));
    }
    return b.build();
  }

  /** The endpoints; {@code consent.twilio.webhook.public-url} is required with them. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(RouterFunction.class)
  @ConditionalOnProperty(name = "consent.twilio.webhook.enabled", havingValue = "true")
  static class Webhooks {

    @Bean
    @ConditionalOnMissingBean
    TwilioWebhooks consentTwilioWebhooks(ConsentProperties props, Clock clock) {
      ConsentProperties.Twilio t = props.getTwilio();
      TwilioWebhooks.Builder b = TwilioWebhooks.builder().authToken(required(t.getAuthToken(), "auth-token"))
          .clock(clock);
      if (t.getAccountSid() != null) {
        b.accountSid(t.getAccountSid());
      }
      return b.build();
    }

    @Bean
    RouterFunction<ServerResponse> consentTwilioWebhookRoutes(ConsentProperties props, TwilioWebhooks hooks,
        InboundHandler inbound, ObjectProvider<WebhookOutcomes> outcomes) {
      ConsentProperties.Webhook w = props.getTwilio().getWebhook();
      String publicUrl = required(w.getPublicUrl(), "webhook.public-url (the URL Twilio calls, e.g."
          + " https://crm.example.com: behind a proxy the request's own URL differs, and Twilio signs the URL it calls)");
      WebhookEndpoint.Answer twiml = new WebhookEndpoint.Answer("twilio", MediaType.TEXT_XML, TwilioWebhooks.EMPTY_TWIML);
      WebhookOutcomes o = outcomes.getIfAvailable(() -> WebhookOutcomes.NONE);
      WebhookEndpoint in = new WebhookEndpoint(publicUrl, TwilioWebhooks.DEFAULT_MAX_BODY, hooks::inbound, inbound,
          twiml, o);
      WebhookEndpoint status = new WebhookEndpoint(publicUrl, TwilioWebhooks.DEFAULT_MAX_BODY, hooks::deliveryReport,
          inbound, twiml, o);
      return RouterFunctions.route()
          .POST(w.getInboundPath(), in::handle).GET(w.getInboundPath(), in::handle)
          .POST(w.getStatusPath(), status::handle).GET(w.getStatusPath(), status::handle)
          .build();
    }
  }

  static String required(@Nullable String value, String name) {
    if (value == null || value.isBlank()) {
      throw new ConfigurationException("consent.twilio." + name + " is required");
    }
    return value;
  }
}
