package dev.consent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentState;
import dev.consent.ConsentStatus;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
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
    assertThat(carrier.sentTo(Demo.CUSTOMER)).hasSize(4);
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
  @DisplayName("can run again on the same store and tells the story again")
  void runsTwice() {
    RecordingCarrier carrier = new RecordingCarrier("simulated");
    InMemoryConsentStore store = new InMemoryConsentStore();
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    new Demo(sink, carrier).run(store, carrier, Instant.parse("2026-11-28T03:00:00Z"));
    ConsentStatus again = new Demo(sink, carrier).run(store, carrier, Instant.parse("2026-11-28T03:00:00Z"));
    assertThat(again.state()).isEqualTo(ConsentState.WITHDRAWN);
    assertThat(carrier.sentTo(Demo.CUSTOMER)).hasSize(8);
  }
}
