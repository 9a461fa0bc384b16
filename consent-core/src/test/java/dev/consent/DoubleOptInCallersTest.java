package dev.consent;

import static dev.consent.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(dev.consent.testkit.LogCheck.class)
@DisplayName("DoubleOptInFlow with several web callers for one number")
class DoubleOptInCallersTest {
  static final Duration TTL = OptInSettings.defaults().pendingTtl();

  final Fixture f = new Fixture();

  OptInStart.Started start(Fixture in, String client) {
    OptInStart s = in.kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1").withClientAddress(client));
    assertThat(s).isInstanceOf(OptInStart.Started.class);
    return (OptInStart.Started) s;
  }

  String wrong(String code) {
    return code.equals("000000") ? "111111" : "000000";
  }

  OptInResult lockOut(String requestId, String right) {
    OptInResult last = null;
    for (int i = 0; i < OptInSettings.defaults().maxAttempts(); i++) {
      last = f.kit.doubleOptIn().confirm(requestId, wrong(right));
    }
    return last;
  }

  @Nested
  @DisplayName("each caller gets a handle of its own")
  class Handles {
    @Test
    @DisplayName("a second caller inside the cool-down gets its own handle, not the first's; nothing is sent again")
    void ownHandle() {
      OptInStart.Started first = start(f, "203.0.113.9");
      int sent = f.carrier.sentTo(NY).size();
      f.clock.advance(Duration.ofMinutes(5));
      OptInStart.Started second = start(f, "198.51.100.7");
      assertThat(second.requestId()).isNotEqualTo(first.requestId());
      assertThat(f.carrier.sentTo(NY)).hasSize(sent);
      assertThat(f.kit.doubleOptIn().confirm(second.requestId(), f.lastCode(NY)))
          .isEqualTo(new OptInResult.Confirmed(second.requestId(), List.of(MARKETING)));
      assertThat(f.check(NY, MARKETING).isAllowed()).isTrue();
    }

    @Test
    @DisplayName("the grant through a second caller's handle names the SMS that carried the code and that handle")
    void grantEvidence() {
      OptInStart.Started first = start(f, "203.0.113.9");
      OptInStart.Started second = start(f, "198.51.100.7");
      f.kit.doubleOptIn().confirm(second.requestId(), f.lastCode(NY));
      ConsentEvent grant = f.kit.registry().history(NY).stream().filter(e -> e.kind() == EventKind.GRANTED)
          .findFirst().orElseThrow();
      assertThat(grant.evidence()).containsEntry("requestId", first.requestId())
          .containsEntry("handle", second.requestId()).containsKey("confirmationText").containsKey("clientAddressHash");
      assertThat(f.kit.registry().history(NY)).extracting(ConsentEvent::kind)
          .containsExactly(EventKind.REQUESTED, EventKind.GRANTED);
    }

    @Test
    @DisplayName("another caller's wrong codes never count against a caller's handle")
    void attemptsPerHandle() {
      OptInStart.Started first = start(f, "203.0.113.9");
      String right = f.lastCode(NY);
      OptInStart.Started second = start(f, "198.51.100.7");
      assertThat(lockOut(second.requestId(), right)).isEqualTo(new OptInResult.TooManyAttempts(second.requestId()));
      assertThat(f.kit.doubleOptIn().confirm(second.requestId(), right))
          .isEqualTo(new OptInResult.TooManyAttempts(second.requestId()));
      assertThat(f.kit.doubleOptIn().confirm(first.requestId(), wrong(right)))
          .isEqualTo(new OptInResult.WrongCode(first.requestId(), 4));
      assertThat(f.kit.doubleOptIn().confirm(first.requestId(), right))
          .isEqualTo(new OptInResult.Confirmed(first.requestId(), List.of(MARKETING)));
    }

