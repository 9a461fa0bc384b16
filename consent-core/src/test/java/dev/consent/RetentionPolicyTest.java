package dev.consent;

import static dev.consent.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.ConfigurationException;
import dev.consent.error.InvalidInputException;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RetentionPolicy")
class RetentionPolicyTest {
  private static final RetentionPolicy D = RetentionPolicy.defaults();

  ConsentKit.Builder complete() {
    return ConsentKit.builder().store(new InMemoryConsentStore()).carrier(new RecordingCarrier())
        .clock(Clock.systemUTC()).purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(MARKETING_NOTICE);
  }

  @Test
  @DisplayName("defaults: bodies 30 days, messages 13 months, proofs 5 years, batches of 500; a kit uses them unless told")
  void defaults() {
    assertThat(D.messageBodies()).isEqualTo(Duration.ofDays(30));
    assertThat(D.messages()).isEqualTo(Duration.ofDays(395));
    assertThat(D.proofs()).isEqualTo(Duration.ofDays(1826));
    assertThat(D.proofs()).as("outlives the TCPA limitation period").isGreaterThan(Duration.ofDays(4 * 366));
    assertThat(D.batchSize()).isEqualTo(500);
    assertThat(complete().build().retention()).isEqualTo(D);
    RetentionPolicy custom = D.withMessageBodies(Duration.ofDays(7));
    assertThat(complete().retention(custom).build().retention()).isEqualTo(custom);
  }

  @Test
  @DisplayName("a purpose's override replaces the proof period for that purpose only")
  void override() {
    RetentionPolicy p = D.withProofs(MARKETING, Duration.ofDays(3000));
    assertThat(p.proofsFor(MARKETING)).isEqualTo(Duration.ofDays(3000));
    assertThat(p.proofsFor(ORDERS)).isEqualTo(D.proofs());
    assertThat(p.periodOf(RecordType.PROOFS)).isEqualTo(D.proofs());
    assertThat(p.periodOf(RecordType.MESSAGE_BODIES)).isEqualTo(D.messageBodies());
  }

  @Test
  @DisplayName("refuses bodies kept as long as proofs, also through an override, with a typed error")
  void bodiesShorterThanProofs() {
    assertThatThrownBy(() -> D.withMessages(Duration.ofDays(2000)).withMessageBodies(Duration.ofDays(1826)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("longer than message bodies");
    assertThatThrownBy(() -> D.withProofs(MARKETING, Duration.ofDays(30)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining(MARKETING);
    assertThatThrownBy(() -> D.withMessages(Duration.ofDays(10))).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("message retention");
  }

  @Test
  @DisplayName("refuses zero, negative and missing periods and batch sizes out of range")
  void positive() {
    assertThatThrownBy(() -> D.withInboundReceipts(Duration.ZERO)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> D.withPendingOptIns(Duration.ofDays(-1))).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> D.withProofs(null)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> D.withBatchSize(0)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> D.withBatchSize(RetentionPolicy.MAX_BATCH + 1)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> new RetentionPolicy(D.messageBodies(), D.messages(), D.pendingOptIns(),
        D.inboundReceipts(), D.rateLimitHits(), D.proofs(), Map.of("Bad Id!", Duration.ofDays(3000)), 10))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  @DisplayName("the builder refuses an override for an unknown purpose and hits kept shorter than a limit's window")
  void builderChecks() {
    assertThatThrownBy(() -> complete().retention(D.withProofs("marketing.unknown", Duration.ofDays(3000))).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("marketing.unknown");
    assertThatThrownBy(() -> complete().retention(D.withRateLimitHits(Duration.ofDays(2))).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("rate-limit");
    assertThatThrownBy(() -> complete().retention(null).build()).isInstanceOf(ConfigurationException.class);
  }
}
