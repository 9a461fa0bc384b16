package dev.consent;

import static dev.consent.Fixture.*;
import static dev.consent.MessageGateTest.reason;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import dev.consent.policy.Jurisdiction;
import dev.consent.policy.PolicyBook;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.LogCheck;
import dev.consent.testkit.MutableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The gate's rules at their edges: validity from two sources, caps in campaigns, lost reservations. */
@ExtendWith(LogCheck.class)
@DisplayName("MessageGate at the edges")
class GateEdgesTest {
  static final Purpose SHORT = new Purpose("marketing.flash", "Flash sales", LawfulBasis.CONSENT,
      MessageClass.MARKETING, false, Duration.ofDays(10), Duration.ofDays(365), DEALS);
  static final Purpose PLAIN = new Purpose("marketing.plain", "Offers", LawfulBasis.CONSENT,
      MessageClass.MARKETING, false, null, Duration.ofDays(365), DEALS);
  static final Purpose LONG = new Purpose("marketing.club", "Club offers", LawfulBasis.CONSENT,
      MessageClass.MARKETING, false, Duration.ofDays(60), Duration.ofDays(365), DEALS);

  final MutableClock clock = MutableClock.at(MONDAY_11_NY);
  final RecordingCarrier carrier = new RecordingCarrier();

  ConsentKit kit(ConsentStore store, PolicyBook policies) {
    return ConsentKit.builder().store(store).carrier(carrier).clock(clock).policies(policies)
        .purposes(PLAIN, ORDERS_PURPOSE, SHORT, LONG)
        .notices(new Notice(PLAIN.id(), "v1", "en", "Offers by SMS"), new Notice(SHORT.id(), "v1", "en", "Flash sales by SMS"),
            new Notice(LONG.id(), "v1", "en", "Club offers by SMS"))
        .build();
  }

  static void grant(ConsentKit kit, PhoneNumber n, String purpose) {
    kit.registry().grant(GrantRequest.of(n, purpose, ConsentMethod.WEB_FORM, Channel.WEB, "v1", Map.of("form", "f")));
  }

  @Nested
  @DisplayName("consent validity")
  class Validity {
    /** Germany with a 30-day consent validity (a national rule a host may configure). */
    final PolicyBook thirtyDays = PolicyBook.defaults().with(new Jurisdiction("DE", "Germany (30-day consent)", null,
        null, Duration.ofDays(30), "test rule"));

    @Test
    @DisplayName("a jurisdiction's validity alone ends consent for a purpose that has none")
    void jurisdictionAlone() {
      ConsentKit kit = kit(new InMemoryConsentStore(), thirtyDays);
      grant(kit, BERLIN, PLAIN.id());
      grant(kit, NY, PLAIN.id());
      clock.advance(Duration.ofDays(29));
      assertThat(kit.gate().check(OutboundMessage.of(BERLIN, PLAIN.id(), "x")).isAllowed()).isTrue();
      clock.advance(Duration.ofDays(2));
      GateDecision d = kit.gate().check(OutboundMessage.of(BERLIN, PLAIN.id(), "x"));
      assertThat(reason(d)).isEqualTo(DenyReason.CONSENT_EXPIRED);
      assertThat(((GateDecision.Denied) d).detail()).contains("PT720H");
      assertThat(kit.gate().check(OutboundMessage.of(NY, PLAIN.id(), "x")).isAllowed())
          .as("New York has no validity rule").isTrue();
      assertThat(kit.gate().checkAll(List.of(OutboundMessage.of(BERLIN, PLAIN.id(), "x"))))
          .singleElement().satisfies(c -> assertThat(reason(c)).isEqualTo(DenyReason.CONSENT_EXPIRED));
    }

    @Test
    @DisplayName("the shorter of the purpose's and the jurisdiction's validity applies, whichever it is")
    void shorterWins() {
      ConsentKit kit = kit(new InMemoryConsentStore(), thirtyDays);
      grant(kit, BERLIN, SHORT.id());
      grant(kit, BERLIN, LONG.id());
      clock.advance(Duration.ofDays(11));
      assertThat(reason(kit.gate().check(OutboundMessage.of(BERLIN, SHORT.id(), "x"))))
          .as("the purpose's 10 days").isEqualTo(DenyReason.CONSENT_EXPIRED);
      assertThat(kit.gate().check(OutboundMessage.of(BERLIN, LONG.id(), "x")).isAllowed()).isTrue();
      clock.advance(Duration.ofDays(20));
      assertThat(reason(kit.gate().check(OutboundMessage.of(BERLIN, LONG.id(), "x"))))
          .as("the jurisdiction's 30 days, not the purpose's 60").isEqualTo(DenyReason.CONSENT_EXPIRED);
    }

