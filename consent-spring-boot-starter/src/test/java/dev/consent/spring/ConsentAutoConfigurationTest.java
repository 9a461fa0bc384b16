package dev.consent.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentRegistry;
import dev.consent.DoubleOptInFlow;
import dev.consent.InboundHandler;
import dev.consent.MessageGate;
import dev.consent.OptInStart;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.ReviewQueue;
import dev.consent.WebOptIn;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.InMemoryKeyProvider;
import dev.consent.memory.RecordingCarrier;
import dev.consent.sms.twilio.TwilioCarrier;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.KeyProvider;
import dev.consent.spi.SmsCarrier;
import dev.consent.testkit.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

@DisplayName("ConsentAutoConfiguration")
class ConsentAutoConfigurationTest {
  private static final String[] PURPOSES = {
      "consent.programs[0].id=deals", "consent.programs[0].name=ACME Deals",
      "consent.programs[0].senders=+14155550100", "consent.programs[0].frequency=Up to 4 msgs/month",
      "consent.programs[0].help=ACME Deals: help at acme.example. Reply STOP to cancel.",
      "consent.purposes[0].id=marketing.promotions", "consent.purposes[0].description=Offers",
      "consent.purposes[0].program=deals", "consent.purposes[0].validity=730d",
      "consent.purposes[1].id=service.orders", "consent.purposes[1].description=Order updates",
      "consent.purposes[1].program=deals", "consent.purposes[1].kind=service",
      "consent.notices[0].purpose=marketing.promotions", "consent.notices[0].version=v1",
      "consent.notices[0].text=Yes, text me offers."};

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ConsentAutoConfiguration.class, ConsentTwilioAutoConfiguration.class,
          ConsentMetricsAutoConfiguration.class, ConsentHealthAutoConfiguration.class))
      .withPropertyValues(PURPOSES)
      .withBean(SmsCarrier.class, RecordingCarrier::new);

  private static DataSource h2() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:ctx" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    return ds;
  }

  @Nested
  @DisplayName("chooses the store, never silently")
  class Store {
    @Test
    @DisplayName("no DataSource and no consent.store: the application does not start, and says what to do")
    void noStore() {
      runner.run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
          .hasMessageContaining("no consent store").hasMessageContaining("consent.store=memory"));
    }

    @Test
    @DisplayName("consent.store=memory: the in-memory store")
    void memory() {
      runner.withPropertyValues("consent.store=memory")
          .run(ctx -> assertThat(ctx.getBean(ConsentStore.class)).isInstanceOf(InMemoryConsentStore.class));
    }

    @Test
    @DisplayName("a DataSource without a KeyProvider bean or keys-in-database: does not start")
    void jdbcWithoutKeys() {
      runner.withBean(DataSource.class, ConsentAutoConfigurationTest::h2)
          .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
              .hasMessageContaining("KeyProvider").hasMessageContaining("consent.jdbc.keys-in-database=true"));
    }

    @Test
    @DisplayName("a DataSource with consent.jdbc.keys-in-database=true: the JDBC store, migrated")
    void jdbcKeysInDatabase() {
      runner.withBean(DataSource.class, ConsentAutoConfigurationTest::h2)
          .withPropertyValues("consent.jdbc.keys-in-database=true")
          .run(ctx -> {
            assertThat(ctx.getBean(ConsentStore.class)).isInstanceOf(JdbcConsentStore.class);
            PhoneNumber n = PhoneNumber.parse("+12125550123");
            assertThat(ctx.getBean(MessageGate.class).check(OutboundMessage.of(n, "marketing.promotions", "x"))
                .isAllowed()).isFalse();
          });
    }

    @Test
    @DisplayName("a DataSource and a KeyProvider bean: the JDBC store with those keys")
    void jdbcWithKeyProvider() {
      KeyProvider keys = new InMemoryKeyProvider();
      runner.withBean(DataSource.class, ConsentAutoConfigurationTest::h2).withBean(KeyProvider.class, () -> keys)
          .run(ctx -> {
            JdbcConsentStore store = (JdbcConsentStore) ctx.getBean(ConsentStore.class);
            PhoneNumber n = PhoneNumber.parse("+12125550123");
            assertThat(store.subjectRef("default", n))
                .isEqualTo(new InMemoryConsentStore(keys).subjectRef("default", n));
          });
    }

    @Test
    @DisplayName("a transaction-aware DataSource proxy is unwrapped: the store never joins the host's transaction")
    void unwrapsTransactionAwareProxy() {
      DataSource target = h2();
      assertThat(OwnTransactions.unwrap(new TransactionAwareDataSourceProxy(target))).isSameAs(target);
      assertThat(OwnTransactions.unwrap(target)).isSameAs(target);
    }
  }

  @Nested
  @DisplayName("backs off when the application defines its own")
  class BackOff {
    @Test
    @DisplayName("ConsentKit: no store is made (not even one that would fail), the host's kit is used")
    void kit() {
      ConsentKit own = ConsentKit.builder().store(new InMemoryConsentStore()).carrier(new RecordingCarrier())
          .clock(Clock.systemUTC()).purposes(dev.consent.Purpose.service("service.x", "X",
              dev.consent.Program.of("p", "P", "+14155550100", "1 msg", "P: help. Reply STOP to cancel.")))
          .build();
      runner.withBean(ConsentKit.class, () -> own).run(ctx -> {
        assertThat(ctx).hasNotFailed().doesNotHaveBean(ConsentStore.class);
        assertThat(ctx.getBean(ConsentKit.class)).isSameAs(own);
        assertThat(ctx.getBean(MessageGate.class)).isSameAs(own.gate());
      });
    }

    @Test
    @DisplayName("ConsentStore, Clock and SmsCarrier: used as given; no TwilioCarrier even with Twilio properties")
    void storeClockCarrier() {
      InMemoryConsentStore store = new InMemoryConsentStore();
      MutableClock clock = MutableClock.at("2026-03-02T16:00:00Z");
      runner.withBean(ConsentStore.class, () -> store).withBean(Clock.class, () -> clock)
          .withPropertyValues("consent.twilio.account-sid=AC0123456789abcdef0123456789abcdef",
              "consent.twilio.auth-token=secret")
          .run(ctx -> {
            assertThat(ctx.getBean(ConsentStore.class)).isSameAs(store);
            assertThat(ctx.getBean(Clock.class)).isSameAs(clock);
            assertThat(ctx).doesNotHaveBean(TwilioCarrier.class);
            assertThat(ctx.getBean(SmsCarrier.class)).isInstanceOf(RecordingCarrier.class);
          });
    }

    @Test
    @DisplayName("no SmsCarrier bean: the TwilioCarrier from consent.twilio.account-sid and auth-token")
    void twilioCarrierFromProperties() {
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ConsentAutoConfiguration.class, ConsentTwilioAutoConfiguration.class))
          .withPropertyValues(PURPOSES).withPropertyValues("consent.store=memory",
              "consent.twilio.account-sid=AC0123456789abcdef0123456789abcdef", "consent.twilio.auth-token=secret")
          .run(ctx -> assertThat(ctx.getBean(SmsCarrier.class)).isInstanceOf(TwilioCarrier.class));
    }
  }

  @Nested
  @DisplayName("binds consent.* properties")
  class Binding {
    @Test
    @DisplayName("tenant, clock-skew tolerance, programs, purposes and notices reach the kit")
    void properties() {
      runner.withPropertyValues("consent.store=memory", "consent.tenant=acme", "consent.clock-skew-tolerance=20m")
          .run(ctx -> {
            ConsentKit kit = ctx.getBean(ConsentKit.class);
            assertThat(kit.tenant()).isEqualTo("acme");
            assertThat(kit.clockSkewTolerance()).isEqualTo(Duration.ofMinutes(20));
            assertThat(kit.purpose("marketing.promotions").consentValidity()).isEqualTo(Duration.ofDays(730));
            assertThat(kit.purpose("marketing.promotions").doubleOptIn()).isTrue();
            assertThat(kit.purpose("service.orders").requiresConsent()).isFalse();
            assertThat(kit.purpose("service.orders").program().senders()).containsExactly("+14155550100");
            assertThat(ctx).hasSingleBean(ConsentRegistry.class).hasSingleBean(InboundHandler.class)
                .hasSingleBean(DoubleOptInFlow.class).hasSingleBean(ReviewQueue.class);
            assertThat(ctx.getBean(InboundHandler.class)).isSameAs(kit.inbound());
          });
    }

    @Test
    @DisplayName("consent.opt-in.* sets the tenant's opt-in limits; what is unset keeps its default")
    void optInLimits() {
      runner.withPropertyValues("consent.store=memory", "consent.opt-in.per-client=2", "consent.opt-in.window=2h")
          .run(ctx -> {
            ConsentKit kit = ctx.getBean(ConsentKit.class);
            for (int i = 0; i < 2; i++) {
              assertThat(kit.doubleOptIn().start(WebOptIn.of(PhoneNumber.parse("+1212555010" + i), "marketing.promotions", "v1")
                  .withClientAddress("203.0.113.7"))).isInstanceOf(OptInStart.Started.class);
            }
            assertThat(kit.doubleOptIn().start(WebOptIn.of(PhoneNumber.parse("+12125550109"), "marketing.promotions", "v1")
                .withClientAddress("203.0.113.7"))).isInstanceOfSatisfying(OptInStart.RateLimited.class, r -> {
                  assertThat(r.kind()).isEqualTo(OptInStart.RateLimited.Kind.PER_CLIENT_ADDRESS);
                  assertThat(r.max()).isEqualTo(2);
                  assertThat(r.window()).isEqualTo(Duration.ofHours(2));
                });
          });
      runner.withPropertyValues("consent.store=memory").run(ctx -> {
        ConsentKit kit = ctx.getBean(ConsentKit.class);
        for (int i = 0; i < 5; i++) {
          assertThat(kit.doubleOptIn().start(WebOptIn.of(PhoneNumber.parse("+1212555020" + i), "marketing.promotions", "v1")
              .withClientAddress("203.0.113.7"))).isInstanceOf(OptInStart.Started.class);
        }
        assertThat(kit.doubleOptIn().start(WebOptIn.of(PhoneNumber.parse("+12125550209"), "marketing.promotions", "v1")
            .withClientAddress("203.0.113.7"))).isInstanceOfSatisfying(OptInStart.RateLimited.class,
                r -> assertThat(r.max()).isEqualTo(5));
      });
    }

    @Test
    @DisplayName("a bad opt-in limit fails the start and says why")
    void badOptInLimit() {
      runner.withPropertyValues("consent.store=memory", "consent.opt-in.per-client=0")
          .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
              .isInstanceOf(dev.consent.error.InvalidInputException.class).hasMessageContaining("opt-in limits must be at least 1"));
    }

    @Test
    @DisplayName("a purpose naming an unknown program fails the start with the property's name")
    void unknownProgram() {
      runner.withPropertyValues("consent.store=memory", "consent.purposes[1].program=nope")
          .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
              .hasMessageContaining("consent.purposes[service.orders].program"));
    }
  }

  @Nested
  @DisplayName("observes")
  class Observes {
    @Test
    @DisplayName("with a MeterRegistry: gate decisions by reason and check latency")
    void meters() {
      runner.withPropertyValues("consent.store=memory").withBean(MeterRegistry.class, SimpleMeterRegistry::new)
          .run(ctx -> {
            ctx.getBean(MessageGate.class).check(OutboundMessage.of(PhoneNumber.parse("+12125550123"),
                "marketing.promotions", "x"));
            MeterRegistry m = ctx.getBean(MeterRegistry.class);
            assertThat(m.get("consent.gate.decisions").tags("purpose", "marketing.promotions", "decision", "denied",
                "reason", "no_consent").counter().count()).isEqualTo(1);
            assertThat(m.get("consent.gate.check").tags("kind", "single").timer().count()).isEqualTo(1);
          });
    }

    @Test
    @DisplayName("without a MeterRegistry: no meters bean, the kit still builds")
    void noMeters() {
      runner.withPropertyValues("consent.store=memory")
          .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(ConsentMeters.class));
    }

    @Test
    @DisplayName("the health indicator is UP with the store reachable, and can be turned off")
    void health() {
      runner.withPropertyValues("consent.store=memory").run(ctx -> assertThat(
          ctx.getBean(ConsentHealthIndicator.class).health().getDetails()).containsEntry("store", "reachable"));
      runner.withPropertyValues("consent.store=memory", "management.health.consent.enabled=false")
          .run(ctx -> assertThat(ctx).doesNotHaveBean(ConsentHealthIndicator.class));
    }
  }
}
