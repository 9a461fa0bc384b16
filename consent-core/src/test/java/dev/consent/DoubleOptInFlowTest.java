package dev.consent;

import static dev.consent.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.ConsentPolicyException;
import dev.consent.error.InvalidInputException;
import dev.consent.error.UnknownPurposeException;
import dev.consent.memory.InMemoryConsentStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(dev.consent.testkit.LogCheck.class)
@DisplayName("DoubleOptInFlow")
class DoubleOptInFlowTest {
  final Fixture f = new Fixture();

  OptInStart.Started start(PhoneNumber n) {
    OptInStart s = f.kit.doubleOptIn().start(WebOptIn.of(n, MARKETING, "v1").withClientAddress("203.0.113.9"));
    assertThat(s).isInstanceOf(OptInStart.Started.class);
    return (OptInStart.Started) s;
  }

  @Nested
  @DisplayName("digests written before 0.5 (unkeyed SHA-256)")
  class Upgrade {
    @Test
    @DisplayName("a request stored with a plain SHA-256 code hash is still confirmed by its code until it expires")
    void legacyCodeHash() {
      OptInStart.Started s = start(NY);
      dev.consent.PendingOptIn p = f.store.pending(f.kit.tenant(), s.requestId()).orElseThrow();
      assertThat(p.codeHash()).startsWith("k1:");
      String legacy = dev.consent.internal.base.Hashing.sha256Hex(s.requestId() + ":" + "424242");
      dev.consent.PendingOptIn old = new dev.consent.PendingOptIn(p.tenant(), p.requestId(), p.number(),
          p.purposeIds(), p.noticeVersions(), p.language(), p.programId(), p.sender(), legacy, p.createdAt(),
          p.expiresAt(), p.attempts(), p.state(), p.version(), p.origin(), p.evidence());
      assertThat(f.store.replacePending(p, old)).isTrue();
      assertThat(f.kit.doubleOptIn().confirm(s.requestId(), "000000")).isInstanceOf(OptInResult.WrongCode.class);
      assertThat(f.kit.doubleOptIn().confirm(s.requestId(), "424242")).isInstanceOf(OptInResult.Confirmed.class);
    }

    @Test
    @DisplayName("an import repeated across the upgrade is recognised by its old key and appends nothing")
    void legacyImportKey() {
      java.time.Instant when = f.clock.instant().minusSeconds(3600);
      ImportRequest request = new ImportRequest(NY, MARKETING, EventKind.GRANTED, ConsentMethod.WEB_FORM, when,
          "crm", "v1", Map.of("form", "paper"));
      String identity = "crm\u0000" + NY.e164() + "\u0000" + MARKETING + "\u0000GRANTED\u0000" + when;
      ConsentEvent old = ((dev.consent.spi.AppendResult.Appended) dev.consent.spi.EventChain.append(f.store,
          new dev.consent.spi.NewEvent(dev.consent.spi.NewEvent.newId(), f.kit.tenant(), NY, MARKETING,
              EventKind.GRANTED, ConsentMethod.IMPORT, Channel.API, new java.util.TreeMap<>(Map.of("form", "paper")),
              "v1", when, when, "import:" + dev.consent.internal.base.Hashing.sha256Hex(identity), true))).event();
      assertThat(f.kit.registry().importConsent(request)).isEqualTo(old);
      assertThat(f.kit.registry().history(NY)).hasSize(1);
    }
  }

  @Nested
  @DisplayName("web form, end to end")
  class Web {
    @Test
    @DisplayName("sends a CTIA confirmation naming the program, frequency, rates, HELP, STOP and the code")
    void confirmationText() {
      start(NY);
      String body = f.carrier.lastTo(NY).orElseThrow().sms().body();
      assertThat(body).contains("ACME Deals").contains("Up to 4 msgs/month").containsIgnoringCase("Msg & data rates may apply")
          .contains("HELP").contains("STOP").containsPattern("[0-9]{6}");
      assertThat(f.carrier.lastTo(NY).orElseThrow().sms().from()).isEqualTo(DEALS_SENDER);
    }

