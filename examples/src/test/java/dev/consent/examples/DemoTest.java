package dev.consent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentState;
import dev.consent.ConsentStatus;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
