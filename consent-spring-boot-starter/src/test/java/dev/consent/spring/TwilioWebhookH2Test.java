package dev.consent.spring;

import org.junit.jupiter.api.DisplayName;
import org.springframework.test.context.TestPropertySource;

@DisplayName("Spring Boot host on H2: verified Twilio webhooks over HTTP")
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:starter;DB_CLOSE_DELAY=-1")
class TwilioWebhookH2Test extends TwilioWebhookHttpTestBase {}
