package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.CarrierAction;
import dev.consent.ConsentState;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.InboundSettings;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import dev.consent.spi.InboundConfirmation;
import dev.consent.spi.InboundConfirmer;
import dev.consent.spi.QuarantineAdmission;
import dev.consent.spi.QuarantineStore;
import dev.consent.spi.QuarantinedInbound;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The {@link QuarantineStore} contract: one item per (tenant, carrier, message id), budgets per
 * tenant and per claimed sender checked before storing (also under concurrent admissions), due items
 * earliest first and bounded, reschedule and release, tenants apart; and through a kit, an unverified
 * message held there never shadows the verified one with the same id. A store's test extends this
 * class and returns the store (which is also its {@link dev.consent.spi.ConsentStore}).
 */
public abstract class QuarantineStoreContract extends KitScenario {
  /** The store under test as a quarantine store (usually the same object as {@link #store()}). */
  protected abstract QuarantineStore quarantineStore();

  protected String tenant;
  private final Instant t0 = MONDAY_11_NY;

  @BeforeEach
  void newTenant() {
    tenant = "q-" + UUID.randomUUID().toString().substring(0, 12);
  }

  protected QuarantinedInbound item(String carrier, String id, String ref, Instant next) {
    return new QuarantinedInbound(tenant, carrier, id, ref, t0.minusSeconds(5), t0, 0, next);
  }

  private QuarantineAdmission add(String id, String ref, int perTenant, int perSender) {
    return quarantineStore().quarantine(item("twilio", id, ref, t0), perTenant, perSender);
  }

  @Nested
  @DisplayName("admission")
  class Admission {
    @Test
    @DisplayName("keeps an item once per (carrier, message id): the same id again changes nothing")
    void once() {
      assertThat(add("SM1", "ref-a", 100, 10)).isEqualTo(QuarantineAdmission.ADDED);
      QuarantinedInbound other = new QuarantinedInbound(tenant, "twilio", "SM1", "ref-b", t0, t0.plusSeconds(9), 0,
          t0.plusSeconds(60));
      assertThat(quarantineStore().quarantine(other, 100, 10)).isEqualTo(QuarantineAdmission.ALREADY_HELD);
      assertThat(quarantineStore().quarantine(item("vonage", "SM1", "ref-a", t0), 100, 10))
          .isEqualTo(QuarantineAdmission.ADDED);
      assertThat(quarantineStore().quarantineSummary(tenant).held()).isEqualTo(2);
      assertThat(quarantineStore().dueForConfirmation(tenant, t0, 10))
          .filteredOn(i -> i.carrier().equals("twilio")).singleElement()
          .satisfies(i -> assertThat(i.subjectRef()).isEqualTo("ref-a"));
    }

    @Test
    @DisplayName("refuses an item beyond the tenant's budget, and another tenant is not affected")
    void tenantBudget() {
      for (int i = 0; i < 3; i++) {
        assertThat(add("SM" + i, "ref-" + i, 3, 3)).isEqualTo(QuarantineAdmission.ADDED);
      }
      assertThat(add("SM9", "ref-9", 3, 3)).isEqualTo(QuarantineAdmission.TENANT_FULL);
      assertThat(quarantineStore().quarantineSummary(tenant).held()).isEqualTo(3);
      String first = tenant;
      newTenant();
      assertThat(add("SM9", "ref-9", 3, 3)).isEqualTo(QuarantineAdmission.ADDED);
      assertThat(quarantineStore().quarantineSummary(first).held()).isEqualTo(3);
      assertThat(quarantineStore().quarantineSummary(tenant).held()).isEqualTo(1);
    }

    @Test
    @DisplayName("refuses an item beyond the claimed sender's budget; other senders still fit")
    void senderBudget() {
      assertThat(add("SM1", "ref-a", 100, 2)).isEqualTo(QuarantineAdmission.ADDED);
      assertThat(add("SM2", "ref-a", 100, 2)).isEqualTo(QuarantineAdmission.ADDED);
      assertThat(add("SM3", "ref-a", 100, 2)).isEqualTo(QuarantineAdmission.SENDER_FULL);
      assertThat(add("SM4", "ref-b", 100, 2)).isEqualTo(QuarantineAdmission.ADDED);
      assertThat(quarantineStore().quarantineSummary(tenant).held()).isEqualTo(3);
    }

    @Test
    @DisplayName("holds the tenant budget exactly under concurrent admissions (8 threads, 400 items, budget 50)")
    void concurrentBudget() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Callable<QuarantineAdmission>> work = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
          String id = "SM" + i;
          work.add(() -> add(id, "ref-" + (id.hashCode() & 1023), 50, 3));
        }
        long added = 0;
        for (Future<QuarantineAdmission> f : pool.invokeAll(work)) {
          added += f.get() == QuarantineAdmission.ADDED ? 1 : 0;
        }
        assertThat(added).isEqualTo(50);
        assertThat(quarantineStore().quarantineSummary(tenant).held()).isEqualTo(50);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Nested
  @DisplayName("confirmation bookkeeping")
  class Bookkeeping {
    @Test
    @DisplayName("lists due items only, earliest due first, at most the limit, with every field as stored")
    void due() {
      quarantineStore().quarantine(item("twilio", "SM-late", "ref-a", t0.plusSeconds(30)), 100, 10);
      quarantineStore().quarantine(item("twilio", "SM-early", "ref-b", t0.minusSeconds(30)), 100, 10);
      quarantineStore().quarantine(item("twilio", "SM-now", "ref-c", t0), 100, 10);
      quarantineStore().quarantine(item("twilio", "SM-future", "ref-d", t0.plusSeconds(3600)), 100, 10);
      assertThat(quarantineStore().dueForConfirmation(tenant, t0.plusSeconds(30), 10))
          .extracting(QuarantinedInbound::messageId).containsExactly("SM-early", "SM-now", "SM-late");
      assertThat(quarantineStore().dueForConfirmation(tenant, t0.plusSeconds(30), 2)).hasSize(2);
      assertThat(quarantineStore().dueForConfirmation(tenant, t0, 10).get(0))
          .isEqualTo(item("twilio", "SM-early", "ref-b", t0.minusSeconds(30)));
      assertThat(quarantineStore().dueForConfirmation("other-" + tenant, t0.plusSeconds(3600), 10)).isEmpty();
    }