    @Test
    @DisplayName("records the request with the notice version, then the grant on YES, with evidence")
    void requestThenYes() {
      OptInStart.Started s = start(NY);
      assertThat(f.kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.PENDING);
      InboundResult r = f.reply(NY, DEALS_SENDER, "YES");
      assertThat(r).isInstanceOf(InboundResult.Confirmed.class);
      List<ConsentEvent> h = f.kit.registry().history(NY);
      assertThat(h).extracting(ConsentEvent::kind).containsExactly(EventKind.REQUESTED, EventKind.GRANTED);
      ConsentEvent grant = h.get(1);
      assertThat(grant.method()).isEqualTo(ConsentMethod.SMS_DOUBLE_OPT_IN);
      assertThat(grant.noticeVersion()).isEqualTo("v1");
      assertThat(grant.evidence()).containsEntry("requestId", s.requestId()).containsKey("inboundMessageId")
          .containsKey("confirmationText").containsKey("clientAddressHash");
      assertThat(grant.evidence().get("confirmationText")).doesNotContainPattern("[0-9]{6}");
      assertThat(grant.evidence().values()).noneMatch(v -> v.contains("203.0.113.9"));
      assertThat(f.carrier.lastTo(NY).orElseThrow().sms().body()).contains("ACME Deals");
    }

    @Test
    @DisplayName("confirms with the code typed into the web form")
    void webCode() {
      OptInStart.Started s = start(NY);
      OptInResult r = f.kit.doubleOptIn().confirm(s.requestId(), f.lastCode(NY));
      assertThat(r).isEqualTo(new OptInResult.Confirmed(s.requestId(), List.of(MARKETING)));
      assertThat(f.check(NY, MARKETING).isAllowed()).isTrue();
    }

    @Test
    @DisplayName("confirms with the code replied by SMS")
    void smsCode() {
      start(NY);
      assertThat(f.reply(NY, DEALS_SENDER, f.lastCode(NY))).isInstanceOf(InboundResult.Confirmed.class);
    }

    @Test
    @DisplayName("uses a code once only")
    void singleUse() {
      OptInStart.Started s = start(NY);
      String code = f.lastCode(NY);
      f.kit.doubleOptIn().confirm(s.requestId(), code);
      assertThat(f.kit.doubleOptIn().confirm(s.requestId(), code)).isInstanceOf(OptInResult.NotFound.class);
      assertThat(f.kit.registry().history(NY)).filteredOn(e -> e.kind() == EventKind.GRANTED).hasSize(1);
    }

    @Test
    @DisplayName("ignores YES from another number")
    void otherNumber() {
      start(NY);
      assertThat(f.reply(MIAMI, DEALS_SENDER, "YES")).isInstanceOf(InboundResult.Ignored.class);
      assertThat(f.kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.PENDING);
    }

    @Test
    @DisplayName("quarantines YES from an unauthenticated webhook: nothing confirmed")
    void unauthenticatedYes() {
      start(NY);
      InboundMessage m = new InboundMessage("recording", "SMz", NY, DEALS_SENDER, "YES", f.clock.instant(), false,
          CarrierAction.NONE, null);
      assertThat(f.kit.inbound().handle(m)).isInstanceOf(InboundResult.Quarantined.class);
      assertThat(f.check(NY, MARKETING).isAllowed()).isFalse();
    }

    @Test
    @DisplayName("a STOP while pending closes the request: a later YES confirms nothing")
    void stopWhilePending() {
      start(NY);
      f.reply(NY, DEALS_SENDER, "STOP");
      assertThat(f.reply(NY, DEALS_SENDER, "YES")).isNotInstanceOf(InboundResult.Confirmed.class);
      assertThat(f.check(NY, MARKETING).isAllowed()).isFalse();
    }
  }

  @Nested
  @DisplayName("codes")
  class Codes {
    @Test
    @DisplayName("a wrong code counts an attempt and says how many remain")
    void wrongCode() {
      OptInStart.Started s = start(NY);
      String wrong = f.lastCode(NY).equals("000000") ? "111111" : "000000";
      assertThat(f.kit.doubleOptIn().confirm(s.requestId(), wrong)).isEqualTo(new OptInResult.WrongCode(s.requestId(), 4));
    }

    @Test
    @DisplayName("brute force locks the request: the right code is refused after too many wrong ones")
    void bruteForce() {
      OptInStart.Started s = start(NY);
      String right = f.lastCode(NY);
      OptInResult last = null;
      int tried = 0;
      for (int c = 0; c < 1000 && !(last instanceof OptInResult.TooManyAttempts); c++) {
        String guess = String.format("%06d", c);
        if (!guess.equals(right)) {
          last = f.kit.doubleOptIn().confirm(s.requestId(), guess);
          tried++;
        }
      }
      assertThat(last).isInstanceOf(OptInResult.TooManyAttempts.class);
      assertThat(tried).isEqualTo(5);
      assertThat(f.kit.doubleOptIn().confirm(s.requestId(), right)).isInstanceOf(OptInResult.TooManyAttempts.class);
      assertThat(f.check(NY, MARKETING).isAllowed()).isFalse();
    }

