package dev.consent.spring;

import dev.consent.kit.ConsentKit;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The {@code consent} health indicator ({@link ConsentHealthIndicator}) when Spring Boot Actuator is
 * present; {@code management.health.consent.enabled=false} turns it off.
 *
 * @since 0.5
 */
@AutoConfiguration(after = ConsentAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(ConsentKit.class)
@ConditionalOnProperty(name = "management.health.consent.enabled", matchIfMissing = true)
public class ConsentHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "consentHealthIndicator")
  ConsentHealthIndicator consentHealthIndicator(ConsentKit kit) {
    return new ConsentHealthIndicator(kit);
  }
}
