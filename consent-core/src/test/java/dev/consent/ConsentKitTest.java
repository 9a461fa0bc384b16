package dev.consent;

import static dev.consent.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.consent.error.ConfigurationException;
import dev.consent.error.ConsentStoreException;
import dev.consent.feed.FeedSettings;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.FailingConsentStore;
import dev.consent.testkit.MutableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

@DisplayName("ConsentKit.builder()")
class ConsentKitTest {
  ConsentKit.Builder complete() {
    return ConsentKit.builder().store(new InMemoryConsentStore()).carrier(new RecordingCarrier())
        .clock(Clock.systemUTC()).purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(MARKETING_NOTICE);
  }

  @Test
  @DisplayName("builds a kit from a complete configuration without writing to the store")
  void builds() {
    InMemoryConsentStore store = new InMemoryConsentStore();
    ConsentKit kit = complete().store(store).tenant("brand-a").build();
    assertThat(kit.tenant()).isEqualTo("brand-a");
    assertThat(kit.purposes()).extracting(Purpose::id).containsExactly(MARKETING, ORDERS);
    assertThat(store.notice("brand-a", MARKETING, "v1")).isEmpty();
  }

  @Nested
  @DisplayName("build() does no I/O; a notice is stored when an event first references it")
  class NoticesOnFirstUse {
    final GrantRequest grant = GrantRequest.of(NY, NEWS, ConsentMethod.WEB_FORM, Channel.WEB, "v1",
        Map.of("form", "https://acme.example/news"));

    ConsentKit.Builder news(ConsentStore store) {
      return ConsentKit.builder().store(store).carrier(new RecordingCarrier()).clock(MutableClock.at(MONDAY_11_NY))
          .purposes(NEWS_PURPOSE).notices(NEWS_NOTICE);
    }

    @Test
    @DisplayName("build() succeeds on a store that is down; the first grant then fails with the store's error")
    void buildOnFailingStore() {
      FailingConsentStore failing = new FailingConsentStore(new InMemoryConsentStore());
      failing.down(true);
      ConsentKit kit = news(failing.store()).build();
      assertThatThrownBy(() -> kit.registry().grant(grant)).isInstanceOf(ConsentStoreException.class)
          .hasMessage("store unavailable (test)");
      failing.down(false);
      assertThat(failing.store().history(kit.tenant(), NY)).isEmpty();
      assertThat(failing.store().notice(kit.tenant(), NEWS, "v1")).isEmpty();
    }

    @Test
    @DisplayName("a grant's notice is in the store before the grant, and is saved once per kit")
    void noticeBeforeGrant() {
      InMemoryConsentStore delegate = new InMemoryConsentStore();
      List<String> calls = new ArrayList<>();
      ConsentStore recording = (ConsentStore) Proxy.newProxyInstance(ConsentStore.class.getClassLoader(),
          new Class<?>[] {ConsentStore.class}, (p, method, args) -> {
            if (method.getName().equals("saveNotice") || method.getName().equals("write")) {
              calls.add(method.getName());
            }
            try {
              return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
      ConsentKit kit = news(recording).build();
      assertThat(calls).isEmpty();
      kit.registry().grant(grant);
      assertThat(calls).containsExactly("saveNotice", "write");
      assertThat(delegate.notice(kit.tenant(), NEWS, "v1")).contains(NEWS_NOTICE);
      kit.registry().grant(GrantRequest.of(MIAMI, NEWS, ConsentMethod.WEB_FORM, Channel.WEB, "v1",
          Map.of("form", "https://acme.example/news")));
      assertThat(calls).containsExactly("saveNotice", "write", "write");
    }

    @Test
    @DisplayName("a notice that failed to save is saved by the next grant")
    void retriedAfterOutage() {
      FailingConsentStore failing = new FailingConsentStore(new InMemoryConsentStore());
      ConsentKit kit = news(failing.store()).build();
      failing.down(true);
      assertThatThrownBy(() -> kit.registry().grant(grant)).isInstanceOf(ConsentStoreException.class);
      failing.down(false);
      kit.registry().grant(grant);
      assertThat(failing.store().notice(kit.tenant(), NEWS, "v1")).contains(NEWS_NOTICE);
      assertThat(failing.store().status(kit.tenant(), NY, NEWS).state()).isEqualTo(ConsentState.GRANTED);
    }
  }

  @Nested
  @DisplayName("optional stores: the one given, else the consent store when it implements the SPI")
  class OptionalStores {
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final Logger kitLog = (Logger) LoggerFactory.getLogger(ConsentKit.class);

    @BeforeEach
    void captureLogs() {
      logs.start();
      kitLog.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
      kitLog.detachAppender(logs);
    }

    /** A store that implements ConsentStore only, as a host's own store may. */
    ConsentStore consentStoreOnly() {
      InMemoryConsentStore delegate = new InMemoryConsentStore();
      return (ConsentStore) Proxy.newProxyInstance(ConsentStore.class.getClassLoader(),
          new Class<?>[] {ConsentStore.class}, (p, method, args) -> {
            try {
              return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }

    List<String> warnings() {
      return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
          .toList();
    }

    @Test
    @DisplayName("a store that keeps everything: no warning, and the change feed and deferrals use it")
    void storeKeepsEverything() {
      ConsentKit kit = complete().changeFeed(FeedSettings.defaults()).build();
      assertThat(warnings()).isEmpty();
      assertThat(kit.changeFeed()).isNotNull();
    }

    @Test
    @DisplayName("a store without quarantine and review: both kept in memory, each loss logged as a WARN once")
    void inMemoryFallback() {
      ConsentKit kit = complete().store(consentStoreOnly()).build();
      assertThat(warnings()).containsExactly(
          "the consent store does not implement QuarantineStore: unverified inbound waits for confirmation in"
              + " memory and is lost when the process stops",
          "the consent store does not implement ReviewStore: unclear replies wait for review in memory and are"
              + " lost when the process stops");
      assertThat(kit.reviews().open(10)).isEmpty();
    }

    @Test
    @DisplayName("stores given for quarantine and review: no warning")
    void givenStoresWin() {
      complete().store(consentStoreOnly()).quarantineStore(new InMemoryConsentStore())
          .reviewStore(new InMemoryConsentStore()).build();
      assertThat(warnings()).isEmpty();
    }

    @Test
    @DisplayName("a store without a change feed outbox: the feed is refused at build, not given a memory one")
    void noFeedStore() {
      assertThatThrownBy(() -> complete().store(consentStoreOnly()).changeFeed(FeedSettings.defaults()).build())
          .isInstanceOf(ConfigurationException.class).hasMessageContaining("implements ChangeFeedStore");
      InMemoryConsentStore outbox = new InMemoryConsentStore();
      assertThat(complete().store(consentStoreOnly()).changeFeed(FeedSettings.defaults()).changeFeedStore(outbox)
          .build().changeFeed()).isNotNull();
    }
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
