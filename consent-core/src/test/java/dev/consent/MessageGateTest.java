package dev.consent;

import static dev.consent.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.ConsentStoreException;
import dev.consent.error.UnknownPurposeException;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.FailingConsentStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(dev.consent.testkit.LogCheck.class)
@DisplayName("MessageGate")
class MessageGateTest {
  final Fixture f = new Fixture();

  static DenyReason reason(GateDecision d) {
    assertThat(d).isInstanceOf(GateDecision.Denied.class);
    return ((GateDecision.Denied) d).reason();
  }

  @Nested
  @DisplayName("consent")
  class Consent {
    @Test
    @DisplayName("denies a marketing message to a number that never consented")
    void noConsent() {
      assertThat(reason(f.check(NY, MARKETING))).isEqualTo(DenyReason.NO_CONSENT);
    }

    @Test
    @DisplayName("denies while the double opt-in is pending, allows once confirmed")
    void pendingThenConfirmed() {
      f.kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1"));
      GateDecision pending = f.check(NY, MARKETING);
      assertThat(reason(pending)).isEqualTo(DenyReason.NO_CONSENT);
      assertThat(((GateDecision.Denied) pending).detail()).contains("not confirmed");
      f.reply(NY, DEALS_SENDER, "YES");
      assertThat(f.check(NY, MARKETING)).isEqualTo(new GateDecision.Allowed(DEALS_SENDER));
    }

    @Test
    @DisplayName("denies after withdrawal with the reason WITHDRAWN")
    void withdrawn() {
      f.optInByWeb(NY);
      f.kit.registry().withdraw(WithdrawRequest.of(NY, MARKETING));
      assertThat(reason(f.check(NY, MARKETING))).isEqualTo(DenyReason.WITHDRAWN);
    }

    @Test
    @DisplayName("denies a grant older than the purpose's validity as CONSENT_EXPIRED")
    void expiredByValidity() {
      Purpose shortLived = new Purpose("marketing.flash", "Flash sales", LawfulBasis.CONSENT, MessageClass.MARKETING,
          false, Duration.ofDays(30), Duration.ofDays(365), DEALS);
      Fixture g = new Fixture();
      ConsentKit kit = ConsentKit.builder().store(new InMemoryConsentStore()).carrier(g.carrier).clock(g.clock)
          .purposes(shortLived).notices(new Notice("marketing.flash", "v1", "en", "Flash sales by SMS")).build();
      kit.registry().grant(GrantRequest.of(NY, "marketing.flash", ConsentMethod.WEB_FORM, Channel.WEB, "v1",
          Map.of("form", "f")));
      OutboundMessage m = OutboundMessage.of(NY, "marketing.flash", "Flash!");
      assertThat(kit.gate().check(m).isAllowed()).isTrue();
      g.clock.advance(Duration.ofDays(31));
      assertThat(reason(kit.gate().check(m))).isEqualTo(DenyReason.CONSENT_EXPIRED);
    }

    @Test
    @DisplayName("lets a contract-based service message through without marketing consent")
    void serviceWithoutConsent() {
      assertThat(f.check(NY, ORDERS).isAllowed()).isTrue();
    }

    @Test
    @DisplayName("still stops a service message after the person texted STOP to its program")
    void serviceAfterStop() {
      f.reply(NY, DEALS_SENDER, "STOP");
      assertThat(reason(f.check(NY, ORDERS))).isEqualTo(DenyReason.WITHDRAWN);
    }

    @Test
    @DisplayName("refuses an unknown purpose with a typed exception")
    void unknownPurpose() {
      assertThatThrownBy(() -> f.check(NY, "marketing.unknown")).isInstanceOf(UnknownPurposeException.class)
          .hasMessageNotContaining(NY.e164());
    }

    @Test
    @DisplayName("refuses a sender that is not one of the program's")
    void foreignSender() {
      f.optInByWeb(NY);
      GateDecision d = f.kit.gate().check(OutboundMessage.of(NY, MARKETING, "hi").withSender(NEWS_SENDER));
      assertThat(reason(d)).isEqualTo(DenyReason.SENDER_NOT_IN_PROGRAM);
    }
  }

  @Nested
  @DisplayName("suppression")
  class Suppressed {
    @Test
    @DisplayName("overrides a valid grant")
    void overridesGrant() {
      f.optInByWeb(NY);
      f.kit.registry().suppress(NY, "complaint");
      assertThat(reason(f.check(NY, MARKETING))).isEqualTo(DenyReason.SUPPRESSED);
    }

    @Test
    @DisplayName("blocks service messages too")
    void blocksService() {
      f.kit.registry().suppress(NY, "legal hold");
      assertThat(reason(f.check(NY, ORDERS))).isEqualTo(DenyReason.SUPPRESSED);
    }

    @Test
    @DisplayName("scoped to one sender blocks that sender only")
    void senderScoped() {
      f.optInByWeb(NY);
      f.grantNews(NY);
      f.store.suppress(new Suppression(f.kit.tenant(), NY, Suppression.senderScope(NEWS_SENDER),
          SuppressionReason.CARRIER_REPORT, f.clock.instant(), new java.util.TreeMap<>()));
      assertThat(reason(f.check(NY, NEWS))).isEqualTo(DenyReason.SUPPRESSED);
      assertThat(f.check(NY, MARKETING).isAllowed()).isTrue();
    }
  }

  @Nested
  @DisplayName("quiet hours in the recipient's local time")
  class QuietHoursTests {
    void at(String instant) {
      f.clock.set(Instant.parse(instant));
    }

