package dev.consent;

import static dev.consent.Fixture.MARKETING;
import static dev.consent.Fixture.MIAMI;
import static dev.consent.Fixture.NY;
import static dev.consent.Fixture.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(dev.consent.testkit.LogCheck.class)
@DisplayName("Messages the host sends with its own carrier client count like the kit's")
class HostSendTest {
  final Fixture f = new Fixture();

  HostSend.Reserved reserve(PhoneNumber n, String purpose) {
    HostSend r = f.kit.gate().reserve(OutboundMessage.of(n, purpose, "Offer from our CRM"));
    assertThat(r).isInstanceOf(HostSend.Reserved.class);
    return (HostSend.Reserved) r;
  }

  @Test
  @DisplayName("a reservation is logged, confirmed with the carrier's id (delivery reports find it) or cancelled")
  void reserveConfirmCancel() {
    HostSend.Reserved r = reserve(NY, ORDERS);
    assertThat(f.store.messages(f.kit.tenant(), NY)).singleElement()
        .satisfies(m -> assertThat(m.carrierMessageId()).isNull());
    assertThat(f.kit.gate().confirmSent(r.messageId(), "SM-host-1")).isTrue();
    assertThat(f.kit.gate().confirmSent(r.messageId(), "SM-host-1")).as("once").isFalse();
    assertThat(f.store.updateDelivery(f.kit.tenant(), "SM-host-1", DeliveryState.DELIVERED, null))
        .hasValueSatisfying(m -> assertThat(m.messageId()).isEqualTo(r.messageId()));
    assertThat(f.kit.gate().cancel(r.messageId())).as("a confirmed send stays").isFalse();
    HostSend.Reserved other = reserve(NY, ORDERS);
    assertThat(f.kit.gate().cancel(other.messageId())).isTrue();
    assertThat(f.store.messages(f.kit.tenant(), NY)).extracting(MessageRecord::messageId).containsExactly(r.messageId());
  }

  @Test
  @DisplayName("the host's sends fill the frequency cap for the kit's sends and its own; a cancelled one frees its slot")
  void capsCountHostSends() {
    f.optInByWeb(MIAMI);
    HostSend.Reserved a = reserve(MIAMI, MARKETING);
    f.kit.gate().confirmSent(a.messageId(), "SM-a");
    reserve(MIAMI, MARKETING);
    HostSend.Reserved pending = reserve(MIAMI, MARKETING);
    assertThat(f.kit.gate().reserve(OutboundMessage.of(MIAMI, MARKETING, "a fourth"))).isInstanceOfSatisfying(
        HostSend.Blocked.class, b -> assertThat(b.decision().reason()).isEqualTo(DenyReason.FREQUENCY_CAP));
    assertThat(f.kit.gate().send(OutboundMessage.of(MIAMI, MARKETING, "from the kit"))).isInstanceOfSatisfying(
        SendOutcome.Blocked.class, b -> assertThat(b.decision().reason()).isEqualTo(DenyReason.FREQUENCY_CAP));
    assertThat(f.kit.gate().cancel(pending.messageId())).isTrue();
    assertThat(f.kit.gate().send(OutboundMessage.of(MIAMI, MARKETING, "from the kit"))).isInstanceOf(SendOutcome.Sent.class);
  }

  @Test
  @DisplayName("a message the gate refuses is not reserved or logged")
  void refused() {
    assertThat(f.kit.gate().reserve(OutboundMessage.of(NY, MARKETING, "no consent"))).isInstanceOfSatisfying(
        HostSend.Blocked.class, b -> assertThat(b.decision().reason()).isEqualTo(DenyReason.NO_CONSENT));
    assertThat(f.store.messages(f.kit.tenant(), NY)).isEmpty();
  }
}