    @Test
    @DisplayName("no validity anywhere: an old consent stays valid")
    void none() {
      ConsentKit kit = kit(new InMemoryConsentStore(), PolicyBook.defaults());
      grant(kit, BERLIN, PLAIN.id());
      clock.advance(Duration.ofDays(3650));
      assertThat(kit.gate().check(OutboundMessage.of(BERLIN, PLAIN.id(), "x")).isAllowed()).isTrue();
    }
  }

  @Nested
  @DisplayName("frequency caps in campaigns (checkAll)")
  class CampaignCaps {
    /** Germany capped at 2 marketing messages a week: a longer window than Florida's 24 hours. */
    final PolicyBook weekly = PolicyBook.defaults().with(new Jurisdiction("DE", "Germany (weekly cap)", null,
        new FrequencyCap(2, Duration.ofDays(7)), null, "test rule"));

    @Test
    @DisplayName("a number exactly at its cap is refused with the same retry instant check gives")
    void atTheCap() {
      ConsentKit kit = kit(new InMemoryConsentStore(), PolicyBook.defaults());
      grant(kit, MIAMI, PLAIN.id());
      grant(kit, NY, PLAIN.id());
      for (int i = 0; i < 3; i++) {
        assertThat(kit.gate().send(OutboundMessage.of(MIAMI, PLAIN.id(), "d" + i))).isInstanceOf(SendOutcome.Sent.class);
        clock.advance(Duration.ofMinutes(10));
      }
      List<OutboundMessage> batch = List.of(OutboundMessage.of(NY, PLAIN.id(), "c"), OutboundMessage.of(MIAMI, PLAIN.id(),
          "c"));
      List<GateDecision> all = kit.gate().checkAll(batch);
      assertThat(all.get(0).isAllowed()).isTrue();
      assertThat(reason(all.get(1))).isEqualTo(DenyReason.FREQUENCY_CAP);
      assertThat(all.get(1)).isEqualTo(kit.gate().check(batch.get(1)));
    }

    @Test
    @DisplayName("jurisdictions with different cap windows in one batch: each number counted over its own window")
    void mixedWindows() {
      ConsentKit kit = kit(new InMemoryConsentStore(), weekly);
      grant(kit, MIAMI, PLAIN.id());
      grant(kit, BERLIN, PLAIN.id());
      kit.gate().send(OutboundMessage.of(BERLIN, PLAIN.id(), "w1"));
      clock.advance(Duration.ofDays(1));
      kit.gate().send(OutboundMessage.of(BERLIN, PLAIN.id(), "w2"));
      clock.advance(Duration.ofDays(2)); // both Berlin sends are older than Florida's 24 h, inside Germany's week
      for (List<OutboundMessage> batch : List.of(
          List.of(OutboundMessage.of(MIAMI, PLAIN.id(), "c"), OutboundMessage.of(BERLIN, PLAIN.id(), "c")),
          List.of(OutboundMessage.of(BERLIN, PLAIN.id(), "c"), OutboundMessage.of(MIAMI, PLAIN.id(), "c")))) {
        List<GateDecision> all = kit.gate().checkAll(batch);
        for (int i = 0; i < batch.size(); i++) {
          assertThat(all.get(i)).as("message %d", i).isEqualTo(kit.gate().check(batch.get(i)));
          assertThat(all.get(i).isAllowed()).isEqualTo(batch.get(i).to().equals(MIAMI));
        }
      }
    }
  }

