package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.CarrierAction;
import dev.consent.ConsentReceipt;
import dev.consent.ConsentState;
import dev.consent.ConsentStatus;
import dev.consent.DenyReason;
import dev.consent.GateDecision;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.OptInStart;
import dev.consent.OutboundMessage;
import dev.consent.WebOptIn;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import dev.consent.spi.EventChain;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two instances share one store, and instance A's clock runs fast; each stamps the inbound messages
 * it handles with its own clock, as the carrier adapters do. The ledger must still honour every
 * STOP that no clearly later opt-in followed: on every store, in the stored status, the gate of
 * both instances, the replay of the ledger and the receipts. A store's test extends this class.
 *
 * @since 0.4
 */
@org.junit.jupiter.api.extension.ExtendWith(LogCheck.class)
public abstract class ClockSkewContract extends KitScenario {
  private MutableClock clock;
  private RecordingCarrier carrier;
  private final AtomicLong ids = new AtomicLong();

  @BeforeEach
  void start() {
    clock = MutableClock.at(MONDAY_11_NY);
    carrier = new RecordingCarrier();
  }

  /** An instance of one tenant on the store under test whose clock is {@code skew} off the true one. */
  private ConsentKit instance(String tenant, Duration skew) {
    return ConsentKit.builder().tenant(tenant).store(store()).carrier(carrier).clock(Clock.offset(clock, skew))
        .purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE)
        .controller(new dev.consent.DataController("ACME Retail Ltd", "privacy@acme.example",
            "https://acme.example/privacy")).build();
  }

  private ConsentKit a;
  private ConsentKit b;
  private Duration skewA;

  /** What the adapter of {@code kit} makes of a text it receives now: stamped by that instance's clock. */
  private InboundResult text(ConsentKit kit, String body) {
    return kit.inbound().handle(message(kit, "SM-skew" + ids.incrementAndGet(), body));
  }

  private InboundMessage message(ConsentKit kit, String id, String body) {
    java.time.Instant local = kit == a ? clock.instant().plus(skewA) : clock.instant();
    return new InboundMessage("recording", id, NY, SENDER, body, local, true, CarrierAction.NONE, null);
  }

  private void instances(long secondsFast) {
    String tenant = "skew-" + UUID.randomUUID().toString().substring(0, 12);
    skewA = Duration.ofSeconds(secondsFast);
    a = instance(tenant, skewA);
    b = instance(tenant, Duration.ZERO);
  }

  /** The person is mid double opt-in: a web form on B sent the confirmation request. */
  private void pendingOnB() {
    assertThat(b.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1"))).isInstanceOf(OptInStart.Started.class);
    clock.advance(Duration.ofSeconds(20));
  }

  private void assertWithdrawnEverywhere() {
    for (ConsentKit kit : new ConsentKit[] {a, b}) {
      ConsentStatus status = kit.registry().status(NY, MARKETING);
      assertThat(status.state()).as("stored status").isEqualTo(ConsentState.WITHDRAWN);
      assertThat(EventChain.replay(kit.tenant(), NY, MARKETING, kit.registry().history(NY)))
          .as("replay of the ledger").isEqualTo(status);
      assertThat(kit.registry().verify(NY).isIntact()).isTrue();
      GateDecision d = kit.gate().check(OutboundMessage.of(NY, MARKETING, "Deals of the week"));
      assertThat(d).as("gate of instance " + (kit == a ? "A" : "B")).isInstanceOf(GateDecision.Denied.class);
      assertThat(((GateDecision.Denied) d).reason()).isEqualTo(DenyReason.WITHDRAWN);
      assertThat(kit.registry().receipts(NY)).extracting(ConsentReceipt::status)
          .containsOnly(ConsentReceipt.Status.WITHDRAWN);
    }
  }

  @ParameterizedTest(name = "A fast by {0} s")
  @ValueSource(longs = {5, 30, 120})
  @DisplayName("YES handled by A (clock fast), STOP 3 s later handled by B: the STOP is in force everywhere")
  void stopAfterYesOnAFastClock(long secondsFast) {
    instances(secondsFast);
    pendingOnB();
    assertThat(text(a, "YES")).isInstanceOf(InboundResult.Confirmed.class);
    clock.advance(Duration.ofSeconds(3));

    assertThat(text(b, "STOP")).isInstanceOf(InboundResult.OptedOut.class);

    assertWithdrawnEverywhere();
  }

  @ParameterizedTest(name = "A fast by {0} s")
  @ValueSource(longs = {5, 30, 120})
  @DisplayName("START received by A (clock fast) 3 s before a STOP on B, but handled after it, does not undo the STOP")
  void startHandledAfterAStop(long secondsFast) {
    instances(secondsFast);
    pendingOnB();
    assertThat(text(a, "YES")).isInstanceOf(InboundResult.Confirmed.class);
    clock.advance(Duration.ofMinutes(30));
    InboundMessage start = message(a, "SM-skew-late", "START");
    clock.advance(Duration.ofSeconds(3));
    assertThat(text(b, "STOP")).isInstanceOf(InboundResult.OptedOut.class);

    assertThat(a.inbound().handle(start)).isInstanceOf(InboundResult.Ignored.class);

    assertWithdrawnEverywhere();
  }

  @ParameterizedTest(name = "A fast by {0} s")
  @ValueSource(longs = {5, 30, 120})
  @DisplayName("a START clearly later than the STOP (more than the tolerance) restores consent on every instance")
  void clearlyLaterStart(long secondsFast) {
    instances(secondsFast);
    pendingOnB();
    assertThat(text(a, "YES")).isInstanceOf(InboundResult.Confirmed.class);
    clock.advance(Duration.ofSeconds(3));
    assertThat(text(b, "STOP")).isInstanceOf(InboundResult.OptedOut.class);
    clock.advance(ConsentKit.DEFAULT_CLOCK_SKEW_TOLERANCE.plusSeconds(1));

    assertThat(text(b, "START")).isInstanceOf(InboundResult.OptedIn.class);

    for (ConsentKit kit : new ConsentKit[] {a, b}) {
      assertThat(kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.GRANTED);
      assertThat(kit.gate().check(OutboundMessage.of(NY, MARKETING, "Deals of the week")).isAllowed()).isTrue();
    }
  }
}
