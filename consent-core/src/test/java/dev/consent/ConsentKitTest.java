package dev.consent;

import static dev.consent.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import java.time.Clock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ConsentKit.builder()")
class ConsentKitTest {
  ConsentKit.Builder complete() {
    return ConsentKit.builder().store(new InMemoryConsentStore()).carrier(new RecordingCarrier())
        .clock(Clock.systemUTC()).purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(MARKETING_NOTICE);
  }

  @Test
  @DisplayName("builds a kit from a complete configuration and stores its notices")
  void builds() {
    InMemoryConsentStore store = new InMemoryConsentStore();
    ConsentKit kit = complete().store(store).tenant("brand-a").build();
    assertThat(kit.tenant()).isEqualTo("brand-a");
    assertThat(kit.purposes()).extracting(Purpose::id).containsExactly(MARKETING, ORDERS);
    assertThat(store.notice("brand-a", MARKETING, "v1")).contains(MARKETING_NOTICE);
  }

  @Test
  @DisplayName("fails without a store: nothing configured must never mean send anyway")
  void noStore() {
    assertThatThrownBy(() -> ConsentKit.builder().carrier(new RecordingCarrier()).clock(Clock.systemUTC())
        .purposes(ORDERS_PURPOSE).build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("store");
  }

  @Test
  @DisplayName("fails without a carrier")
  void noCarrier() {
    assertThatThrownBy(() -> ConsentKit.builder().store(new InMemoryConsentStore()).clock(Clock.systemUTC())
        .purposes(ORDERS_PURPOSE).build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("carrier");
  }

  @Test
  @DisplayName("fails without a clock: nothing reads the wall clock by itself")
  void noClock() {
    assertThatThrownBy(() -> ConsentKit.builder().store(new InMemoryConsentStore()).carrier(new RecordingCarrier())
        .purposes(ORDERS_PURPOSE).build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("clock");
  }

  @Test
  @DisplayName("fails without purposes")
  void noPurposes() {
    assertThatThrownBy(() -> ConsentKit.builder().store(new InMemoryConsentStore()).carrier(new RecordingCarrier())
        .clock(Clock.systemUTC()).build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("purpose");
  }

  @Test
  @DisplayName("fails when a consent-based purpose has no notice")
  void missingNotice() {
    assertThatThrownBy(() -> complete().purposes(NEWS_PURPOSE).build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(NEWS);
  }

  @Test
  @DisplayName("fails on a purpose configured twice")
  void duplicatePurpose() {
    assertThatThrownBy(() -> complete().purposes(MARKETING_PURPOSE).build()).isInstanceOf(ConfigurationException.class);
  }

  @Test
  @DisplayName("fails on a notice for an unknown purpose")
  void strayNotice() {
    assertThatThrownBy(() -> complete().notices(NEWS_NOTICE).build()).isInstanceOf(ConfigurationException.class);
  }

  @Test
  @DisplayName("fails on a bad tenant id")
  void badTenant() {
    assertThatThrownBy(() -> complete().tenant("no spaces allowed").build()).isInstanceOf(ConfigurationException.class);
  }

  @Test
  @DisplayName("fails when one program id carries two different settings")
  void conflictingProgram() {
    Program other = DEALS.withSenders(java.util.List.of("+14155550999"));
    Purpose p = Purpose.service("service.other", "Other", other);
    assertThatThrownBy(() -> complete().purposes(p).build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("deals");
  }

  @Test
  @DisplayName("keeps tenants apart in one store")
  void tenants() {
    InMemoryConsentStore store = new InMemoryConsentStore();
    Fixture f = new Fixture();
    ConsentKit a = complete().store(store).tenant("brand-a").clock(f.clock).build();
    ConsentKit b = complete().store(store).tenant("brand-b").clock(f.clock).build();
    a.registry().withdraw(WithdrawRequest.of(NY, MARKETING));
    assertThat(a.registry().history(NY)).hasSize(1);
    assertThat(b.registry().history(NY)).isEmpty();
  }
}
