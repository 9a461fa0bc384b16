package dev.consent.spring;

import dev.consent.InboundHandler;
import dev.consent.error.ConfigurationException;
import dev.consent.sms.vonage.SignatureMethod;
import dev.consent.sms.vonage.VonageWebhooks;
import java.time.Clock;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Vonage's verified webhook endpoints (inbound messages and delivery reports, SMS API and Messages
 * API, told apart as {@link VonageWebhooks#inbound} does), when consent-sms-vonage is on the class
 * path and {@code consent.vonage.webhook.enabled=true}. The carrier itself is the application's
 * {@code SmsCarrier} bean ({@code VonageCarrier.smsApi()} or {@code messagesApi()}).
 *
 * @since 0.5
 */
@AutoConfiguration(after = ConsentAutoConfiguration.class)
@ConditionalOnClass({VonageWebhooks.class, RouterFunction.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "consent.vonage.webhook.enabled", havingValue = "true")
public class ConsentVonageAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  VonageWebhooks consentVonageWebhooks(ConsentProperties props, Clock clock) {
    ConsentProperties.Vonage v = props.getVonage();
    SignatureMethod method;
    try {
      method = SignatureMethod.valueOf(v.getSignatureMethod().trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("consent.vonage.signature-method must be one of HMAC_SHA256, HMAC_SHA512,"
          + " HMAC_SHA1, HMAC_MD5, MD5_HASH", e);
    }
    return VonageWebhooks.builder().signatureSecret(required(v.getSignatureSecret(), "signature-secret"), method)
        .clock(clock).build();
  }

  @Bean
  RouterFunction<ServerResponse> consentVonageWebhookRoutes(ConsentProperties props, VonageWebhooks hooks,
      InboundHandler inbound, ObjectProvider<WebhookOutcomes> outcomes) {
    ConsentProperties.Webhook w = props.getVonage().getWebhook();
    String publicUrl = required(w.getPublicUrl(), "webhook.public-url (the URL Vonage calls, e.g."
        + " https://crm.example.com)");
    WebhookEndpoint.Answer empty = new WebhookEndpoint.Answer("vonage", MediaType.TEXT_PLAIN, "");
    WebhookOutcomes o = outcomes.getIfAvailable(() -> WebhookOutcomes.NONE);
    WebhookEndpoint in = new WebhookEndpoint(publicUrl, VonageWebhooks.MAX_BODY, hooks::inbound, inbound, empty, o);
    WebhookEndpoint status = new WebhookEndpoint(publicUrl, VonageWebhooks.MAX_BODY, hooks::deliveryReport, inbound,
        empty, o);
    return RouterFunctions.route()
        .POST(w.getInboundPath(), in::handle).GET(w.getInboundPath(), in::handle)
        .POST(w.getStatusPath(), status::handle).GET(w.getStatusPath(), status::handle)
        .build();
  }

  private static String required(@Nullable String value, String name) {
    if (value == null || value.isBlank()) {
      throw new ConfigurationException("consent.vonage." + name + " is required");
    }
    return value;
  }
}