    @Test
    @DisplayName("deny at 07:59 New York time on the spring DST day and name 08:00 EDT as the retry")
    void springForward() {
      f.clock.set(Instant.parse("2026-03-01T12:00:00Z"));
      f.optInByWeb(NY);
      at("2026-03-08T11:59:00Z"); // 07:59 EDT (UTC-4 since 07:00 UTC)
      GateDecision d = f.check(NY, MARKETING);
      assertThat(reason(d)).isEqualTo(DenyReason.QUIET_HOURS);
      assertThat(((GateDecision.Denied) d).retryAt()).isEqualTo(Instant.parse("2026-03-08T12:00:00Z"));
      at("2026-03-08T12:00:00Z");
      assertThat(f.check(NY, MARKETING).isAllowed()).isTrue();
    }

    @Test
    @DisplayName("Washington (RCW 80.36.390): a Seattle number until 20:00 Pacific, denied at 20:00 with 08:00 next"
        + " morning as the retry")
    void washington() {
      PhoneNumber seattle = PhoneNumber.parse("+12065550123");
      f.optInByWeb(seattle);
      at("2026-03-03T03:59:00Z"); // 19:59 PST on Monday 2 March
      assertThat(f.check(seattle, MARKETING).isAllowed()).isTrue();
      at("2026-03-03T04:00:00Z"); // 20:00 PST
      GateDecision d = f.check(seattle, MARKETING);
      assertThat(reason(d)).isEqualTo(DenyReason.QUIET_HOURS);
      assertThat(((GateDecision.Denied) d).retryAt()).isEqualTo(Instant.parse("2026-03-03T16:00:00Z"));
      assertThat(d.toString()).contains("US-WA");
    }

    @Test
    @DisplayName("Connecticut (PA 23-98): a Hartford number is denied at 08:59 Eastern and allowed from 09:00")
    void connecticut() {
      PhoneNumber hartford = PhoneNumber.parse("+18605550123");
      f.optInByWeb(hartford);
      at("2026-03-03T13:59:00Z"); // 08:59 EST on Tuesday 3 March: the federal window is open, Connecticut's not
      GateDecision d = f.check(hartford, MARKETING);
      assertThat(reason(d)).isEqualTo(DenyReason.QUIET_HOURS);
      assertThat(((GateDecision.Denied) d).retryAt()).isEqualTo(Instant.parse("2026-03-03T14:00:00Z"));
      at("2026-03-03T14:00:00Z");
      assertThat(f.check(hartford, MARKETING).isAllowed()).isTrue();
    }

    @Test
    @DisplayName("Mississippi (77-3-723): nothing on a Sunday; from Saturday 20:00 Central the retry is Monday 08:00")
    void mississippi() {
      PhoneNumber jackson = PhoneNumber.parse("+16015550123");
      f.optInByWeb(jackson);
      at("2026-03-07T19:00:00Z"); // Saturday 13:00 CST
      assertThat(f.check(jackson, MARKETING).isAllowed()).isTrue();
      at("2026-03-08T02:00:00Z"); // Saturday 20:00 CST
      GateDecision d = f.check(jackson, MARKETING);
      assertThat(reason(d)).isEqualTo(DenyReason.QUIET_HOURS);
      assertThat(((GateDecision.Denied) d).retryAt()).isEqualTo(Instant.parse("2026-03-09T13:00:00Z")); // 08:00 CDT
      at("2026-03-08T18:00:00Z"); // Sunday 13:00 CDT
      assertThat(reason(f.check(jackson, MARKETING))).isEqualTo(DenyReason.QUIET_HOURS);
    }

    @Test
    @DisplayName("Rhode Island (5-61-2, 5-61-3.6): weekdays 09:00-18:00 and Saturdays 10:00-17:00 Eastern, none on Sundays"
        + " or holidays; a 4 July on a Saturday closes that Saturday and the Friday before, and Memorial Day is skipped")
    void rhodeIsland() {
      PhoneNumber providence = PhoneNumber.parse("+14015550123");
      f.clock.set(Instant.parse("2026-06-29T14:00:00Z"));
      f.optInByWeb(providence);
      at("2026-06-30T21:59:00Z"); // Tuesday 17:59 EDT
      assertThat(f.check(providence, MARKETING).isAllowed()).isTrue();
      at("2026-06-30T22:00:00Z"); // Tuesday 18:00 EDT: the federal window is open, Rhode Island's not
      GateDecision d = f.check(providence, MARKETING);
      assertThat(reason(d)).isEqualTo(DenyReason.QUIET_HOURS);
      assertThat(((GateDecision.Denied) d).retryAt()).isEqualTo(Instant.parse("2026-07-01T13:00:00Z"));
      assertThat(d.toString()).contains("US-RI");
      at("2026-07-03T15:00:00Z"); // Friday 3 July 11:00 EDT: Independence Day (a Saturday) is observed today
      d = f.check(providence, MARKETING);
      assertThat(reason(d)).isEqualTo(DenyReason.QUIET_HOURS);
      // Saturday 4 July itself and Sunday 5 July are closed too: the next window opens on Monday at 09:00
      assertThat(((GateDecision.Denied) d).retryAt()).isEqualTo(Instant.parse("2026-07-06T13:00:00Z"));
      at("2026-07-11T20:59:00Z"); // Saturday 11 July 16:59 EDT
      assertThat(f.check(providence, MARKETING).isAllowed()).isTrue();
      at("2026-07-11T21:00:00Z"); // Saturday 17:00 EDT
      assertThat(((GateDecision.Denied) f.check(providence, MARKETING)).retryAt())
          .isEqualTo(Instant.parse("2026-07-13T13:00:00Z")); // no Sunday: Monday 09:00
      assertThat(f.check(providence, ORDERS).isAllowed()).as("a service message is not telemarketing").isTrue();
    }