    @Test
    @DisplayName("caps the callers on one confirmation SMS (bounding web guesses at its code), as a pumping limit")
    void cap() {
      List<OptInStart> starts = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        starts.add(f.kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1")));
      }
      assertThat(starts.subList(0, 5)).allMatch(OptInStart.Started.class::isInstance);
      assertThat(starts.subList(5, 7)).allSatisfy(s -> assertThat(s).isEqualTo(new OptInStart.RateLimited(
          "at most 5 callers per confirmation SMS (inside its cool-down)",
          OptInStart.RateLimited.Kind.CALLERS_PER_CONFIRMATION, 5, null)));
      assertThat(f.carrier.sentTo(NY)).hasSize(1);
      f.clock.advance(Duration.ofMinutes(11));
      assertThat(f.kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1"))).isInstanceOf(OptInStart.Started.class);
      assertThat(f.carrier.sentTo(NY)).hasSize(2);
    }
  }

  @Nested
  @DisplayName("nothing tells a caller about another caller's request")
  class NoLeak {
    @Test
    @DisplayName("a start gets the same result, expiry counted from its own start, whether or not another is pending")
    void sameStart() {
      start(f, "203.0.113.9");
      f.clock.advance(Duration.ofMinutes(7));
      Fixture alone = new Fixture();
      alone.clock.advance(Duration.ofMinutes(7));
      OptInStart.Started withOther = start(f, "198.51.100.7");
      OptInStart.Started withoutOther = start(alone, "198.51.100.7");
      assertThat(withOther.expiresAt()).isEqualTo(withoutOther.expiresAt()).isEqualTo(f.clock.instant().plus(TTL));
    }

    @Test
    @DisplayName("a caller's wrong codes get the same answers whether or not another caller guessed first")
    void sameWrongCodes() {
      OptInStart.Started first = start(f, "203.0.113.9");
      String right = f.lastCode(NY);
      f.kit.doubleOptIn().confirm(first.requestId(), wrong(right));
      f.kit.doubleOptIn().confirm(first.requestId(), wrong(right));
      OptInStart.Started second = start(f, "198.51.100.7");
      assertThat(f.kit.doubleOptIn().confirm(second.requestId(), wrong(right)))
          .isEqualTo(new OptInResult.WrongCode(second.requestId(), 4));
    }

    @Test
    @DisplayName("a caller's handle outlives the cool-down and the first request's expiry by its own TTL")
    void ownExpiry() {
      start(f, "203.0.113.9");
      f.clock.advance(Duration.ofMinutes(9));
      OptInStart.Started second = start(f, "198.51.100.7");
      String code = f.lastCode(NY);
      f.clock.advance(TTL.minusMinutes(5));
      assertThat(f.kit.doubleOptIn().confirm(second.requestId(), code))
          .isEqualTo(new OptInResult.Confirmed(second.requestId(), List.of(MARKETING)));
    }
  }

  @Nested
  @DisplayName("wrong web codes never block the phone's own confirmation")
  class Lockout {
    @Test
    @DisplayName("after too many wrong web codes, a YES from the number still confirms")
    void yesAfterLock() {
      OptInStart.Started s = start(f, "203.0.113.9");
      String right = f.lastCode(NY);
      assertThat(lockOut(s.requestId(), right)).isEqualTo(new OptInResult.TooManyAttempts(s.requestId()));
      assertThat(f.kit.doubleOptIn().confirm(s.requestId(), right)).isInstanceOf(OptInResult.TooManyAttempts.class);
      assertThat(f.reply(NY, DEALS_SENDER, "YES")).isInstanceOf(InboundResult.Confirmed.class);
      assertThat(f.kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.GRANTED);
      assertThat(f.check(NY, MARKETING).isAllowed()).isTrue();
    }