    @Test
    @DisplayName("reschedule sets attempts and the next time; release removes; both say whether the item was held")
    void rescheduleAndRelease() {
      quarantineStore().quarantine(item("twilio", "SM1", "ref-a", t0), 100, 10);
      assertThat(quarantineStore().reschedule(tenant, "twilio", "SM1", 2, t0.plusSeconds(120))).isTrue();
      assertThat(quarantineStore().dueForConfirmation(tenant, t0.plusSeconds(119), 10)).isEmpty();
      assertThat(quarantineStore().dueForConfirmation(tenant, t0.plusSeconds(120), 10)).singleElement()
          .satisfies(i -> {
            assertThat(i.attempts()).isEqualTo(2);
            assertThat(i.nextAttemptAt()).isEqualTo(t0.plusSeconds(120));
            assertThat(i.quarantinedAt()).isEqualTo(t0);
          });
      assertThat(quarantineStore().reschedule(tenant, "twilio", "SM-none", 1, t0)).isFalse();
      assertThat(quarantineStore().release(tenant, "twilio", "SM1")).isTrue();
      assertThat(quarantineStore().release(tenant, "twilio", "SM1")).isFalse();
      assertThat(quarantineStore().quarantineSummary(tenant).held()).isZero();
      assertThat(add("SM1", "ref-a", 100, 10)).as("a released id may be quarantined again")
          .isEqualTo(QuarantineAdmission.ADDED);
    }

    @Test
    @DisplayName("the summary counts the tenant's items and gives the oldest quarantine time")
    void summary() {
      assertThat(quarantineStore().quarantineSummary(tenant).oldestQuarantinedAt()).isNull();
      quarantineStore().quarantine(new QuarantinedInbound(tenant, "twilio", "SM2", "r", t0, t0.plusSeconds(60), 0, t0),
          100, 10);
      quarantineStore().quarantine(new QuarantinedInbound(tenant, "twilio", "SM1", "r", t0, t0.plusMillis(1), 0, t0),
          100, 10);
      assertThat(quarantineStore().quarantineSummary(tenant).held()).isEqualTo(2);
      assertThat(quarantineStore().quarantineSummary(tenant).oldestQuarantinedAt()).isEqualTo(t0.plusMillis(1));
    }
  }

  @Nested
  @DisplayName("through a kit")
  class ThroughKit {
    @Test
    @DisplayName("a forged message pre-claiming an id changes nothing, the signed STOP with that id opts out, and a"
        + " confirmation of the held copy is then a duplicate")
    void preClaim() {
      MutableClock clock = MutableClock.at(t0);
      RecordingCarrier carrier = new RecordingCarrier();
      List<InboundConfirmation> answers = new ArrayList<>();
      InboundConfirmer confirmer = new InboundConfirmer() {
        @Override
        public String name() {
          return "recording";
        }

        @Override
        public InboundConfirmation confirm(String messageId) {
          return answers.isEmpty() ? new InboundConfirmation.Unavailable("down") : answers.remove(0);
        }
      };
      ConsentKit kit = ConsentKit.builder().tenant(tenant).store(store()).quarantineStore(quarantineStore())
          .carrier(carrier).clock(clock).purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE)
          .inboundConfirmers(confirmer).inbound(InboundSettings.defaults()).build();
      kit.registry().grant(dev.consent.GrantRequest.of(NY, MARKETING, dev.consent.ConsentMethod.SMS_KEYWORD,
          dev.consent.Channel.SMS, "v1", Map.of("inboundMessageId", "SM-join")));
      InboundMessage forged = new InboundMessage("recording", "SM-real", NY, SENDER, "START", clock.instant(), false,
          CarrierAction.NONE, null);
      assertThat(kit.inbound().handle(forged)).isInstanceOf(InboundResult.Quarantined.class);
      assertThat(kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.GRANTED);
      assertThat(store().inboundHandled(tenant, "recording", "SM-real")).isFalse();
      InboundMessage signed = new InboundMessage("recording", "SM-real", NY, SENDER, "STOP", clock.instant(), true,
          CarrierAction.NONE, null);
      assertThat(kit.inbound().handle(signed)).isInstanceOf(InboundResult.OptedOut.class);
      assertThat(kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
      int events = kit.registry().history(NY).size();
      answers.add(new InboundConfirmation.Confirmed(signed, Map.of("resource", "Messages/SM-real")));
      clock.advance(Duration.ofHours(2));
      assertThat(kit.inbound().confirmQuarantined().confirmed()).isEqualTo(1);
      assertThat(kit.registry().history(NY)).as("nothing recorded twice").hasSize(events);
      assertThat(quarantineStore().quarantineSummary(tenant).held()).isZero();
    }
  }
}