    @Test
    @DisplayName("Rhode Island on Victory Day (the second Monday of August) and Memorial Day: denied, retry the next day")
    void rhodeIslandStateHolidays() {
      PhoneNumber providence = PhoneNumber.parse("+14015550123");
      f.clock.set(Instant.parse("2026-08-07T14:00:00Z"));
      f.optInByWeb(providence);
      at("2026-08-10T15:00:00Z"); // Monday 10 August 2026, 11:00 EDT: Victory Day
      GateDecision d = f.check(providence, MARKETING);
      assertThat(reason(d)).isEqualTo(DenyReason.QUIET_HOURS);
      assertThat(((GateDecision.Denied) d).retryAt()).isEqualTo(Instant.parse("2026-08-11T13:00:00Z"));
      at("2026-08-17T15:00:00Z"); // the Monday after
      assertThat(f.check(providence, MARKETING).isAllowed()).isTrue();
    }

    @Test
    @DisplayName("deny at 21:00 New York time on the autumn DST day, retry at 08:00 EST next morning")
    void fallBack() {
      f.clock.set(Instant.parse("2026-10-30T15:00:00Z"));
      f.optInByWeb(NY);
      at("2026-11-01T13:30:00Z"); // 08:30 EST (UTC-5 after 06:00 UTC)
      assertThat(f.check(NY, MARKETING).isAllowed()).isTrue();
      at("2026-11-02T02:00:00Z"); // 21:00 EST on Nov 1
      GateDecision d = f.check(NY, MARKETING);
      assertThat(reason(d)).isEqualTo(DenyReason.QUIET_HOURS);
      assertThat(((GateDecision.Denied) d).retryAt()).isEqualTo(Instant.parse("2026-11-02T13:00:00Z"));
    }

    @Test
    @DisplayName("Texas: a marketing SMS on the spring DST Sunday before noon is refused until 12:00 CDT; order updates go")
    void texasSunday() {
      PhoneNumber austin = PhoneNumber.parse("+15125550123");
      f.clock.set(Instant.parse("2026-03-02T15:30:00Z")); // Monday 09:30 CST
      f.optInByWeb(austin);
      assertThat(f.check(austin, MARKETING).isAllowed()).isTrue();
      at("2026-03-08T16:30:00Z"); // Sunday 11:30 CDT
      GateDecision d = f.check(austin, MARKETING);
      assertThat(reason(d)).isEqualTo(DenyReason.QUIET_HOURS);
      assertThat(((GateDecision.Denied) d).retryAt()).isEqualTo(Instant.parse("2026-03-08T17:00:00Z"));
      assertThat(((GateDecision.Denied) d).detail()).contains("US-TX");
      assertThat(f.check(austin, ORDERS).isAllowed()).as("not marketing").isTrue();
      at("2026-03-08T17:00:00Z");
      assertThat(f.check(austin, MARKETING).isAllowed()).isTrue();
    }

    @Test
    @DisplayName("France: nothing on a public holiday (Ascension, 14 May 2026), retry the next day at 10:00")
    void frenchHoliday() {
      PhoneNumber paris = PhoneNumber.parse("+33612345678");
      f.clock.set(Instant.parse("2026-05-13T09:00:00Z")); // Wednesday 11:00 CEST
      f.optInByWeb(paris);
      assertThat(f.check(paris, MARKETING).isAllowed()).isTrue();
      at("2026-05-14T09:00:00Z");
      GateDecision d = f.check(paris, MARKETING);
      assertThat(reason(d)).isEqualTo(DenyReason.QUIET_HOURS);
      assertThat(((GateDecision.Denied) d).retryAt()).isEqualTo(Instant.parse("2026-05-15T08:00:00Z"));
    }

    @Test
    @DisplayName("need every zone of a number spanning two zones to be inside the window")
    void twoZones() {
      PhoneNumber dakota = PhoneNumber.parse("+16055550123");
      assertThat(dakota.zones()).hasSizeGreaterThan(1);
      f.clock.set(Instant.parse("2026-03-02T12:00:00Z"));
      f.optInByWeb(dakota);
      at("2026-03-03T14:30:00Z"); // 08:30 CST, 07:30 MST
      GateDecision d = f.check(dakota, MARKETING);
      assertThat(reason(d)).isEqualTo(DenyReason.QUIET_HOURS);
      assertThat(((GateDecision.Denied) d).retryAt()).isEqualTo(Instant.parse("2026-03-03T15:00:00Z"));
      at("2026-03-03T15:00:00Z");
      assertThat(f.check(dakota, MARKETING).isAllowed()).isTrue();
    }

    @Test
    @DisplayName("use the zone the host declared before the number's")
    void declaredZone() {
      f.optInByWeb(NY);
      at("2026-03-03T04:00:00Z"); // 23:00 in New York, 13:00 in Tokyo... declared Asia/Tokyo
      OutboundMessage m = OutboundMessage.of(NY, MARKETING, "hi");
      assertThat(reason(f.kit.gate().check(m))).isEqualTo(DenyReason.QUIET_HOURS);
      assertThat(f.kit.gate().check(m.withDeclaredZone(ZoneId.of("Asia/Tokyo"))).isAllowed()).isTrue();
    }