    @Test
    @DisplayName("an unknown request id is NotFound")
    void unknownRequest() {
      assertThat(f.kit.doubleOptIn().confirm("no-such-request", "123456")).isInstanceOf(OptInResult.NotFound.class);
    }
  }

  @Nested
  @DisplayName("expiry")
  class Expiry {
    @Test
    @DisplayName("a request not confirmed in 24 hours expires; the late YES and code do nothing")
    void expires() {
      OptInStart.Started s = start(NY);
      String code = f.lastCode(NY);
      f.clock.advance(Duration.ofHours(24).plusSeconds(1));
      assertThat(f.kit.doubleOptIn().confirm(s.requestId(), code)).isEqualTo(new OptInResult.Expired(s.requestId()));
      assertThat(f.reply(NY, DEALS_SENDER, "YES")).isNotInstanceOf(InboundResult.Confirmed.class);
      assertThat(f.kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.EXPIRED);
      GateDecision d = f.check(NY, MARKETING);
      assertThat(((GateDecision.Denied) d).reason()).isEqualTo(DenyReason.NO_CONSENT);
    }

    @Test
    @DisplayName("expire() closes every request that ran out and records it")
    void sweep() {
      start(NY);
      start(MIAMI);
      f.clock.advance(Duration.ofHours(25));
      assertThat(f.kit.doubleOptIn().expire()).isEqualTo(2);
      assertThat(f.kit.doubleOptIn().expire()).isZero();
      assertThat(f.kit.registry().history(NY)).extracting(ConsentEvent::kind)
          .containsExactly(EventKind.REQUESTED, EventKind.EXPIRED);
    }

    @Test
    @DisplayName("a sign-up of a number granted under the same notice (a consent without validity) sends nothing")
    void refreshOfALastingConsent() {
      f.optInByWeb(NY);
      f.clock.advance(Duration.ofHours(1));
      int sent = f.carrier.sentTo(NY).size();
      assertThat(f.kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1"))).isInstanceOf(OptInStart.AlreadyGranted.class);
      assertThat(f.carrier.sentTo(NY)).hasSize(sent);
      assertThat(f.kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.GRANTED);
    }
  }

