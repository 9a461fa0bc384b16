package dev.consent;

import static dev.consent.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.InvalidInputException;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import dev.consent.testkit.LogCheck;
import dev.consent.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LogCheck.class)
@DisplayName("ReviewQueue")
class ReviewQueueTest {
  private static final String UNCLEAR = "can you stop?";
  /** Monday 2 March 2026, 16:00 UTC. */
  private static final Instant MONDAY = MONDAY_11_NY;
  /** Friday 6 March 2026, 16:00 UTC. */
  private static final Instant FRIDAY = Instant.parse("2026-03-06T16:00:00Z");

  private final InMemoryConsentStore store = new InMemoryConsentStore();
  private final MutableClock clock = MutableClock.at(MONDAY);
  private final RecordingCarrier carrier = new RecordingCarrier();
  private final AtomicLong ids = new AtomicLong();
  private ConsentKit kit = kit(ReviewSettings.fcc());

  private ConsentKit kit(ReviewSettings settings) {
    return ConsentKit.builder().store(store).carrier(carrier).clock(clock)
        .purposes(MARKETING_PURPOSE, NEWS_PURPOSE, ORDERS_PURPOSE).notices(MARKETING_NOTICE, NEWS_NOTICE)
        .reviews(settings).build();
  }

  private InboundResult reply(String to, String body) {
    return kit.inbound().handle(new InboundMessage("twilio", "SM" + ids.incrementAndGet(), NY, to, body,
        clock.instant(), true, CarrierAction.NONE, null));
  }

  private void optIn() {
    kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1"));
    assertThat(reply(DEALS_SENDER, "YES")).isInstanceOf(InboundResult.Confirmed.class);
  }

  private ReviewItem unclear() {
    LogCheck.hold(UNCLEAR);
    optIn();
    assertThat(reply(DEALS_SENDER, UNCLEAR)).isInstanceOf(InboundResult.Unclear.class);
    return kit.reviews().open(10).get(0);
  }

  private boolean allowed() {
    return kit.gate().check(OutboundMessage.of(NY, MARKETING, "Sale today")).isAllowed();
  }

  private ConsentState marketing() {
    return kit.registry().status(NY, MARKETING).state();
  }

  @Nested
  @DisplayName("queueing")
  class Queueing {
    @Test
    @DisplayName("every unclear reply is queued once, with the number, the text, the program and a deadline")
    void queued() {
      optIn();
      InboundMessage m = new InboundMessage("twilio", "SM-u1", NY, DEALS_SENDER, UNCLEAR, clock.instant(), true,
          CarrierAction.NONE, null);
      LogCheck.hold(UNCLEAR);
      assertThat(kit.inbound().handle(m)).isEqualTo(new InboundResult.Unclear(true));
      assertThat(kit.inbound().handle(m)).isInstanceOf(InboundResult.Duplicate.class);
      assertThat(kit.reviews().open(10)).singleElement().satisfies(i -> {
        assertThat(i.number()).isEqualTo(NY);
        assertThat(i.text()).isEqualTo(UNCLEAR);
        assertThat(i.programId()).isEqualTo("deals");
        assertThat(i.sender()).isEqualTo(DEALS_SENDER);
        assertThat(i.inboundMessageId()).isEqualTo("SM-u1");
        assertThat(i.clarificationSent()).isTrue();
        assertThat(i.receivedAt()).isEqualTo(MONDAY);
        assertThat(i.deadline()).isEqualTo(Instant.parse("2026-03-16T16:00:00Z"));
        assertThat(i.toString()).doesNotContain(NY.e164()).doesNotContain(UNCLEAR);
      });
      assertThat(reply(DEALS_SENDER, UNCLEAR)).isEqualTo(new InboundResult.Unclear(false));
      assertThat(kit.reviews().openCount()).isEqualTo(2);
      assertThat(kit.reviews().open(10).get(1).clarificationSent()).isFalse();
      assertThat(marketing()).isEqualTo(ConsentState.GRANTED);
    }

    @Test
    @DisplayName("an unclear reply to a number no program sends from is queued too, without a program")
    void unknownSender() {
      LogCheck.hold(UNCLEAR);
      assertThat(reply("+14155559999", UNCLEAR)).isEqualTo(new InboundResult.Unclear(false));
      assertThat(kit.reviews().open(10)).singleElement().satisfies(i -> assertThat(i.programId()).isNull());
    }