  @Nested
  @DisplayName("a cap that fills between the check and the reservation")
  class LostReservation {
    /** A store whose reservations all fail after {@code before} ran (another instance took the slots). */
    ConsentStore refusing(InMemoryConsentStore memory, BiFunction<InMemoryConsentStore, MessageRecord, Void> before) {
      return (ConsentStore) Proxy.newProxyInstance(ConsentStore.class.getClassLoader(),
          new Class<?>[] {ConsentStore.class}, (proxy, method, args) -> {
            if (method.getName().equals("reserveSend")) {
              before.apply(memory, (MessageRecord) args[0]);
              return false;
            }
            try {
              return method.invoke(memory, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }

    static MessageRecord other(MessageRecord mine, int i, Instant at) {
      return new MessageRecord(mine.tenant(), "other-" + i, mine.number(), mine.purposeId(), mine.programId(),
          mine.sender(), mine.carrier(), "SMother" + i, at, DeliveryState.ACCEPTED, null, "from another instance");
    }

    @Test
    @DisplayName("send: refused as FREQUENCY_CAP with the retry instant of the sends that filled it; the carrier is not called")
    void filledByOthers() {
      InMemoryConsentStore memory = new InMemoryConsentStore();
      List<Instant> theirs = new ArrayList<>();
      ConsentKit kit = kit(refusing(memory, (m, mine) -> {
        for (int i = 0; i < 3; i++) {
          Instant at = clock.instant().minus(Duration.ofMinutes(3 - i));
          theirs.add(at);
          m.logMessage(other(mine, i, at));
        }
        return null;
      }), PolicyBook.defaults());
      grant(kit, MIAMI, PLAIN.id());
      SendOutcome o = kit.gate().send(OutboundMessage.of(MIAMI, PLAIN.id(), "deal"));
      assertThat(o).isInstanceOf(SendOutcome.Blocked.class);
      GateDecision.Denied d = ((SendOutcome.Blocked) o).decision();
      assertThat(d.reason()).isEqualTo(DenyReason.FREQUENCY_CAP);
      assertThat(d.retryAt()).isEqualTo(theirs.get(0).plus(Duration.ofHours(24)));
      assertThat(carrier.sentTo(MIAMI)).isEmpty();
    }

    @Test
    @DisplayName("send and reserve: refused as FREQUENCY_CAP even when the slots taken are not readable yet")
    void filledUnseen() {
      ConsentKit kit = kit(refusing(new InMemoryConsentStore(), (m, mine) -> null), PolicyBook.defaults());
      grant(kit, MIAMI, PLAIN.id());
      SendOutcome o = kit.gate().send(OutboundMessage.of(MIAMI, PLAIN.id(), "deal"));
      GateDecision.Denied d = ((SendOutcome.Blocked) o).decision();
      assertThat(d.reason()).isEqualTo(DenyReason.FREQUENCY_CAP);
      assertThat(d.detail()).contains("US-FL");
      assertThat(d.retryAt()).isNull();
      HostSend h = kit.gate().reserve(OutboundMessage.of(MIAMI, PLAIN.id(), "deal"));
      assertThat(h).isInstanceOf(HostSend.Blocked.class);
      assertThat(((HostSend.Blocked) h).decision().reason()).isEqualTo(DenyReason.FREQUENCY_CAP);
      HostSend uncapped = kit.gate().reserve(OutboundMessage.of(MIAMI, ORDERS, "your order"));
      assertThat(((HostSend.Blocked) uncapped).decision().reason()).isEqualTo(DenyReason.FREQUENCY_CAP);
      assertThat(carrier.sentTo(MIAMI)).isEmpty();
    }

    @Test
    @DisplayName("a send the carrier refuses gives its reserved slot back")
    void refusedSendReleases() {
      ConsentKit kit = kit(new InMemoryConsentStore(), PolicyBook.defaults());
      grant(kit, MIAMI, PLAIN.id());
      for (int i = 0; i < 3; i++) {
        carrier.failNext(CarrierError.of(CarrierError.Kind.RATE_LIMITED, "20429", "too many requests", true));
        assertThat(kit.gate().send(OutboundMessage.of(MIAMI, PLAIN.id(), "d" + i))).isInstanceOf(SendOutcome.Failed.class);
      }
      for (int i = 0; i < 3; i++) {
        assertThat(kit.gate().send(OutboundMessage.of(MIAMI, PLAIN.id(), "d" + i))).isInstanceOf(SendOutcome.Sent.class);
      }
      assertThat(reason(kit.gate().check(OutboundMessage.of(MIAMI, PLAIN.id(), "d")))).isEqualTo(DenyReason.FREQUENCY_CAP);
    }
  }
}
