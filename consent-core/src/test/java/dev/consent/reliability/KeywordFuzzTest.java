package dev.consent.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.CarrierAction;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.Notice;
import dev.consent.PhoneNumber;
import dev.consent.Purpose;
import dev.consent.error.InvalidInputException;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import dev.consent.policy.Classification;
import dev.consent.policy.Intent;
import dev.consent.policy.KeywordClassifier;
import dev.consent.testkit.MutableClock;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The keyword classifier and the inbound handler under hostile text: random and mutated bodies
 * with invalid UTF-16, NULs, controls, right-to-left and zero-width marks, look-alike letters,
 * emoji and very long input. Only normal results come back, in bounded time; a disguised STOP is
 * still an opt-out; an unauthenticated message never opts anyone in.
 */
@DisplayName("Hostile input: keyword classifier and inbound handler")
class KeywordFuzzTest {
  private static final KeywordClassifier CLASSIFIER = KeywordClassifier.defaults();
  private static final List<String> OPT_OUTS = List.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT",
      "ARRET", "BAJA", "OPT OUT", "STOP ALL", "REVOKE");

  @Test
  @DisplayName("classifies random, mutated and huge text without an exception, each within 2 s (GC pauses on a shared CI machine included)")
  void randomText() {
    long seed = Hostile.seed();
    Hostile h = new Hostile(seed);
    Figures figures = new Figures("fuzz/keywords");
    long started = System.currentTimeMillis();
    int n = Hostile.inputs(20_000);
    long slowest = 0;
    for (int i = 0; i < n; i++) {
      String body = i % 1000 == 999 ? h.text(1 << 20) : i % 100 == 99 ? h.text(100_000) : h.text(200);
      long t0 = System.nanoTime();
      Classification c = CLASSIFIER.classify(body);
      long took = System.nanoTime() - t0;
      slowest = Math.max(slowest, took);
      assertThat(c.intent()).as("seed %s input %s", seed, i).isNotNull();
      assertThat(took).as("classify time, seed %s input %s", seed, i).isLessThan(2_000_000_000L);
      figures.inc("inputs");
    }
    figures.add("slowestMicros", slowest / 1000);
    figures.print(System.currentTimeMillis() - started);
  }

  @Test
  @DisplayName("a STOP disguised with marks, emoji, full-width or look-alike letters is still an opt-out")
  void disguisedStop() {
    long seed = Hostile.seed();
    Hostile h = new Hostile(seed);
    Figures figures = new Figures("fuzz/disguised-opt-outs");
    long started = System.currentTimeMillis();
    for (int i = 0; i < Hostile.inputs(5_000); i++) {
      String word = h.pick(OPT_OUTS);
      String body = h.disguise(word);
      Intent intent = CLASSIFIER.classify(body).intent();
      figures.inc("inputs");
      if (!intent.isOptOut()) {
        figures.inc("missedOptOuts");
      }
      assertThat(intent.isOptOut()).as("seed %s: %s disguised as [%s] (%s)", seed, word, body,
          body.codePoints().mapToObj(Integer::toHexString).toList()).isTrue();
    }
    figures.add("missedOptOuts", 0);
    figures.print(System.currentTimeMillis() - started);
  }

  @Test
  @DisplayName("the inbound handler takes any body, id and sender: a result or a typed rejection, never an opt-in from an unauthenticated webhook")
  void inboundHandler() {
    long seed = Hostile.seed();
    Hostile h = new Hostile(seed);
    Figures figures = new Figures("fuzz/inbound");
    long started = System.currentTimeMillis();
    MutableClock clock = MutableClock.at("2026-03-02T16:00:00Z");
    ConsentKit kit = ConsentKit.builder().store(new InMemoryConsentStore()).carrier(new RecordingCarrier())
        .clock(clock).purposes(Purpose.marketing(Model.M, "Offers", ModelRun.DEALS, null))
        .notices(new Notice(Model.M, "v1", "en", "Yes, text me offers.")).build();
    PhoneNumber from = PhoneNumber.parse("+12125550123");
    for (int i = 0; i < Hostile.inputs(5_000); i++) {
      boolean authenticated = h.nextBoolean();
      String to = h.nextInt(3) == 0 ? h.text(40) : Model.S1;
      String id = h.nextInt(5) == 0 ? h.text(140) : "SM" + i;
      String body = h.nextInt(4) == 0 ? h.disguise(h.pick(List.of("YES", "START", "JOIN", "STOP", "HELP"))) : h.text(1700);
      CarrierAction action = CarrierAction.values()[h.nextInt(CarrierAction.values().length)];
      InboundMessage m;
      try {
        m = new InboundMessage("twilio", id, from, to, body, clock.instant(), authenticated, action, null);
      } catch (InvalidInputException typed) {
        figures.inc("rejectedAtConstruction");
        figures.inc("inputs");
        continue;
      }
      InboundResult r = kit.inbound().handle(m);
      figures.inc("inputs");
      if (!authenticated) {
        assertThat(r).as("seed %s input %s: unauthenticated [%s]", seed, i, body)
            .isNotInstanceOfAny(InboundResult.OptedIn.class, InboundResult.Confirmed.class,
                InboundResult.OptInRequested.class);
      }
      if (h.nextInt(50) == 0) {
        kit.doubleOptIn().start(dev.consent.WebOptIn.of(from, Model.M, "v1"));
      }
      clock.advance(java.time.Duration.ofSeconds(7));
    }
    assertThat(kit.registry().verify(from).isIntact()).isTrue();
    figures.print(System.currentTimeMillis() - started);
  }
}
