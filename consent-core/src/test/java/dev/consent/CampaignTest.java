package dev.consent;

import static dev.consent.Fixture.DEALS_SENDER;
import static dev.consent.Fixture.MARKETING;
import static dev.consent.Fixture.NY;
import static dev.consent.Fixture.ORDERS;
import static dev.consent.Fixture.SF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.ConsentStoreException;
import dev.consent.error.InvalidInputException;
import dev.consent.error.UnknownPurposeException;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.OutgoingSms;
import dev.consent.spi.SendResult;
import dev.consent.spi.SmsCarrier;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link MessageGate#sendAll} on the in-memory store: streaming, pace, interruption, carrier refusals,
 * bad input. The store-dependent guarantees (idempotency across instances and crashes, STOPs
 * mid-campaign, caps) are in the test kit's {@code CampaignContract} and {@code FrequencyCapRaceContract},
 * run on every store.
 */
class CampaignTest {
  private final Fixture f = new Fixture();

  /** Order updates (no consent needed) to {@code count} distinct New York numbers, made as they are read. */
  private static final class Generated implements Iterable<OutboundMessage> {
    final int count;
    final AtomicLong made = new AtomicLong();

    Generated(int count) {
      this.count = count;
    }

    @Override
    public Iterator<OutboundMessage> iterator() {
      return new Iterator<>() {
        int next;

        @Override
        public boolean hasNext() {
          return next < count;
        }

        @Override
        public OutboundMessage next() {
          made.incrementAndGet();
          return OutboundMessage.of(PhoneNumber.parse("+1212" + (2_000_000 + next++)), ORDERS, "Your order has shipped");
        }
      };
    }
  }

  @Nested
  @DisplayName("streams")
  class Streams {
    @Test
    @DisplayName("20,000 messages read as the run goes: the first result comes after one batch was read, every index once, in order")
    void lazily() {
      Generated input = new Generated(20_000);
      long[] madeAtFirstResult = {-1};
      AtomicLong expected = new AtomicLong();
      List<Long> progress = new ArrayList<>();
      CampaignReport report = f.kit.gate().sendAll(Campaign.of("shipping-wave-1").withBatchSize(500), input,
          new CampaignListener() {
            @Override
            public void onResult(CampaignResult r) {
              if (madeAtFirstResult[0] < 0) {
                madeAtFirstResult[0] = input.made.get();
              }
              assertThat(r.index()).isEqualTo(expected.getAndIncrement());
              assertThat(r).isInstanceOf(CampaignResult.Done.class);
            }

            @Override
            public void onProgress(CampaignReport p) {
              progress.add(p.processed());
            }
          });
      assertThat(madeAtFirstResult[0]).isEqualTo(500);
      assertThat(expected.get()).isEqualTo(20_000);
      assertThat(report).isEqualTo(new CampaignReport("shipping-wave-1", 20_000, 20_000, 0, 0, 0, true));
      assertThat(progress).hasSize(40).startsWith(500L, 1000L).endsWith(20_000L);
      assertThat(f.carrier.sent()).hasSize(20_000);
    }

    @Test
    @DisplayName("an empty campaign is complete at once and sends nothing")
    void empty() {
      assertThat(f.kit.gate().sendAll(Campaign.of("nothing"), List.of(), CampaignListener.ignoring()))
          .isEqualTo(new CampaignReport("nothing", 0, 0, 0, 0, 0, true));
      assertThat(f.carrier.sent()).isEmpty();
    }
  }