    @Test
    @DisplayName("do not apply to service messages")
    void notForService() {
      at("2026-03-03T04:00:00Z");
      assertThat(f.check(NY, ORDERS).isAllowed()).isTrue();
    }

    @Test
    @DisplayName("apply Florida's 08:00-20:00 window")
    void florida() {
      f.optInByWeb(MIAMI);
      at("2026-03-03T00:30:00Z"); // 19:30 EST
      assertThat(f.check(MIAMI, MARKETING).isAllowed()).isTrue();
      at("2026-03-03T01:00:00Z"); // 20:00 EST
      assertThat(reason(f.check(MIAMI, MARKETING))).isEqualTo(DenyReason.QUIET_HOURS);
    }
  }

  @Nested
  @DisplayName("frequency caps")
  class Caps {
    @Test
    @DisplayName("allow three marketing messages a day to Florida, deny the fourth with the retry instant")
    void floridaCap() {
      f.optInByWeb(MIAMI);
      List<Instant> sent = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        sent.add(f.clock.instant());
        assertThat(f.kit.gate().send(OutboundMessage.of(MIAMI, MARKETING, "Deal " + i))).isInstanceOf(SendOutcome.Sent.class);
        f.clock.advance(Duration.ofMinutes(30));
      }
      GateDecision d = f.check(MIAMI, MARKETING);
      assertThat(reason(d)).isEqualTo(DenyReason.FREQUENCY_CAP);
      assertThat(((GateDecision.Denied) d).retryAt()).isEqualTo(sent.get(0).plus(Duration.ofHours(24)));
      f.clock.set(sent.get(0).plus(Duration.ofHours(24)));
      assertThat(f.check(MIAMI, MARKETING).isAllowed()).isTrue();
    }

    @Test
    @DisplayName("do not count replies or other purposes, and do not apply in New York")
    void scoped() {
      f.optInByWeb(NY);
      for (int i = 0; i < 4; i++) { // Florida would stop at 3; the program's own 4 a month still hold
        assertThat(f.kit.gate().send(OutboundMessage.of(NY, MARKETING, "Deal " + i))).isInstanceOf(SendOutcome.Sent.class);
      }
      f.optInByWeb(MIAMI);
      for (int i = 0; i < 3; i++) {
        f.kit.gate().send(OutboundMessage.of(MIAMI, ORDERS, "Your order " + i));
      }
      assertThat(f.check(MIAMI, MARKETING).isAllowed()).isTrue();
    }

    @Test
    @DisplayName("hold a program's declared frequency (Up to 4 msgs/month) over all its purposes, where no state"
        + " caps, and name it; another program counts apart")
    void programCap() {
      f.optInByWeb(NY);
      int before = f.carrier.sentTo(NY).size();
      Instant first = f.clock.instant();
      for (int i = 0; i < 4; i++) {
        String purpose = i % 2 == 0 ? MARKETING : ORDERS;
        assertThat(f.kit.gate().send(OutboundMessage.of(NY, purpose, "Msg " + i))).isInstanceOf(SendOutcome.Sent.class);
        f.clock.advance(Duration.ofHours(1));
      }
      GateDecision.Denied d = (GateDecision.Denied) f.check(NY, ORDERS);
      assertThat(d.reason()).isEqualTo(DenyReason.FREQUENCY_CAP);
      assertThat(d.detail()).contains("program 'deals'", "Up to 4 msgs/month");
      assertThat(d.retryAt()).isEqualTo(first.plus(Duration.ofDays(31).plusHours(1)));
      assertThat(f.kit.gate().checkAll(List.of(OutboundMessage.of(NY, MARKETING, "x"), OutboundMessage.of(NY, ORDERS, "y"))))
          .allSatisfy(x -> assertThat(reason(x)).isEqualTo(DenyReason.FREQUENCY_CAP));
      assertThat(f.kit.gate().send(OutboundMessage.of(NY, MARKETING, "fifth"))).isInstanceOf(SendOutcome.Blocked.class);
      assertThat(f.kit.gate().reserve(OutboundMessage.of(NY, ORDERS, "fifth"))).isInstanceOf(HostSend.Blocked.class);
      assertThat(f.carrier.sentTo(NY)).hasSize(before + 4);
      f.clock.set(first.plus(Duration.ofDays(31).plusHours(1)));
      assertThat(f.check(NY, ORDERS).isAllowed()).as("the first send has left the window").isTrue();
    }

