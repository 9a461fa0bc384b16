package dev.consent;

import static dev.consent.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.InvalidInputException;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import dev.consent.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The double opt-in where its decisions turn: restarts, handles, notice versions, paging. */
@org.junit.jupiter.api.extension.ExtendWith(dev.consent.testkit.LogCheck.class)
@DisplayName("Double opt-in at the edges")
class DoubleOptInEdgesTest {
  final Fixture f = new Fixture();

  OptInStart.Started start(String client) {
    OptInStart s = f.kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1").withClientAddress(client));
    assertThat(s).isInstanceOf(OptInStart.Started.class);
    return (OptInStart.Started) s;
  }

  @Test
  @DisplayName("a restart after the cool-down sends a new code and closes the earlier request and the handles on it")
  void restartClosesEarlier() {
    OptInStart.Started first = start("203.0.113.1");
    String oldCode = f.lastCode(NY);
    f.clock.advance(Duration.ofMinutes(5));
    OptInStart.Started handle = start("203.0.113.2");
    f.clock.advance(OptInSettings.defaults().cooldown());
    OptInStart.Started second = start("203.0.113.3");
    String newCode = f.lastCode(NY);
    assertThat(newCode).isNotEqualTo(oldCode);
    assertThat(f.kit.doubleOptIn().confirm(first.requestId(), oldCode)).isInstanceOf(OptInResult.Expired.class);
    assertThat(f.kit.doubleOptIn().confirm(handle.requestId(), oldCode)).isInstanceOf(OptInResult.Expired.class);
    assertThat(f.kit.doubleOptIn().confirm(second.requestId(), newCode))
        .isEqualTo(new OptInResult.Confirmed(second.requestId(), List.of(MARKETING)));
  }

  @Test
  @DisplayName("the handle cap counts the handles on the confirmation just sent, not the number's closed requests")
  void handleCapPerConfirmation() {
    start("203.0.113.1");
    f.clock.advance(OptInSettings.defaults().cooldown().plusMinutes(1));
    start("203.0.113.2"); // a new confirmation SMS: the first request is closed
    for (int i = 1; i < 5; i++) {
      start("198.51.100." + i);
    }
    OptInStart refused = f.kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1").withClientAddress("198.51.100.9"));
    assertThat(refused).isInstanceOfSatisfying(OptInStart.RateLimited.class,
        r -> assertThat(r.kind()).isEqualTo(OptInStart.RateLimited.Kind.CALLERS_PER_CONFIRMATION));
  }

  @Test
  @DisplayName("a grant through a handle records when the SMS carrying the code was requested, not when the handle was")
  void requestedAtOfTheSms() {
    Instant sms = f.clock.instant();
    start("203.0.113.1");
    f.clock.advance(Duration.ofMinutes(3));
    OptInStart.Started handle = start("203.0.113.2");
    f.kit.doubleOptIn().confirm(handle.requestId(), f.lastCode(NY));
    assertThat(grant(NY).evidence()).containsEntry("requestedAt", sms.toString());
  }

  @Test
  @DisplayName("a confirmed request records when it was requested")
  void requestedAtOwn() {
    f.clock.advance(Duration.ofMinutes(1));
    Instant requested = f.clock.instant();
    OptInStart.Started s = start("203.0.113.1");
    f.clock.advance(Duration.ofMinutes(2));
    f.kit.doubleOptIn().confirm(s.requestId(), f.lastCode(NY));
    assertThat(grant(NY).evidence()).containsEntry("requestedAt", requested.toString());
  }

