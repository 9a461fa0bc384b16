package dev.consent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentState;
import dev.consent.ConsentStatus;
import dev.consent.PhoneNumber;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The demo")
class DemoTest {
  @Test
  @DisplayName("tells the whole story: confirmation, YES, allowed send, STOP, one confirmation, denial, proof")
  void wholeStory() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    RecordingCarrier carrier = new RecordingCarrier("simulated");
    InMemoryConsentStore store = new InMemoryConsentStore();
    ConsentStatus status = new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8), carrier)
        .run(store, carrier, Instant.parse("2026-11-28T03:00:00Z"));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(status.state()).isEqualTo(ConsentState.WITHDRAWN);
    assertThat(out).contains("Reply YES", "Confirmed", "Allowed", "Sent", "OptedOut", "WITHDRAWN", "\"kind\" : \"GRANTED\"",
        "hash chain intact");
    assertThat(carrier.sentTo(Demo.CUSTOMER)).as("the first run's customer").hasSize(4);
  }

  @Test
  @DisplayName("run as the README runs it prints no java.util.logging line (Hibernate Validator's HV000001)")
  void noJulLine() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process demo = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        Demo.class.getName(), "--jdbc-url", "jdbc:h2:mem:demo-jul;DB_CLOSE_DELAY=-1")
        .redirectErrorStream(true).start();
    String out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(demo.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(demo.exitValue()).as(out).isZero();
    assertThat(out).contains("hash chain intact").doesNotContain("HV000001").doesNotContain("org.hibernate.validator");
  }

  @Test
  @DisplayName("can run again on the same store, at once, and tells the story again of a new customer; no event is"
      + " ever dated after the run (re-runs once wrote events days in the future)")
  void runsTwice() {
    RecordingCarrier carrier = new RecordingCarrier("simulated");
    InMemoryConsentStore store = new InMemoryConsentStore();
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Instant now = Instant.parse("2026-11-28T03:00:00Z");
    Demo first = new Demo(sink, carrier);
    first.run(store, carrier, now);
    Demo second = new Demo(sink, carrier);
    ConsentStatus again = second.run(store, carrier, now.plusSeconds(5));
    assertThat(again.state()).isEqualTo(ConsentState.WITHDRAWN);
    assertThat(first.customer()).isEqualTo(Demo.CUSTOMER);
    assertThat(second.customer()).isNotEqualTo(Demo.CUSTOMER);
    assertThat(carrier.sentTo(first.customer())).hasSize(4);
    assertThat(carrier.sentTo(second.customer())).hasSize(4);
    for (PhoneNumber n : List.of(first.customer(), second.customer())) {
      assertThat(store.history(dev.consent.kit.ConsentKit.DEFAULT_TENANT, n)).isNotEmpty().allSatisfy(e -> {
        assertThat(e.occurredAt()).isBefore(now.plusSeconds(5));
        assertThat(e.recordedAt()).isBefore(now.plusSeconds(5));
      });
    }
  }

  @Test
  @DisplayName("the story starts on a weekday at 11:00 in New York and ends before now, whatever day now is")
  void storyInThePast() {
    for (int day = 0; day < 14; day++) {
      Instant now = Instant.parse("2026-03-02T16:00:00Z").plus(java.time.Duration.ofHours(day * 24L + day * 5L));
      Instant start = DemoClock.endingBefore(now, Demo.STORY).instant();
      java.time.ZonedDateTime ny = start.atZone(java.time.ZoneId.of("America/New_York"));
      assertThat(ny.toLocalTime()).isEqualTo(java.time.LocalTime.of(11, 0));
      assertThat(ny.getDayOfWeek()).isNotIn(java.time.DayOfWeek.SATURDAY, java.time.DayOfWeek.SUNDAY);
      assertThat(start.plus(Demo.STORY)).isBefore(now);
      assertThat(start).isAfter(now.minus(java.time.Duration.ofDays(6)));
    }
  }
}