    @Test
    @DisplayName("with a state cap and a program cap both full, the one that stays full longer gives the retry instant")
    void bothFull() {
      f.optInByWeb(MIAMI);
      Instant first = f.clock.instant();
      for (int i = 0; i < 3; i++) {
        assertThat(f.kit.gate().send(OutboundMessage.of(MIAMI, MARKETING, "Deal " + i))).isInstanceOf(SendOutcome.Sent.class);
        f.clock.advance(Duration.ofMinutes(30));
      }
      GateDecision.Denied florida = (GateDecision.Denied) f.check(MIAMI, MARKETING);
      assertThat(florida.detail()).contains("US-FL");
      assertThat(florida.retryAt()).isEqualTo(first.plus(Duration.ofHours(24)));
      assertThat(f.kit.gate().send(OutboundMessage.of(MIAMI, ORDERS, "Your order"))).as("no state cap on service")
          .isInstanceOf(SendOutcome.Sent.class);
      GateDecision.Denied both = (GateDecision.Denied) f.check(MIAMI, MARKETING);
      assertThat(both.detail()).contains("program 'deals'");
      assertThat(both.retryAt()).isEqualTo(first.plus(Duration.ofDays(31).plusHours(1)));
      assertThat(f.kit.gate().checkAll(List.of(OutboundMessage.of(MIAMI, MARKETING, "x")))).containsExactly(both);
    }
  }

  @Nested
  @DisplayName("deferral")
  class Deferral {
    @Test
    @DisplayName("a store that keeps no deferred messages is refused clearly, before anything is sent or written")
    void storeWithoutDeferrals() {
      InMemoryConsentStore memory = new InMemoryConsentStore();
      ConsentStore plain = (ConsentStore) java.lang.reflect.Proxy.newProxyInstance(ConsentStore.class.getClassLoader(),
          new Class<?>[] {ConsentStore.class}, (proxy, method, args) -> {
            try {
              return method.invoke(memory, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
              throw e.getCause();
            }
          });
      Fixture g = new Fixture(plain, OptInSettings.defaults());
      g.optInByWeb(NY);
      int before = g.carrier.sentTo(NY).size();
      assertThatThrownBy(() -> g.kit.gate().sendOrDefer(OutboundMessage.of(NY, MARKETING, "Deal"), Duration.ofHours(1)))
          .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("DeferralStore");
      assertThatThrownBy(() -> g.kit.gate().releaseDue()).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> g.kit.gate().sendAll(Campaign.of("c").withDeferral(Duration.ofHours(1)),
          List.of(OutboundMessage.of(NY, MARKETING, "Deal")), r -> {}))
          .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("DeferralStore");
      assertThat(g.carrier.sentTo(NY)).hasSize(before);
    }

    @Test
    @DisplayName("a held message whose purpose the kit no longer has is dropped, and the messages after it still go")
    void purposeGone() {
      f.optInByWeb(NY);
      f.optInByWeb(MIAMI);
      f.clock.set(java.time.Instant.parse("2026-03-03T03:30:00Z")); // 22:30 in New York and Miami
      assertThat(f.kit.gate().sendOrDefer(OutboundMessage.of(NY, NEWS, "News"), Duration.ofDays(1))).as("not granted")
          .isInstanceOf(SendOutcome.Blocked.class);
      f.kit.registry().grant(GrantRequest.of(NY, NEWS, ConsentMethod.WEB_FORM, Channel.WEB, "v1", Map.of("form", "f")));
      SendOutcome.Deferred news = (SendOutcome.Deferred) f.kit.gate()
          .sendOrDefer(OutboundMessage.of(NY, NEWS, "News"), Duration.ofDays(1));
      f.clock.advance(Duration.ofSeconds(1));
      SendOutcome.Deferred deal = (SendOutcome.Deferred) f.kit.gate()
          .sendOrDefer(OutboundMessage.of(MIAMI, MARKETING, "Deal"), Duration.ofDays(1));
      RecordingCarrier carrier = new RecordingCarrier();
      ConsentKit withoutNews = ConsentKit.builder().store(f.store).carrier(carrier).clock(f.clock)
          .purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(MARKETING_NOTICE).build();
      f.clock.set(news.releaseAt().plusSeconds(60));
      Map<String, SendOutcome> told = new java.util.HashMap<>();
      ReleaseReport r = withoutNews.gate().releaseDue((id, to, outcome) -> told.put(id, outcome));
      assertThat(r.blocked()).isEqualTo(1);
      assertThat(r.sent()).isEqualTo(1);
      assertThat(told.get(news.deferralId())).isInstanceOf(SendOutcome.Blocked.class);
      assertThat(told.get(deal.deferralId())).isInstanceOf(SendOutcome.Sent.class);
      assertThat(carrier.sentTo(MIAMI)).hasSize(1);
      assertThat(withoutNews.gate().releaseDue().handled()).isZero();
    }

    @Test
    @DisplayName("a release that cannot read the store keeps the message held, due as before, and the next release sends it")
    void storeFailsAtRelease() {
      InMemoryConsentStore memory = new InMemoryConsentStore();
      java.util.concurrent.atomic.AtomicBoolean readsFail = new java.util.concurrent.atomic.AtomicBoolean();
      ConsentStore flaky = (ConsentStore) java.lang.reflect.Proxy.newProxyInstance(ConsentStore.class.getClassLoader(),
          new Class<?>[] {ConsentStore.class, dev.consent.spi.DeferralStore.class}, (proxy, method, args) -> {
            if (readsFail.get() && method.getName().equals("recipients")) {
              throw new ConsentStoreException("store unavailable (test)");
            }
            try {
              return method.invoke(memory, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
              throw e.getCause();
            }
          });
      Fixture g = new Fixture(flaky, OptInSettings.defaults());
      g.optInByWeb(NY);
      g.clock.set(java.time.Instant.parse("2026-03-03T03:30:00Z")); // 22:30 in New York
      SendOutcome.Deferred held = (SendOutcome.Deferred) g.kit.gate()
          .sendOrDefer(OutboundMessage.of(NY, MARKETING, "Deal"), Duration.ofDays(1));
      int before = g.carrier.sentTo(NY).size();
      g.clock.set(held.releaseAt().plusSeconds(60));
      readsFail.set(true);
      Map<String, SendOutcome> told = new java.util.HashMap<>();
      ReleaseReport failed = g.kit.gate().releaseDue((id, to, outcome) -> told.put(id, outcome));
      assertThat(failed.deferredAgain()).isEqualTo(1);
      assertThat(failed.blocked()).as("not dropped: nothing was decided").isZero();
      SendOutcome.Deferred again = (SendOutcome.Deferred) told.get(held.deferralId());
      assertThat(again.decision().reason()).isEqualTo(DenyReason.STORE_UNAVAILABLE);
      assertThat(again.releaseAt()).isEqualTo(held.releaseAt());
      assertThat(((dev.consent.spi.DeferralStore) memory).deferredOf(ConsentKit.DEFAULT_TENANT,
          memory.subjectRef(ConsentKit.DEFAULT_TENANT, NY))).singleElement()
          .satisfies(d -> assertThat(d.releaseAt()).isEqualTo(held.releaseAt()));
      readsFail.set(false);
      assertThat(g.kit.gate().releaseDue().sent()).as("unclaimed at once: the next call sends it").isEqualTo(1);
      assertThat(g.carrier.sentTo(NY)).hasSize(before + 1);
    }

    @Test
    @DisplayName("releases at most RELEASE_BATCH messages a call, saying more are due, and the rest on the next call")
    void batches() {
      dev.consent.spi.DeferralStore held = (dev.consent.spi.DeferralStore) f.store;
      java.time.Instant now = f.clock.instant();
      for (int i = 0; i <= MessageGate.RELEASE_BATCH; i++) {
        PhoneNumber n = PhoneNumber.parse("+1212555" + String.format("%04d", 1000 + i));
        held.defer(new dev.consent.DeferredMessage(ConsentKit.DEFAULT_TENANT, "b-" + i,
            f.store.subjectRef(ConsentKit.DEFAULT_TENANT, n), OutboundMessage.of(n, ORDERS, "Your order"),
            DenyReason.QUIET_HOURS, now, now.plusSeconds(i % 7), now.plusSeconds(3600), null));
      }
      f.clock.advance(Duration.ofSeconds(10));
      ReleaseReport first = f.kit.gate().releaseDue();
      assertThat(first.sent()).isEqualTo(MessageGate.RELEASE_BATCH);
      assertThat(first.more()).isTrue();
      ReleaseReport second = f.kit.gate().releaseDue();
      assertThat(second.sent()).as("the one beyond the batch was not left claimed").isEqualTo(1);
      assertThat(second.more()).isFalse();
      assertThat(f.carrier.sent()).hasSize(MessageGate.RELEASE_BATCH + 1);
      for (int i = 0; i < MessageGate.RELEASE_BATCH; i++) { // exactly one batch: nothing more
        PhoneNumber n = PhoneNumber.parse("+1212555" + String.format("%04d", 2000 + i));
        held.defer(new dev.consent.DeferredMessage(ConsentKit.DEFAULT_TENANT, "c-" + i,
            f.store.subjectRef(ConsentKit.DEFAULT_TENANT, n), OutboundMessage.of(n, ORDERS, "Your order"),
            DenyReason.QUIET_HOURS, f.clock.instant(), f.clock.instant(), f.clock.instant().plusSeconds(3600), null));
      }
      ReleaseReport exact = f.kit.gate().releaseDue();
      assertThat(exact.sent()).isEqualTo(MessageGate.RELEASE_BATCH);
      assertThat(exact.more()).isFalse();
    }

    @Test
    @DisplayName("a release the carrier refuses is dropped as failed; one the campaign already sent is reported sent"
        + " with that message's ids and the sender it went from")
    void failedAndSentBefore() {
      dev.consent.spi.DeferralStore held = (dev.consent.spi.DeferralStore) f.store;
      java.time.Instant now = f.clock.instant();
      String ref = f.store.subjectRef(ConsentKit.DEFAULT_TENANT, NY);
      held.defer(new dev.consent.DeferredMessage(ConsentKit.DEFAULT_TENANT, "refused", ref,
          OutboundMessage.of(NY, ORDERS, "One"), DenyReason.FREQUENCY_CAP, now, now, now.plusSeconds(60), null));
      f.carrier.failNext(CarrierError.of(CarrierError.Kind.REJECTED, "21611", "queue full", false));
      Map<String, SendOutcome> told = new java.util.HashMap<>();
      assertThat(f.kit.gate().releaseDue((id, to, outcome) -> told.put(id, outcome)).failed()).isEqualTo(1);
      assertThat(told.get("refused")).isInstanceOf(SendOutcome.Failed.class);
      assertThat(f.kit.gate().releaseDue().handled()).as("dropped").isZero();
      for (String id : List.of("first", "second")) { // one campaign held the message twice (a retried run)
        held.defer(new dev.consent.DeferredMessage(ConsentKit.DEFAULT_TENANT, id, ref,
            OutboundMessage.of(NY, ORDERS, "Two"), DenyReason.FREQUENCY_CAP, now,
            now.plusSeconds(id.equals("first") ? 0 : 1), now.plusSeconds(60), "orders-run"));
      }
      f.clock.advance(Duration.ofSeconds(2));
      ReleaseReport r = f.kit.gate().releaseDue((id, to, outcome) -> told.put(id, outcome));
      assertThat(r.sent()).isEqualTo(1);
      assertThat(r.alreadySent()).isEqualTo(1);
      SendOutcome.Sent first = (SendOutcome.Sent) told.get("first");
      SendOutcome.Sent second = (SendOutcome.Sent) told.get("second");
      assertThat(second.messageId()).isEqualTo(first.messageId());
      assertThat(second.carrierMessageId()).isEqualTo(first.carrierMessageId());
      assertThat(second.sender()).isEqualTo(DEALS_SENDER).isEqualTo(first.sender());
    }

    @Test
    @DisplayName("a delay of exactly 30 days is accepted")
    void longestDelay() {
      f.optInByWeb(NY);
      f.clock.set(java.time.Instant.parse("2026-03-03T03:30:00Z"));
      assertThat(f.kit.gate().sendOrDefer(OutboundMessage.of(NY, MARKETING, "a"), Duration.ofDays(30)))
          .isInstanceOf(SendOutcome.Deferred.class);
    }

    @Test
    @DisplayName("a message is held when its retry instant is exactly its latest time, not a microsecond later")
    void latestBoundary() {
      f.optInByWeb(NY);
      f.clock.set(java.time.Instant.parse("2026-03-03T03:30:00Z")); // 22:30 in New York; it opens at 8:00
      Duration toEight = Duration.ofHours(9).plusMinutes(30);
      assertThat(f.kit.gate().sendOrDefer(OutboundMessage.of(NY, MARKETING, "a"), toEight.minusNanos(1000)))
          .isInstanceOf(SendOutcome.Blocked.class);
      assertThat(f.kit.gate().sendOrDefer(OutboundMessage.of(NY, MARKETING, "b"), toEight))
          .isInstanceOf(SendOutcome.Deferred.class);
    }

    @Test
    @DisplayName("a message the gate allows goes at once; one refused for consent is blocked, not held")
    void onlyTimeIsWaitedFor() {
      f.optInByWeb(NY);
      assertThat(f.kit.gate().sendOrDefer(OutboundMessage.of(NY, MARKETING, "Deal"), Duration.ofHours(1)))
          .isInstanceOf(SendOutcome.Sent.class);
      SendOutcome o = f.kit.gate().sendOrDefer(OutboundMessage.of(MIAMI, MARKETING, "Deal"), Duration.ofDays(1));
      assertThat(((SendOutcome.Blocked) o).decision().reason()).isEqualTo(DenyReason.NO_CONSENT);
      f.clock.advance(Duration.ofDays(2));
      ReleaseListener none = (id, to, outcome) -> {
        throw new AssertionError("nothing was held");
      };
      assertThat(f.kit.gate().releaseDue(none).handled()).isZero();
    }
  }

  @Nested
  @DisplayName("fails closed")
  class FailClosed {
    @Test
    @DisplayName("denies with STORE_UNAVAILABLE when the store cannot be read, and recovers after")
    void storeDown() {
      FailingConsentStore failing = new FailingConsentStore(new InMemoryConsentStore());
      Fixture g = new Fixture(failing.store(), OptInSettings.defaults());
      g.optInByWeb(NY);
      failing.down(true);
      assertThat(reason(g.check(NY, MARKETING))).isEqualTo(DenyReason.STORE_UNAVAILABLE);
      assertThat(reason(g.check(NY, ORDERS))).isEqualTo(DenyReason.STORE_UNAVAILABLE);
      assertThat(g.kit.gate().checkAll(List.of(OutboundMessage.of(NY, MARKETING, "x"))))
          .allMatch(d -> reason(d) == DenyReason.STORE_UNAVAILABLE);
      assertThat(g.kit.gate().send(OutboundMessage.of(NY, MARKETING, "x"))).isInstanceOf(SendOutcome.Blocked.class);
      assertThat(g.carrier.sentTo(NY)).hasSize(2); // confirmation + welcome only
      failing.down(false);
      assertThat(g.check(NY, MARKETING).isAllowed()).isTrue();
    }
  }

  @Nested
  @DisplayName("campaigns (checkAll)")
  class Campaigns {
    @Test
    @DisplayName("decide exactly as check does for every message, in input order")
    void sameAsCheck() {
      f.optInByWeb(NY);
      f.optInByWeb(MIAMI);
      f.kit.registry().withdraw(WithdrawRequest.of(MIAMI, MARKETING));
      f.kit.registry().suppress(SF, "complaint");
      for (int i = 0; i < 3; i++) {
        f.kit.gate().send(OutboundMessage.of(NY, MARKETING, "d" + i));
      }
      List<OutboundMessage> batch = new ArrayList<>();
      for (PhoneNumber n : List.of(NY, MIAMI, SF, BERLIN)) {
        for (String p : List.of(MARKETING, ORDERS, NEWS)) {
          batch.add(OutboundMessage.of(n, p, "campaign"));
        }
      }
      List<GateDecision> all = f.kit.gate().checkAll(batch);
      assertThat(all).hasSize(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        assertThat(all.get(i)).as("message %d", i).isEqualTo(f.kit.gate().check(batch.get(i)));
      }
    }

    @Test
    @DisplayName("read every recipient in one batched call per purpose, and send counts only for capped messages that passed the other rules")
    void batchedReads() {
      Map<String, List<List<PhoneNumber>>> calls = new java.util.concurrent.ConcurrentHashMap<>();
      InMemoryConsentStore memory = new InMemoryConsentStore();
      ConsentStore recording = (ConsentStore) java.lang.reflect.Proxy.newProxyInstance(
          ConsentStore.class.getClassLoader(), new Class<?>[] {ConsentStore.class}, (proxy, method, args) -> {
            if (args != null && args.length > 1 && args[1] instanceof java.util.Collection<?> numbers) {
              @SuppressWarnings("unchecked")
              List<PhoneNumber> copy = List.copyOf((java.util.Collection<PhoneNumber>) numbers);
              calls.computeIfAbsent(method.getName(), k -> new ArrayList<>()).add(copy);
            }
            try {
              return method.invoke(memory, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
              throw e.getCause();
            }
          });
      Fixture g = new Fixture(recording, OptInSettings.defaults());
      PhoneNumber orlando = PhoneNumber.parse("+14075550123"); // Florida, no consent
      g.optInByWeb(NY);
      g.optInByWeb(MIAMI);
      g.kit.gate().send(OutboundMessage.of(MIAMI, MARKETING, "Deal"));
      calls.clear();
      List<OutboundMessage> batch = List.of(OutboundMessage.of(NY, MARKETING, "c"), OutboundMessage.of(MIAMI, MARKETING, "c"),
          OutboundMessage.of(orlando, MARKETING, "c"), OutboundMessage.of(MIAMI, ORDERS, "c"),
          OutboundMessage.of(MIAMI, MARKETING, "again"));

      List<GateDecision> all = g.kit.gate().checkAll(batch);

      for (int i = 0; i < batch.size(); i++) {
        assertThat(all.get(i)).as("message %d", i).isEqualTo(g.kit.gate().check(batch.get(i)));
      }
      assertThat(all.get(1).isAllowed()).isTrue();
      assertThat(reason(all.get(2))).isEqualTo(DenyReason.NO_CONSENT);
      assertThat(calls.get("recipients")).containsExactlyInAnyOrder(List.of(NY, MIAMI, orlando, MIAMI), List.of(MIAMI));
      assertThat(calls.get("sendCounts")).containsExactly(List.of(MIAMI, MIAMI)); // not the refused Orlando message
      assertThat(calls).doesNotContainKeys("statuses", "suppressions");
    }

    @Test
    @DisplayName("refuse the whole batch when it names an unknown purpose")
    void unknownPurposeInBatch() {
      assertThatThrownBy(() -> f.kit.gate().checkAll(List.of(OutboundMessage.of(NY, "nope", "x"))))
          .isInstanceOf(UnknownPurposeException.class);
    }
  }

  @Nested
  @DisplayName("send")
  class Send {
    @Test
    @DisplayName("sends an allowed message and logs it with purpose and carrier id")
    void sendsAndLogs() {
      f.optInByWeb(NY);
      SendOutcome o = f.kit.gate().send(OutboundMessage.of(NY, MARKETING, "20% off today"));
      assertThat(o).isInstanceOf(SendOutcome.Sent.class);
      SendOutcome.Sent sent = (SendOutcome.Sent) o;
      MessageRecord logged = f.store.messageByCarrierId(f.kit.tenant(), sent.carrierMessageId()).orElseThrow();
      assertThat(logged.purposeId()).isEqualTo(MARKETING);
      assertThat(logged.programId()).isEqualTo("deals");
      assertThat(f.carrier.lastTo(NY).orElseThrow().sms().body()).isEqualTo("20% off today");
    }

    @Test
    @DisplayName("sends nothing when the gate denies")
    void blocked() {
      SendOutcome o = f.kit.gate().send(OutboundMessage.of(NY, MARKETING, "20% off today"));
      assertThat(o).isInstanceOf(SendOutcome.Blocked.class);
      assertThat(f.carrier.sentTo(NY)).isEmpty();
    }

    @Test
    @DisplayName("turns a carrier opt-out report into a suppression scoped to the sender and a withdrawal")
    void carrierOptOut() {
      f.optInByWeb(NY);
      f.carrier.reportOptOut(NY, DEALS_SENDER);
      SendOutcome o = f.kit.gate().send(OutboundMessage.of(NY, MARKETING, "deal"));
      assertThat(o).isInstanceOf(SendOutcome.Failed.class);
      assertThat(((SendOutcome.Failed) o).error().kind()).isEqualTo(CarrierError.Kind.RECIPIENT_OPTED_OUT);
      assertThat(f.kit.registry().suppressions(NY)).extracting(Suppression::scope)
          .containsExactly(Suppression.senderScope(DEALS_SENDER));
      assertThat(f.kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(reason(f.check(NY, MARKETING))).isEqualTo(DenyReason.SUPPRESSED);
    }

    @Test
    @DisplayName("blocks a number the carrier reports invalid, ends its consents, and reopens after a new double opt-in")
    void invalidNumber() {
      f.optInByWeb(NY);
      f.carrier.failNext(CarrierError.of(CarrierError.Kind.INVALID_NUMBER, "21614", "not a mobile number", false));
      SendOutcome o = f.kit.gate().send(OutboundMessage.of(NY, MARKETING, "deal"));
      assertThat(((SendOutcome.Failed) o).error().kind()).isEqualTo(CarrierError.Kind.INVALID_NUMBER);
      assertThat(reason(f.check(NY, MARKETING))).isEqualTo(DenyReason.INVALID_NUMBER);
      assertThat(reason(f.check(NY, ORDERS))).isEqualTo(DenyReason.INVALID_NUMBER);
      assertThat(f.kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.EXPIRED);
      f.clock.advance(Duration.ofHours(2));
      f.optInByWeb(NY);
      assertThat(f.check(NY, MARKETING).isAllowed()).isTrue();
    }

    @Test
    @DisplayName("reports other carrier failures without suppressing")
    void carrierFailure() {
      f.optInByWeb(NY);
      f.carrier.failNext(CarrierError.of(CarrierError.Kind.RATE_LIMITED, "20429", "too many requests", true));
      SendOutcome o = f.kit.gate().send(OutboundMessage.of(NY, MARKETING, "deal"));
      assertThat(((SendOutcome.Failed) o).error().retryable()).isTrue();
      assertThat(f.kit.registry().suppressions(NY)).isEmpty();
    }
  }

}