  @Test
  @DisplayName("paced at 20 a second: 25 messages take at least 1.2 s, in batches of at most one second of sends")
  void paced() {
    List<Long> progress = new ArrayList<>();
    long start = System.nanoTime();
    f.kit.gate().sendAll(Campaign.of("paced").withMaxPerSecond(20), new Generated(25), new CampaignListener() {
      @Override
      public void onResult(CampaignResult r) {}

      @Override
      public void onProgress(CampaignReport p) {
        progress.add(p.processed());
      }
    });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1200));
    assertThat(progress).containsExactly(20L, 25L);
    assertThat(f.carrier.sent()).hasSize(25);
  }

  @Test
  @DisplayName("interrupted: stops after the batch in flight, releases what it reserved, keeps the flag; a retry sends the rest")
  void interrupted() {
    CampaignReport report;
    try {
      report = f.kit.gate().sendAll(Campaign.of("wave").withBatchSize(5), new Generated(20), new CampaignListener() {
        @Override
        public void onResult(CampaignResult r) {}

        @Override
        public void onProgress(CampaignReport p) {
          Thread.currentThread().interrupt();
        }
      });
    } finally {
      assertThat(Thread.interrupted()).as("the interrupt flag is kept").isTrue();
    }
    assertThat(report).isEqualTo(new CampaignReport("wave", 5, 5, 0, 0, 0, false));
    assertThat(f.carrier.sent()).hasSize(5);
    PhoneNumber sixth = PhoneNumber.parse("+12122000005");
    assertThat(f.store.messages(f.kit.tenant(), sixth)).as("released").isEmpty();
    CampaignReport retry = f.kit.gate().sendAll(Campaign.of("wave").withBatchSize(5), new Generated(20),
        CampaignListener.ignoring());
    assertThat(retry).isEqualTo(new CampaignReport("wave", 20, 15, 0, 0, 5, true));
    assertThat(f.carrier.sent()).hasSize(20);
  }

  @Test
  @DisplayName("a carrier refusal frees the number in the campaign (a retry tries again); a carrier opt-out suppresses it")
  void carrierRefusals() {
    f.optInByWeb(NY);
    f.optInByWeb(SF);
    f.carrier.reset();
    f.carrier.failNext(CarrierError.of(CarrierError.Kind.RATE_LIMITED, "20429", "too many requests", true));
    f.carrier.reportOptOut(SF, DEALS_SENDER);
    List<OutboundMessage> messages = List.of(OutboundMessage.of(NY, MARKETING, "Sale"), OutboundMessage.of(SF, MARKETING, "Sale"));
    List<CampaignResult> first = new ArrayList<>();
    f.kit.gate().sendAll(Campaign.of("sale"), messages, first::add);
    assertThat(first).extracting(r -> ((CampaignResult.Done) r).outcome()).allSatisfy(
        o -> assertThat(o).isInstanceOf(SendOutcome.Failed.class));
    assertThat(f.check(SF, MARKETING)).isEqualTo(f.check(SF, MARKETING)).satisfies(
        d -> assertThat(((GateDecision.Denied) d).reason()).isEqualTo(DenyReason.SUPPRESSED));
    List<CampaignResult> retry = new ArrayList<>();
    CampaignReport report = f.kit.gate().sendAll(Campaign.of("sale"), messages, retry::add);
    assertThat(report).isEqualTo(new CampaignReport("sale", 2, 1, 1, 0, 0, true));
    assertThat(f.carrier.sentTo(NY)).hasSize(1);
  }

  @Test
  @DisplayName("a carrier answer of unknown outcome keeps the slot: a retried campaign reports it in doubt, and a"
      + " single send counts it toward the cap")
  void outcomeUnknown() {
    CarrierError unknown = CarrierError.of(CarrierError.Kind.OUTCOME_UNKNOWN, "timeout", "read timed out", false);
    f.carrier.failNext(unknown);
    f.kit.gate().sendAll(Campaign.of("wave"), new Generated(2), CampaignListener.ignoring());
    List<CampaignResult> retry = new ArrayList<>();
    f.kit.gate().sendAll(Campaign.of("wave"), new Generated(2), retry::add);
    assertThat(retry).first().isInstanceOfSatisfying(CampaignResult.AlreadySent.class, a -> assertThat(a.inDoubt()).isTrue());
    assertThat(f.carrier.sent()).hasSize(1);

    f.optInByWeb(Fixture.MIAMI); // Florida: 3 marketing messages in 24 hours
    f.carrier.failNext(unknown);
    List<SendOutcome> sends = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sends.add(f.kit.gate().send(OutboundMessage.of(Fixture.MIAMI, MARKETING, "Offer " + i)));
    }
    assertThat(sends.get(0)).isInstanceOf(SendOutcome.Failed.class);
    assertThat(sends.subList(1, 3)).allSatisfy(o -> assertThat(o).isInstanceOf(SendOutcome.Sent.class));
    assertThat(sends.get(3)).isInstanceOfSatisfying(SendOutcome.Blocked.class,
        b -> assertThat(b.decision().reason()).isEqualTo(DenyReason.FREQUENCY_CAP));
  }

  @Test
  @DisplayName("a number whose cap is full is refused with the instant the cap has room again, read from the reservation")
  void capFull() {
    f.optInByWeb(Fixture.MIAMI); // Florida: 3 marketing messages in 24 hours
    java.time.Instant first = f.clock.instant();
    for (int i = 0; i < 3; i++) {
      assertThat(f.kit.gate().send(OutboundMessage.of(Fixture.MIAMI, MARKETING, "Offer " + i))).isInstanceOf(SendOutcome.Sent.class);
      f.clock.advance(Duration.ofMinutes(30));
    }
    List<CampaignResult> results = new ArrayList<>();
    f.kit.gate().sendAll(Campaign.of("more"), List.of(OutboundMessage.of(Fixture.MIAMI, MARKETING, "More")), results::add);
    assertThat(results).singleElement().satisfies(r -> {
      GateDecision.Denied d = ((SendOutcome.Blocked) ((CampaignResult.Done) r).outcome()).decision();
      assertThat(d.reason()).isEqualTo(DenyReason.FREQUENCY_CAP);
      assertThat(d.retryAt()).isEqualTo(first.plus(Duration.ofHours(24)));
    });
    assertThat(f.store.messages(f.kit.tenant(), Fixture.MIAMI).stream().filter(m -> !m.isReply())).hasSize(3);
  }

  @Test
  @DisplayName("a number named three times in one batch is sent once, the other lines report it sent (not in doubt);"
      + " after a carrier refusal the next line tries again")
  void duplicatesInOneBatch() {
    OutboundMessage order = OutboundMessage.of(NY, ORDERS, "Your order has shipped");
    List<CampaignResult> results = new ArrayList<>();
    CampaignReport report = f.kit.gate().sendAll(Campaign.of("dup"), List.of(order, order, order), results::add);
    assertThat(report).isEqualTo(new CampaignReport("dup", 3, 1, 0, 0, 2, true));
    assertThat(results).filteredOn(r -> r instanceof CampaignResult.AlreadySent).hasSize(2)
        .allSatisfy(r -> assertThat(((CampaignResult.AlreadySent) r).inDoubt()).isFalse());
    assertThat(f.carrier.sentTo(NY)).hasSize(1);

    f.carrier.failNext(CarrierError.of(CarrierError.Kind.UNAVAILABLE, "503", "unavailable", true));
    CampaignReport second = f.kit.gate().sendAll(Campaign.of("dup-2"), List.of(order, order), CampaignListener.ignoring());
    assertThat(second).isEqualTo(new CampaignReport("dup-2", 2, 1, 0, 1, 0, true));
    assertThat(f.carrier.sentTo(NY)).hasSize(2);
  }

  @Test
  @DisplayName("a purpose the kit does not know fails its batch; earlier batches are sent, and a fixed retry sends the rest")
  void unknownPurpose() {
    List<OutboundMessage> messages = new ArrayList<>();
    new Generated(6).forEach(messages::add);
    messages.set(4, OutboundMessage.of(messages.get(4).to(), "service.unknown", "Hi"));
    assertThatThrownBy(() -> f.kit.gate().sendAll(Campaign.of("mixed").withBatchSize(3), messages, CampaignListener.ignoring()))
        .isInstanceOf(UnknownPurposeException.class);
    assertThat(f.carrier.sent()).hasSize(3);
    messages.set(4, OutboundMessage.of(messages.get(4).to(), ORDERS, "Hi"));
    assertThat(f.kit.gate().sendAll(Campaign.of("mixed").withBatchSize(3), messages, CampaignListener.ignoring()))
        .isEqualTo(new CampaignReport("mixed", 6, 3, 0, 0, 3, true));
  }

  /** The in-memory store, with the kit's clock moved on by {@code reserve} at every campaign reservation. */
  private ConsentStore slowReservations(Duration reserve) {
    ConsentStore real = new InMemoryConsentStore();
    return (ConsentStore) Proxy.newProxyInstance(ConsentStore.class.getClassLoader(), new Class<?>[] {ConsentStore.class},
        (p, method, args) -> {
          if (method.getName().equals("reserveCampaign")) {
            f.clock.advance(reserve);
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  @DisplayName("decisions that grow too old mid-batch are read again and the run goes on to the end (no endless re-reading)")
  void staleMidBatch() {
    RecordingCarrier recording = new RecordingCarrier();
    SmsCarrier slowCarrier = new SmsCarrier() {
      @Override
      public String name() {
        return recording.name();
      }

      @Override
      public SendResult send(OutgoingSms sms) {
        f.clock.advance(Duration.ofMillis(100));
        return recording.send(sms);
      }
    };
    ConsentKit kit = ConsentKit.builder().store(slowReservations(Duration.ofMillis(300))).carrier(slowCarrier)
        .clock(f.clock).purposes(Fixture.ORDERS_PURPOSE).build();
    List<CampaignResult> results = new ArrayList<>();
    CampaignReport report = kit.gate().sendAll(Campaign.of("slow").withBatchSize(10), new Generated(25), results::add);
    assertThat(report).isEqualTo(new CampaignReport("slow", 25, 25, 0, 0, 0, true));
    assertThat(recording.sent()).hasSize(25);
    assertThat(results).extracting(CampaignResult::index).doesNotHaveDuplicates().hasSize(25);
  }

  @Test
  @DisplayName("a store so slow that one message's decision is too old before it can go: the batch shrinks to one,"
      + " then the run stops with a typed error and sends nothing (fail closed)")
  @org.junit.jupiter.api.Timeout(60) // before the fix, it read the same batch again forever
  void storeTooSlow() {
    ConsentStore slow = slowReservations(Duration.ofMillis(1500));
    RecordingCarrier recording = new RecordingCarrier();
    ConsentKit kit = ConsentKit.builder().store(slow).carrier(recording).clock(f.clock)
        .purposes(Fixture.ORDERS_PURPOSE).build();
    assertThatThrownBy(() -> kit.gate().sendAll(Campaign.of("slow").withBatchSize(8), new Generated(8),
        CampaignListener.ignoring())).isInstanceOf(ConsentStoreException.class).hasMessageContaining("maxDecisionAge");
    assertThat(recording.sent()).isEmpty();
    assertThat(slow.messages(kit.tenant(), PhoneNumber.parse("+12122000000"))).as("released").isEmpty();
  }

  @Test
  @DisplayName("a store that keeps no campaigns refuses the campaign before anything is sent")
  void storeWithoutCampaigns() {
    ConsentStore real = new InMemoryConsentStore();
    InvocationHandler h = (p, method, args) -> {
      if (method.getName().equals("reserveCampaign")) {
        return InvocationHandler.invokeDefault(p, method, args);
      }
      try {
        return method.invoke(real, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    ConsentStore plain = (ConsentStore) Proxy.newProxyInstance(ConsentStore.class.getClassLoader(),
        new Class<?>[] {ConsentStore.class}, h);
    Fixture g = new Fixture(plain, OptInSettings.defaults());
    assertThatThrownBy(() -> g.kit.gate().sendAll(Campaign.of("c"), new Generated(3), CampaignListener.ignoring()))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("keeps no campaigns");
    assertThat(g.carrier.sent()).isEmpty();
  }

  @Test
  @DisplayName("bad campaign settings and arguments get typed errors")
  void badInput() {
    assertThatThrownBy(() -> Campaign.of("spring sale")).isInstanceOf(InvalidInputException.class).hasMessageContaining("campaign id");
    assertThatThrownBy(() -> Campaign.of("c").withMaxPerSecond(-1)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Campaign.of("c").withBatchSize(0)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Campaign.of("c").withBatchSize(Campaign.MAX_BATCH + 1)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Campaign.of("c").withMaxDecisionAge(Duration.ZERO)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Campaign.of("c").withMaxDecisionAge(Duration.ofMinutes(6))).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> f.kit.gate().sendAll(Campaign.of("c"), null, CampaignListener.ignoring()))
        .isInstanceOf(InvalidInputException.class);
    List<OutboundMessage> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatThrownBy(() -> f.kit.gate().sendAll(Campaign.of("c"), withNull, CampaignListener.ignoring()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("campaign message");
    assertThat(f.carrier.sent()).isEmpty();
  }
}
