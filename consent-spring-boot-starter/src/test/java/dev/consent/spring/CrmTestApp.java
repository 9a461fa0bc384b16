package dev.consent.spring;

import dev.consent.memory.RecordingCarrier;
import dev.consent.testkit.MutableClock;
import java.time.Clock;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A host as small as the starter allows: the carrier (recording, for the tests) and, only because US
 * quiet hours would deny sends at night, a clock set to a Monday 11:00 in New York.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class CrmTestApp {
  @Bean
  RecordingCarrier carrier() {
    return new RecordingCarrier("twilio");
  }

  @Bean
  Clock clock() {
    return MutableClock.at("2026-03-02T16:00:00Z");
  }
}
