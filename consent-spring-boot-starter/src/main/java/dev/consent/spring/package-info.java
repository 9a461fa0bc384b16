/**
 * Spring Boot auto-configuration for the consent SDK: {@code consent.*} properties, the kit and its
 * services as beans, verified Twilio and Vonage webhook endpoints, a health indicator and Micrometer
 * meters.
 */
@NullMarked
package dev.consent.spring;

import org.jspecify.annotations.NullMarked;