    @Test
    @DisplayName("the oldest open item's age is visible, and pages follow each other oldest first")
    void ageAndPages() {
      assertThat(kit.reviews().oldestOpenAge()).isEqualTo(Duration.ZERO);
      LogCheck.hold(UNCLEAR);
      for (int i = 0; i < 3; i++) {
        reply(DEALS_SENDER, UNCLEAR);
        clock.advance(Duration.ofMinutes(10));
      }
      assertThat(kit.reviews().oldestOpenAge()).isEqualTo(Duration.ofMinutes(30));
      List<ReviewItem> first = kit.reviews().open(2);
      List<ReviewItem> rest = kit.reviews().openAfter(first.get(1), 2);
      assertThat(first).extracting(ReviewItem::inboundMessageId).containsExactly("SM1", "SM2");
      assertThat(rest).extracting(ReviewItem::inboundMessageId).containsExactly("SM3");
    }
  }

  @Nested
  @DisplayName("a person's decision")
  class Decision {
    @Test
    @DisplayName("opt-out withdraws consent like a STOP, records who decided in the ledger, and the gate denies")
    void optOut() {
      ReviewItem item = unclear();
      clock.advance(Duration.ofHours(2));
      ReviewOutcome o = kit.reviews().resolve(item.id(), ReviewDecision.OPT_OUT, "agent-7");
      assertThat(o).isInstanceOf(ReviewOutcome.Resolved.class);
      ReviewResolution r = ((ReviewOutcome.Resolved) o).item().resolution();
      assertThat(r).isEqualTo(new ReviewResolution(ReviewDecision.OPT_OUT, ReviewResolution.Source.PERSON, "agent-7",
          clock.instant()));
      assertThat(marketing()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(allowed()).isFalse();
      ConsentEvent last = kit.registry().history(NY).stream().filter(e -> e.purposeId().equals(MARKETING))
          .reduce((a, b) -> b).orElseThrow();
      assertThat(last.kind()).isEqualTo(EventKind.WITHDRAWN);
      assertThat(last.method()).isEqualTo(ConsentMethod.MANUAL_REVIEW);
      assertThat(last.evidence()).containsEntry("reviewDecidedBy", "agent-7").containsEntry("reviewItemId", item.id())
          .containsEntry("reviewDecidedAt", clock.instant().toString()).doesNotContainValue(UNCLEAR);
      assertThat(kit.reviews().openCount()).isZero();
      assertThat(kit.reviews().item(item.id()).orElseThrow().resolution()).isEqualTo(r);
    }

    @Test
    @DisplayName("not an opt-out leaves consent and the gate as they were; the decision is in the ledger as a"
        + " REVIEWED event with who decided and when")
    void notOptOut() {
      ReviewItem item = unclear();
      int events = kit.registry().history(NY).size();
      ReviewOutcome o = kit.reviews().resolve(item.id(), ReviewDecision.NOT_OPT_OUT, "agent-7");
      assertThat(o).isInstanceOf(ReviewOutcome.Resolved.class);
      assertThat(marketing()).isEqualTo(ConsentState.GRANTED);
      assertThat(allowed()).isTrue();
      List<ConsentEvent> added = kit.registry().history(NY).subList(events, kit.registry().history(NY).size());
      assertThat(added).isNotEmpty().allSatisfy(e -> {
        assertThat(e.kind()).isEqualTo(EventKind.REVIEWED);
        assertThat(e.method()).isEqualTo(ConsentMethod.MANUAL_REVIEW);
        assertThat(e.evidence()).containsEntry("reviewDecidedBy", "agent-7").containsEntry("reviewItemId", item.id())
            .containsEntry("reviewDecidedAt", clock.instant().toString()).doesNotContainValue(UNCLEAR);
      });
      assertThat(added).extracting(ConsentEvent::purposeId).contains(MARKETING);
      kit.reviews().resolve(item.id(), ReviewDecision.OPT_OUT, "agent-8");
      assertThat(kit.registry().history(NY)).as("a second decision appends nothing").hasSize(events + added.size());
      assertThat(kit.reviews().item(item.id()).orElseThrow().resolution().decision())
          .isEqualTo(ReviewDecision.NOT_OPT_OUT);
    }

    @Test
    @DisplayName("a second decision loses and changes nothing; an unknown id is a clear result")
    void once() {
      ReviewItem item = unclear();
      kit.reviews().resolve(item.id(), ReviewDecision.NOT_OPT_OUT, "agent-1");
      ReviewOutcome second = kit.reviews().resolve(item.id(), ReviewDecision.OPT_OUT, "agent-2");
      assertThat(second).isInstanceOf(ReviewOutcome.AlreadyResolved.class);
      assertThat(((ReviewOutcome.AlreadyResolved) second).item().resolution().decidedBy()).isEqualTo("agent-1");
      assertThat(marketing()).isEqualTo(ConsentState.GRANTED);
      assertThat(kit.reviews().resolve("no-such-item", ReviewDecision.OPT_OUT, "agent-2"))
          .isEqualTo(new ReviewOutcome.Unknown("no-such-item"));
    }

    @Test
    @DisplayName("bad input is a typed error and changes nothing")
    void badInput() {
      ReviewItem item = unclear();
      assertThatThrownBy(() -> kit.reviews().resolve(item.id(), ReviewDecision.OPT_OUT, " "))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> kit.reviews().resolve(item.id(), null, "agent"))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> kit.reviews().resolve(item.id(), ReviewDecision.OPT_OUT, NY.e164()))
          .isInstanceOf(InvalidInputException.class).satisfies(LogCheck::thrown);
      assertThatThrownBy(() -> kit.reviews().resolve(item.id(), ReviewDecision.OPT_OUT, "x".repeat(129)))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> kit.reviews().open(0)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> kit.reviews().open(1001)).isInstanceOf(InvalidInputException.class);
      assertThat(kit.reviews().item(item.id()).orElseThrow().isOpen()).isTrue();
      assertThat(marketing()).isEqualTo(ConsentState.GRANTED);
    }

    @Test
    @DisplayName("two instances resolving one item at once: one wins, the other is told, one withdrawal per purpose")
    void race() throws Exception {
      ReviewItem item = unclear();
      ConsentKit other = kit(ReviewSettings.fcc());
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Callable<ReviewOutcome>> calls = new ArrayList<>();
        calls.add(() -> kit.reviews().resolve(item.id(), ReviewDecision.OPT_OUT, "agent-a"));
        calls.add(() -> other.reviews().resolve(item.id(), ReviewDecision.OPT_OUT, "agent-b"));
        List<ReviewOutcome> outcomes = new ArrayList<>();
        for (Future<ReviewOutcome> f : pool.invokeAll(calls)) {
          outcomes.add(f.get());
        }
        assertThat(outcomes).filteredOn(o -> o instanceof ReviewOutcome.Resolved).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof ReviewOutcome.AlreadyResolved).hasSize(1);
      } finally {
        pool.shutdownNow();
      }
      assertThat(kit.registry().history(NY)).filteredOn(e -> e.method() == ConsentMethod.MANUAL_REVIEW
          && e.purposeId().equals(MARKETING)).hasSize(1);
      assertThat(allowed()).isFalse();
    }
  }

  @Nested
  @DisplayName("deadline")
  class Deadline {
    @Test
    @DisplayName("10 business days skip the weekends: Friday to the Friday two weeks on; Saturday counts from Monday")
    void businessDays() {
      ReviewSettings fcc = ReviewSettings.fcc();
      assertThat(fcc.deadline(FRIDAY)).isEqualTo(Instant.parse("2026-03-20T16:00:00Z"));
      assertThat(fcc.deadline(MONDAY)).isEqualTo(Instant.parse("2026-03-16T16:00:00Z"));
      ReviewSettings one = fcc.withBusinessDays(1, ZoneOffset.UTC);
      assertThat(one.deadline(FRIDAY)).isEqualTo(Instant.parse("2026-03-09T16:00:00Z"));
      assertThat(one.deadline(Instant.parse("2026-03-07T10:00:00Z"))).isEqualTo(Instant.parse("2026-03-09T10:00:00Z"));
      // Friday 20:00 in New York is already Saturday in UTC: the business calendar is the configured zone's
      ReviewSettings ny = fcc.withBusinessDays(1, ZoneId.of("America/New_York"));
      assertThat(ny.deadline(Instant.parse("2026-03-07T01:00:00Z"))).isEqualTo(Instant.parse("2026-03-10T00:00:00Z"));
      assertThat(fcc.withPeriod(Duration.ofDays(3)).deadline(FRIDAY)).isEqualTo(FRIDAY.plus(Duration.ofDays(3)));
      assertThatThrownBy(() -> fcc.withBusinessDays(0, ZoneOffset.UTC)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> fcc.withPeriod(Duration.ZERO)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("an item still open at its deadline withdraws consent by default (fail closed)")
    void failClosed() {
      clock.set(FRIDAY);
      unclear();
      clock.set(Instant.parse("2026-03-20T15:59:59Z"));
      assertThat(kit.reviews().applyDeadlines()).isEqualTo(new ReviewDeadlines(0, 0, false));
      assertThat(allowed()).isTrue();
      clock.set(Instant.parse("2026-03-20T16:00:00Z"));
      assertThat(kit.reviews().applyDeadlines()).isEqualTo(new ReviewDeadlines(1, 0, false));
      assertThat(marketing()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(allowed()).isFalse();
      ReviewItem done = kit.reviews().item(kit.registry().history(NY).get(kit.registry().history(NY).size() - 1)
          .evidence().get("reviewItemId")).orElseThrow();
      assertThat(done.resolution().source()).isEqualTo(ReviewResolution.Source.DEADLINE);
      assertThat(kit.reviews().applyDeadlines()).isEqualTo(new ReviewDeadlines(0, 0, false));
    }

    @Test
    @DisplayName("the host may keep items open at their deadline instead: reported, consent unchanged")
    void keptOpen() {
      kit = kit(ReviewSettings.fcc().keepOpenAtDeadline());
      unclear();
      clock.advance(Duration.ofDays(30));
      assertThat(kit.reviews().applyDeadlines()).isEqualTo(new ReviewDeadlines(0, 1, false));
      assertThat(kit.reviews().openCount()).isEqualTo(1);
      assertThat(allowed()).isTrue();
    }
  }

  @Nested
  @DisplayName("the subscriber's answer")
  class Answer {
    @Test
    @DisplayName("STOP resolves the open item as an opt-out, withdrawn once by the STOP itself")
    void stop() {
      ReviewItem item = unclear();
      assertThat(reply(DEALS_SENDER, "STOP")).isInstanceOf(InboundResult.OptedOut.class);
      ReviewResolution r = kit.reviews().item(item.id()).orElseThrow().resolution();
      assertThat(r.decision()).isEqualTo(ReviewDecision.OPT_OUT);
      assertThat(r.source()).isEqualTo(ReviewResolution.Source.CLARIFICATION_REPLY);
      assertThat(kit.registry().history(NY)).noneMatch(e -> e.evidence().containsKey("reviewItemId"));
      assertThat(allowed()).isFalse();
    }

    @Test
    @DisplayName("YES to \"do you want to stop?\" is an opt-out")
    void yes() {
      ReviewItem item = unclear();
      reply(DEALS_SENDER, "YES");
      assertThat(kit.reviews().item(item.id()).orElseThrow().resolution().decision()).isEqualTo(ReviewDecision.OPT_OUT);
      assertThat(marketing()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(allowed()).isFalse();
    }

    @Test
    @DisplayName("NO, or START, is not an opt-out: consent unchanged")
    void noAndStart() {
      ReviewItem item = unclear();
      reply(DEALS_SENDER, "No");
      assertThat(kit.reviews().item(item.id()).orElseThrow().resolution().decision())
          .isEqualTo(ReviewDecision.NOT_OPT_OUT);
      assertThat(allowed()).isTrue();
      assertThat(kit.registry().history(NY)).filteredOn(e -> e.kind() == EventKind.REVIEWED).isNotEmpty()
          .allSatisfy(e -> assertThat(e.evidence()).containsEntry("reviewSource", "CLARIFICATION_REPLY")
              .containsEntry("reviewItemId", item.id()));
      reply(DEALS_SENDER, UNCLEAR);
      reply(DEALS_SENDER, "START");
      assertThat(kit.reviews().openCount()).isZero();
      assertThat(allowed()).isTrue();
    }

    @Test
    @DisplayName("a YES or a reply to another sender leaves the item to a person")
    void otherwise() {
      ReviewItem item = unclear();
      reply(NEWS_SENDER, "STOP");
      assertThat(kit.reviews().item(item.id()).orElseThrow().isOpen()).isTrue();
      reply(DEALS_SENDER, UNCLEAR); // second unclear reply: no clarification sent for it
      kit.reviews().resolve(item.id(), ReviewDecision.NOT_OPT_OUT, "agent-1");
      reply(DEALS_SENDER, "YES");
      assertThat(kit.reviews().openCount()).isEqualTo(1);
      assertThat(allowed()).isTrue();
    }
  }
}