  @Nested
  @DisplayName("SMS pumping protection")
  class Pumping {
    @Test
    @DisplayName("restarting within the cool-down sends nothing again (and gives the caller its own handle)")
    void cooldown() {
      OptInStart.Started s = start(NY);
      int sent = f.carrier.sentTo(NY).size();
      OptInStart again = f.kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1"));
      assertThat(again).isInstanceOf(OptInStart.Started.class);
      assertThat(((OptInStart.Started) again).requestId()).isNotEqualTo(s.requestId());
      assertThat(f.carrier.sentTo(NY)).hasSize(sent);
      f.clock.advance(Duration.ofMinutes(11));
      assertThat(f.kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1"))).isInstanceOf(OptInStart.Started.class);
    }

    @Test
    @DisplayName("limits confirmations per number")
    void perNumber() {
      for (int i = 0; i < 3; i++) {
        start(NY);
        f.clock.advance(Duration.ofMinutes(11));
      }
      assertThat(f.kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1"))).isEqualTo(new OptInStart.RateLimited(
          "at most 3 confirmations per number within 1 h", OptInStart.RateLimited.Kind.PER_NUMBER, 3, Duration.ofHours(1)));
      f.clock.advance(Duration.ofHours(1));
      assertThat(f.kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1"))).isInstanceOf(OptInStart.Started.class);
    }

    @Test
    @DisplayName("limits confirmations per number prefix (premium-range pumping)")
    void perPrefix() {
      int started = 0;
      OptInStart last = null;
      for (int i = 0; i < 12; i++) {
        last = f.kit.doubleOptIn().start(WebOptIn.of(PhoneNumber.parse(String.format("+1212555%04d", 100 + i)),
            MARKETING, "v1"));
        if (last instanceof OptInStart.Started) {
          started++;
        }
      }
      assertThat(started).isEqualTo(10);
      assertThat(last).isEqualTo(new OptInStart.RateLimited("at most 10 confirmations per number prefix within 1 h",
          OptInStart.RateLimited.Kind.PER_PREFIX, 10, Duration.ofHours(1)));
    }

    @Test
    @DisplayName("limits confirmations per client address")
    void perClient() {
      List<PhoneNumber> numbers = List.of(NY, MIAMI, SF, BERLIN, PhoneNumber.parse("+33612345678"),
          PhoneNumber.parse("+447911123456"));
      List<OptInStart> starts = numbers.stream().map(n -> f.kit.doubleOptIn().start(
          WebOptIn.of(n, MARKETING, "v1").withClientAddress("198.51.100.7"))).toList();
      assertThat(starts.subList(0, 5)).allMatch(OptInStart.Started.class::isInstance);
      assertThat(f.carrier.sent()).hasSize(5);
      OptInStart.RateLimited refused = (OptInStart.RateLimited) starts.get(5);
      assertThat(refused.kind()).isEqualTo(OptInStart.RateLimited.Kind.PER_CLIENT_ADDRESS);
      assertThat(refused.max()).isEqualTo(5);
      assertThat(refused.window()).isEqualTo(Duration.ofHours(1));
      assertThat(refused.limit()).isEqualTo("at most 5 confirmations per client address within 1 h")
          .doesNotContain("198.51.100.7");
    }

    @Test
    @DisplayName("limits confirmations per country calling code, and names that limit with its own window")
    void perCountry() {
      Fixture g = new Fixture(new InMemoryConsentStore(),
          OptInSettings.defaults().withLimits(3, 10, 2, 5, Duration.ofMinutes(30)));
      assertThat(g.kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1"))).isInstanceOf(OptInStart.Started.class);
      assertThat(g.kit.doubleOptIn().start(WebOptIn.of(MIAMI, MARKETING, "v1"))).isInstanceOf(OptInStart.Started.class);
      assertThat(g.kit.doubleOptIn().start(WebOptIn.of(SF, MARKETING, "v1"))).isEqualTo(new OptInStart.RateLimited(
          "at most 2 confirmations per country calling code within 30 min", OptInStart.RateLimited.Kind.PER_COUNTRY, 2,
          Duration.ofMinutes(30)));
      assertThat(g.kit.doubleOptIn().start(WebOptIn.of(BERLIN, MARKETING, "v1"))).isInstanceOf(OptInStart.Started.class);
    }

    @Test
    @DisplayName("sends to allowed countries only when the program restricts them")
    void regions() {
      Fixture g = new Fixture(new InMemoryConsentStore(), OptInSettings.defaults().withAllowedRegions(Set.of("US")));
      assertThat(g.kit.doubleOptIn().start(WebOptIn.of(BERLIN, MARKETING, "v1"))).isEqualTo(new OptInStart.RateLimited(
          "country DE is not allowed for confirmations", OptInStart.RateLimited.Kind.REGION_NOT_ALLOWED, 0, null));
      assertThat(g.carrier.sent()).isEmpty();
      assertThat(g.kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1"))).isInstanceOf(OptInStart.Started.class);
    }

    @Test
    @DisplayName("never limits an inbound STOP")
    void stopNotLimited() {
      for (int i = 0; i < 20; i++) {
        assertThat(f.reply(NY, DEALS_SENDER, "STOP")).isInstanceOf(InboundResult.OptedOut.class);
      }
    }
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {
    @Test
    @DisplayName("refuses an unknown notice version and sends nothing")
    void unknownNotice() {
      assertThatThrownBy(() -> f.kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v9")))
          .isInstanceOf(ConsentPolicyException.class);
      assertThat(f.carrier.sent()).isEmpty();
      assertThat(f.kit.registry().history(NY)).isEmpty();
    }

    @Test
    @DisplayName("refuses an unknown purpose")
    void unknownPurpose() {
      assertThatThrownBy(() -> f.kit.doubleOptIn().start(WebOptIn.of(NY, "nope", "v1")))
          .isInstanceOf(UnknownPurposeException.class);
    }

    @Test
    @DisplayName("refuses a service purpose: it needs no consent")
    void servicePurpose() {
      assertThatThrownBy(() -> f.kit.doubleOptIn().start(WebOptIn.of(NY, ORDERS, "v1")))
          .isInstanceOf(ConsentPolicyException.class);
    }

    @Test
    @DisplayName("refuses a malformed request without echoing the number")
    void malformed() {
      WebOptIn bad = new WebOptIn(NY, List.of(MARKETING), Map.of(MARKETING, "v1"), "not a language!", null, Map.of());
      assertThatThrownBy(() -> f.kit.doubleOptIn().start(bad)).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("language").hasMessageNotContaining(NY.e164());
    }

    @Test
    @DisplayName("closes the request when the confirmation cannot be sent")
    void carrierFails() {
      f.carrier.failNext(CarrierError.of(CarrierError.Kind.INVALID_NUMBER, "21211", "invalid number", false));
      OptInStart s = f.kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1"));
      assertThat(s).isInstanceOf(OptInStart.NotSent.class);
      assertThat(f.reply(NY, DEALS_SENDER, "YES")).isNotInstanceOf(InboundResult.Confirmed.class);
      assertThat(f.kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.EXPIRED);
    }
  }
}