  @Test
  @DisplayName("one web opt-in may not mix purposes of two programs")
  void oneProgramPerRequest() {
    WebOptIn mixed = new WebOptIn(NY, List.of(MARKETING, NEWS), Map.of(MARKETING, "v1", NEWS, "v1"), "en", null,
        Map.of());
    assertThatThrownBy(() -> f.kit.doubleOptIn().start(mixed)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("one program");
    assertThat(f.carrier.sentTo(NY)).isEmpty();
  }

  @Test
  @DisplayName("expire() closes every request that ran out, page after page")
  void expireAllPages() {
    Fixture many = new Fixture(new InMemoryConsentStore(),
        OptInSettings.defaults().withLimits(5, 1_000, 1_000, 5, Duration.ofHours(1)));
    int count = 450; // more than two pages of the store's pending requests
    for (int i = 0; i < count; i++) {
      PhoneNumber n = PhoneNumber.parse("+1212555" + String.format("%04d", 1000 + i));
      assertThat(many.kit.doubleOptIn().start(WebOptIn.of(n, MARKETING, "v1"))).isInstanceOf(OptInStart.Started.class);
    }
    many.clock.advance(OptInSettings.defaults().pendingTtl().plusMinutes(1));
    assertThat(many.kit.doubleOptIn().expire()).isEqualTo(count);
    assertThat(many.kit.doubleOptIn().expire()).isZero();
  }

  @Test
  @DisplayName("a keyword opt-in shows the notice of its purpose in the program's language, whatever the notice order")
  void keywordNoticeVersion() {
    Notice en = new Notice("marketing.ofertas", "v1", "en", "Yes, text me offers.");
    Notice es = new Notice("marketing.ofertas", "v2", "es", "Sí, envíenme ofertas.");
    Notice other = new Notice(NEWS, "n7", "es", "Sí, noticias.");
    for (List<Notice> order : List.of(List.of(en, es, other), List.of(other, es, en))) {
      assertThat(keywordRequestVersion(order)).as("notices in the order %s", order).isEqualTo("v2");
    }
    assertThat(keywordRequestVersion(List.of(other, en))).as("no notice in the program's language").isEqualTo("v1");
  }

  /** The notice version of the request a Spanish program's join keyword starts. */
  private static String keywordRequestVersion(List<Notice> notices) {
    Program ofertas = new Program("ofertas", "ACME Ofertas", List.of(DEALS_SENDER), "Hasta 4 msjs/mes",
        Map.of("es", "ACME Ofertas: ayuda en acme.example/ayuda. Responda STOP para cancelar."), List.of("OFERTAS"),
        "es");
    ConsentKit kit = ConsentKit.builder().store(new InMemoryConsentStore()).carrier(new RecordingCarrier())
        .clock(MutableClock.at(MONDAY_11_NY))
        .purposes(Purpose.marketing("marketing.ofertas", "Ofertas", ofertas, null), NEWS_PURPOSE)
        .notices(notices.toArray(Notice[]::new)).build();
    InboundResult r = kit.inbound().handle(new InboundMessage("recording", "SM1", NY, DEALS_SENDER, "ofertas",
        MONDAY_11_NY, true, CarrierAction.NONE, null));
    assertThat(r).isInstanceOf(InboundResult.OptInRequested.class);
    return kit.registry().history(NY).stream().filter(e -> e.kind() == EventKind.REQUESTED).findFirst().orElseThrow()
        .noticeVersion();
  }

  private ConsentEvent grant(PhoneNumber n) {
    return f.kit.registry().history(n).stream().filter(e -> e.kind() == EventKind.GRANTED).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("a confirmation the carrier refuses because the recipient opted out suppresses the number in the carrier's scope")
  void confirmationRefusedOptedOut() {
    f.carrier.reportOptOut(NY, DEALS_SENDER);
    assertThat(f.kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1"))).isInstanceOf(OptInStart.NotSent.class);
    assertThat(f.kit.registry().suppressions(NY)).extracting(Suppression::scope)
        .containsExactly(Suppression.senderScope(DEALS_SENDER));
  }

  @Test
  @DisplayName("a confirmation refused for another reason suppresses nothing")
  void confirmationRefusedOtherwise() {
    f.carrier.failNext(dev.consent.CarrierError.of(dev.consent.CarrierError.Kind.AUTHENTICATION, "20003",
        "authentication failed", false));
    assertThat(f.kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1"))).isInstanceOf(OptInStart.NotSent.class);
    assertThat(f.kit.registry().suppressions(NY)).isEmpty();
  }
}