    @Test
    @DisplayName("after too many wrong web codes, the code texted from the number still confirms")
    void smsCodeAfterLock() {
      OptInStart.Started s = start(f, "203.0.113.9");
      String right = f.lastCode(NY);
      lockOut(s.requestId(), right);
      assertThat(f.reply(NY, DEALS_SENDER, right)).isInstanceOf(InboundResult.Confirmed.class);
      assertThat(f.kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.GRANTED);
    }

    @Test
    @DisplayName("a request locked on the web that is never confirmed still expires and says so")
    void lockedExpires() {
      OptInStart.Started s = start(f, "203.0.113.9");
      lockOut(s.requestId(), f.lastCode(NY));
      f.clock.advance(TTL.plusMinutes(1));
      assertThat(f.kit.doubleOptIn().expire()).isEqualTo(1);
      assertThat(f.kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.EXPIRED);
    }

    @Test
    @DisplayName("a YES from an unauthenticated webhook still confirms nothing after a lock")
    void unauthenticatedAfterLock() {
      OptInStart.Started s = start(f, "203.0.113.9");
      lockOut(s.requestId(), f.lastCode(NY));
      InboundMessage m = new InboundMessage("recording", "SMx", NY, DEALS_SENDER, "YES", f.clock.instant(), false,
          CarrierAction.NONE, null);
      assertThat(f.kit.inbound().handle(m)).isNotInstanceOf(InboundResult.Confirmed.class);
      assertThat(f.check(NY, MARKETING).isAllowed()).isFalse();
    }
  }

  @Nested
  @DisplayName("the phone answers for every caller")
  class Phone {
    @Test
    @DisplayName("one YES confirms once and uses every caller's handle")
    void yesUsesAll() {
      OptInStart.Started first = start(f, "203.0.113.9");
      String code = f.lastCode(NY);
      OptInStart.Started second = start(f, "198.51.100.7");
      InboundResult r = f.reply(NY, DEALS_SENDER, "YES");
      assertThat(r).isInstanceOf(InboundResult.Confirmed.class);
      assertThat(f.kit.registry().history(NY)).extracting(ConsentEvent::kind)
          .containsExactly(EventKind.REQUESTED, EventKind.GRANTED);
      assertThat(f.kit.registry().history(NY).get(1).evidence()).containsEntry("requestId", first.requestId())
          .doesNotContainKey("handle");
      assertThat(f.kit.doubleOptIn().confirm(second.requestId(), code)).isInstanceOf(OptInResult.NotFound.class);
      assertThat(f.kit.doubleOptIn().confirm(first.requestId(), code)).isInstanceOf(OptInResult.NotFound.class);
    }

    @Test
    @DisplayName("a STOP closes every caller's handle; expiry closes them and records the request's expiry once")
    void stopAndExpiry() {
      start(f, "203.0.113.9");
      String code = f.lastCode(NY);
      OptInStart.Started second = start(f, "198.51.100.7");
      f.reply(NY, DEALS_SENDER, "STOP");
      assertThat(f.kit.doubleOptIn().confirm(second.requestId(), code)).isInstanceOf(OptInResult.Expired.class);
      assertThat(f.check(NY, MARKETING).isAllowed()).isFalse();

      Fixture g = new Fixture();
      start(g, "203.0.113.9");
      start(g, "198.51.100.7");
      g.clock.advance(TTL.plusMinutes(1));
      assertThat(g.kit.doubleOptIn().expire()).isEqualTo(2);
      assertThat(g.kit.registry().history(NY)).extracting(ConsentEvent::kind)
          .containsExactly(EventKind.REQUESTED, EventKind.EXPIRED);
    }

    @Test
    @DisplayName("a keyword texted inside the cool-down still reports the pending request to the phone")
    void keyword() {
      OptInStart.Started first = start(f, "203.0.113.9");
      InboundResult r = f.reply(NY, DEALS_SENDER, "JOIN");
      assertThat(r).isEqualTo(new InboundResult.OptInRequested(first.requestId(), false));
      assertThat(f.carrier.sentTo(NY)).hasSize(1);
    }
  }
}
