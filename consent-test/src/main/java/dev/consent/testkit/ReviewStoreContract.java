package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentState;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.ReviewDecision;
import dev.consent.ReviewItem;
import dev.consent.ReviewOutcome;
import dev.consent.ReviewResolution;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import dev.consent.spi.PurgeResult;
import dev.consent.spi.ReviewStore;
import dev.consent.spi.ReviewSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * The {@link ReviewStore} contract: one item per (tenant, id), number and text read back exactly,
 * open items oldest first and paged, resolution a compare-and-set with one winner under races, overdue
 * items by deadline, the open count and oldest age, tenants apart; and through a kit, an unclear reply
 * is queued and a person's opt-out stops marketing. A store's test extends this class.
 */
public abstract class ReviewStoreContract extends KitScenario {
  /** The store under test as a review store (usually the same object as {@link #store()}). */
  protected abstract ReviewStore reviewStore();

  protected String tenant;
  private final Instant t0 = MONDAY_11_NY;

  @BeforeEach
  void newTenant() {
    tenant = "r-" + UUID.randomUUID().toString().substring(0, 12);
  }

  protected ReviewItem item(String id, PhoneNumber number, String text, Instant received, Instant deadline) {
    return new ReviewItem(tenant, id, store().subjectRef(tenant, number), number, text, "deals", SENDER, "twilio",
        "SM-" + id, "UNCLEAR/en", true, received, deadline, null);
  }

  private ReviewResolution person(ReviewDecision d, String who) {
    return new ReviewResolution(d, ReviewResolution.Source.PERSON, who, t0.plusSeconds(600));
  }

  @Nested
  @DisplayName("queueing")
  class Queueing {
    @Test
    @DisplayName("keeps an item once per id and reads number, text and fields back exactly")
    void once() {
      String text = "stop by the store?! 🛑 مرحبا — こんにちは";
      ReviewItem a = item("i1", NY, text, t0, t0.plus(Duration.ofDays(14)));
      assertThat(reviewStore().enqueueReview(a)).isTrue();
      assertThat(reviewStore().enqueueReview(item("i1", MIAMI, "other", t0, t0.plusSeconds(60)))).isFalse();
      ReviewItem back = reviewStore().reviewItem(tenant, "i1").orElseThrow();
      assertThat(back).isEqualTo(a);
      assertThat(back.number()).isEqualTo(NY);
      assertThat(back.text()).isEqualTo(text);
      assertThat(back.isOpen()).isTrue();
      assertThat(reviewStore().reviewItem(tenant, "nope")).isEmpty();
    }

    @Test
    @DisplayName("keeps tenants apart")
    void tenants() {
      reviewStore().enqueueReview(item("i1", NY, "hm stop?", t0, t0.plusSeconds(60)));
      String other = tenant + "x";
      assertThat(reviewStore().reviewItem(other, "i1")).isEmpty();
      assertThat(reviewStore().openReviews(other, null, null, 10)).isEmpty();
      assertThat(reviewStore().reviewSummary(other).open()).isZero();
      assertThat(reviewStore().resolveReview(other, "i1", person(ReviewDecision.OPT_OUT, "a"))).isFalse();
      assertThat(reviewStore().overdueReviews(other, t0.plusSeconds(61), 10)).isEmpty();
      assertThat(reviewStore().reviewItem(tenant, "i1").orElseThrow().isOpen()).isTrue();
    }
  }

  @Nested
  @DisplayName("retention")
  class Retention {
    private ReviewResolution at(Instant when) {
      return new ReviewResolution(ReviewDecision.NOT_OPT_OUT, ReviewResolution.Source.PERSON, "ann", when);
    }

    @Test
    @DisplayName("purgeResolved deletes resolved items decided before the cut-off, oldest first, in batches;"
        + " never an open item, nothing of another tenant")
    void purge() {
      for (String id : List.of("a", "b", "c", "d", "open")) {
        reviewStore().enqueueReview(item(id, NY, "hm " + id, t0, t0.plus(Duration.ofDays(30))));
      }
      reviewStore().resolveReview(tenant, "c", at(t0.plusSeconds(30)));
      reviewStore().resolveReview(tenant, "a", at(t0.plusSeconds(10)));
      reviewStore().resolveReview(tenant, "b", at(t0.plusSeconds(20)));
      reviewStore().resolveReview(tenant, "d", at(t0.plusSeconds(100)));
      Instant cutoff = t0.plusSeconds(100);

      assertThat(reviewStore().purgeResolved(tenant + "x", cutoff, 10)).isEqualTo(new PurgeResult(0, false));
      assertThat(reviewStore().purgeResolved(tenant, cutoff, 2)).isEqualTo(new PurgeResult(2, true));
      assertThat(reviewStore().reviewItem(tenant, "a")).isEmpty();
      assertThat(reviewStore().reviewItem(tenant, "b")).isEmpty();
      assertThat(reviewStore().reviewItem(tenant, "c")).isPresent();
      assertThat(reviewStore().purgeResolved(tenant, cutoff, 2)).isEqualTo(new PurgeResult(1, false));
      assertThat(reviewStore().purgeResolved(tenant, cutoff, 2)).isEqualTo(new PurgeResult(0, false));
      assertThat(reviewStore().reviewItem(tenant, "d")).as("decided at the cut-off: kept").isPresent();
      assertThat(reviewStore().reviewItem(tenant, "open")).isPresent();
      assertThat(reviewStore().purgeResolved(tenant, t0.plus(Duration.ofDays(3650)), 10))
          .isEqualTo(new PurgeResult(1, false));
      assertThat(ids(reviewStore().openReviews(tenant, null, null, 10))).containsExactly("open");
      assertThatThrownBy(() -> reviewStore().purgeResolved(tenant, cutoff, 0))
          .isInstanceOf(dev.consent.error.InvalidInputException.class);
    }

    @Test
    @DisplayName("the kit's applyRetention() deletes items resolved longer ago than the policy's period and"
        + " reports them")
    void throughKit() {
      MutableClock clock = MutableClock.at(t0);
      ConsentKit kit = ConsentKit.builder().tenant(tenant).store(store()).reviewStore(reviewStore())
          .carrier(new RecordingCarrier()).clock(clock).purposes(MARKETING_PURPOSE, ORDERS_PURPOSE)
          .notices(NOTICE).retention(dev.consent.RetentionPolicy.defaults().withReviewItems(Duration.ofDays(7)))
          .build();
      reviewStore().enqueueReview(item("old", NY, "hm", t0, t0.plus(Duration.ofDays(30))));
      reviewStore().enqueueReview(item("open", MIAMI, "hm", t0, t0.plus(Duration.ofDays(30))));
      reviewStore().resolveReview(tenant, "old", at(t0));
      clock.advance(Duration.ofDays(8));

      dev.consent.RetentionReport report = kit.applyRetention();

      assertThat(report.entries()).filteredOn(e -> e.type() == dev.consent.RecordType.REVIEW_ITEMS)
          .singleElement().satisfies(e -> assertThat(e.done()).isEqualTo(1));
      assertThat(reviewStore().reviewItem(tenant, "old")).isEmpty();
      assertThat(reviewStore().reviewItem(tenant, "open")).isPresent();
    }
  }

  @Nested
  @DisplayName("erasure")
  class Erasure {
    @Test
    @DisplayName("deletes every item of the subject, open or resolved, and no other subject's")
    void erase() {
      reviewStore().enqueueReview(item("a", NY, "x", t0, t0.plusSeconds(100)));
      reviewStore().enqueueReview(item("b", NY, "x", t0, t0.plusSeconds(100)));
      reviewStore().enqueueReview(item("c", MIAMI, "x", t0, t0.plusSeconds(100)));
      reviewStore().resolveReview(tenant, "b", person(ReviewDecision.NOT_OPT_OUT, "ann"));
      assertThat(reviewStore().eraseReviews(tenant + "x", store().subjectRef(tenant, NY))).isZero();
      assertThat(reviewStore().eraseReviews(tenant, store().subjectRef(tenant, NY))).isEqualTo(2);
      assertThat(reviewStore().reviewItem(tenant, "a")).isEmpty();
      assertThat(reviewStore().reviewItem(tenant, "b")).isEmpty();
      assertThat(ids(reviewStore().openReviews(tenant, null, null, 10))).containsExactly("c");
    }

    @Test
    @DisplayName("the registry's erase() deletes the subject's review items")
    void throughRegistry() {
      ConsentKit kit = ConsentKit.builder().tenant(tenant).store(store()).reviewStore(reviewStore())
          .carrier(new RecordingCarrier()).clock(MutableClock.at(t0)).purposes(MARKETING_PURPOSE, ORDERS_PURPOSE)
          .notices(NOTICE).build();
      kit.inbound().handle(new InboundMessage("twilio", "SM-e1", NY, SENDER, "can you stop?", t0, true,
          dev.consent.CarrierAction.NONE, null));
      assertThat(kit.reviews().openCount()).isEqualTo(1);
      kit.registry().erase(NY, "subject asked");
      assertThat(kit.reviews().openCount()).isZero();
    }
  }

  @Nested
  @DisplayName("listing")
  class Listing {
    @Test
    @DisplayName("lists open items oldest received first (ties by id), bounded and paged, resolved ones left out")
    void oldestFirst() {
      reviewStore().enqueueReview(item("c", NY, "x", t0.plusSeconds(2), t0.plusSeconds(100)));
      reviewStore().enqueueReview(item("b", NY, "x", t0.plusSeconds(1), t0.plusSeconds(100)));
      reviewStore().enqueueReview(item("a", MIAMI, "x", t0.plusSeconds(1), t0.plusSeconds(100)));
      reviewStore().enqueueReview(item("d", MIAMI, "x", t0, t0.plusSeconds(100)));
      assertThat(ids(reviewStore().openReviews(tenant, null, null, 10))).containsExactly("d", "a", "b", "c");
      List<ReviewItem> first = reviewStore().openReviews(tenant, null, null, 2);
      assertThat(ids(first)).containsExactly("d", "a");
      ReviewItem last = first.get(1);
      assertThat(ids(reviewStore().openReviews(tenant, last.receivedAt(), last.id(), 10))).containsExactly("b", "c");
      assertThat(reviewStore().resolveReview(tenant, "a", person(ReviewDecision.NOT_OPT_OUT, "ann"))).isTrue();
      assertThat(ids(reviewStore().openReviews(tenant, null, null, 10))).containsExactly("d", "b", "c");
      assertThat(ids(reviewStore().openReviewsOf(tenant, store().subjectRef(tenant, NY), SENDER)))
          .containsExactly("b", "c");
      assertThat(reviewStore().openReviewsOf(tenant, store().subjectRef(tenant, NY), "+14155559999")).isEmpty();
    }

    @Test
    @DisplayName("counts open items and gives the oldest one's receive time")
    void summary() {
      assertThat(reviewStore().reviewSummary(tenant)).isEqualTo(new ReviewSummary(0, null));
      reviewStore().enqueueReview(item("a", NY, "x", t0.plusSeconds(5), t0.plusSeconds(100)));
      reviewStore().enqueueReview(item("b", NY, "x", t0, t0.plusSeconds(100)));
      assertThat(reviewStore().reviewSummary(tenant)).isEqualTo(new ReviewSummary(2, t0));
      reviewStore().resolveReview(tenant, "b", person(ReviewDecision.OPT_OUT, "ann"));
      assertThat(reviewStore().reviewSummary(tenant)).isEqualTo(new ReviewSummary(1, t0.plusSeconds(5)));
    }

    @Test
    @DisplayName("gives open items at or past their deadline, earliest deadline first, bounded")
    void overdue() {
      reviewStore().enqueueReview(item("late", NY, "x", t0, t0.plusSeconds(50)));
      reviewStore().enqueueReview(item("early", NY, "x", t0, t0.plusSeconds(10)));
      reviewStore().enqueueReview(item("future", NY, "x", t0, t0.plusSeconds(500)));
      reviewStore().enqueueReview(item("done", NY, "x", t0, t0.plusSeconds(5)));
      reviewStore().resolveReview(tenant, "done", person(ReviewDecision.NOT_OPT_OUT, "ann"));
      assertThat(ids(reviewStore().overdueReviews(tenant, t0.plusSeconds(50), 10))).containsExactly("early", "late");
      assertThat(ids(reviewStore().overdueReviews(tenant, t0.plusSeconds(50), 1))).containsExactly("early");
      assertThat(reviewStore().overdueReviews(tenant, t0.plusSeconds(9), 10)).isEmpty();
    }
  }

  @Nested
  @DisplayName("resolution")
  class Resolution {
    @Test
    @DisplayName("is a compare-and-set: the first wins, a second changes nothing")
    void once() {
      reviewStore().enqueueReview(item("i1", NY, "x", t0, t0.plusSeconds(100)));
      ReviewResolution ann = person(ReviewDecision.OPT_OUT, "ann");
      assertThat(reviewStore().resolveReview(tenant, "i1", ann)).isTrue();
      assertThat(reviewStore().resolveReview(tenant, "i1", person(ReviewDecision.NOT_OPT_OUT, "bob"))).isFalse();
      assertThat(reviewStore().reviewItem(tenant, "i1").orElseThrow().resolution()).isEqualTo(ann);
      assertThat(reviewStore().resolveReview(tenant, "unknown", ann)).isFalse();
    }

    @Test
    @DisplayName("under concurrent resolutions exactly one caller wins, and its decision is the one kept")
    void race() throws Exception {
      reviewStore().enqueueReview(item("i1", NY, "x", t0, t0.plusSeconds(100)));
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          ReviewDecision d = i % 2 == 0 ? ReviewDecision.OPT_OUT : ReviewDecision.NOT_OPT_OUT;
          String who = "agent-" + i;
          calls.add(() -> reviewStore().resolveReview(tenant, "i1", person(d, who)));
        }
        List<Integer> winners = new ArrayList<>();
        List<Future<Boolean>> results = pool.invokeAll(calls);
        for (int i = 0; i < results.size(); i++) {
          if (results.get(i).get()) {
            winners.add(i);
          }
        }
        assertThat(winners).hasSize(1);
        ReviewResolution kept = reviewStore().reviewItem(tenant, "i1").orElseThrow().resolution();
        assertThat(kept.decidedBy()).isEqualTo("agent-" + winners.get(0));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Nested
  @DisplayName("through a kit")
  class ThroughAKit {
    @Test
    @DisplayName("an unclear reply is queued; a person's opt-out withdraws consent and the gate denies")
    void unclearToOptOut() {
      MutableClock clock = MutableClock.at(t0);
      ConsentKit kit = ConsentKit.builder().tenant(tenant).store(store()).reviewStore(reviewStore())
          .carrier(new RecordingCarrier()).clock(clock).purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE)
          .build();
      kit.doubleOptIn().start(dev.consent.WebOptIn.of(NY, MARKETING, "v1"));
      assertThat(kit.inbound().handle(new InboundMessage("twilio", "SM-k0", NY, SENDER, "YES", clock.instant(), true,
          dev.consent.CarrierAction.NONE, null))).isInstanceOf(InboundResult.Confirmed.class);
      assertThat(kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.GRANTED);
      clock.advance(Duration.ofMinutes(1));
      InboundResult r = kit.inbound().handle(new InboundMessage("twilio", "SM-k1", NY, SENDER, "can you stop?",
          clock.instant(), true, dev.consent.CarrierAction.NONE, null));
      assertThat(r).isInstanceOf(InboundResult.Unclear.class);
      List<ReviewItem> open = kit.reviews().open(10);
      assertThat(open).singleElement().satisfies(i -> {
        assertThat(i.number()).isEqualTo(NY);
        assertThat(i.text()).isEqualTo("can you stop?");
      });
      clock.advance(Duration.ofHours(1));
      assertThat(kit.reviews().oldestOpenAge()).isEqualTo(Duration.ofHours(1));
      ReviewOutcome o = kit.reviews().resolve(open.get(0).id(), ReviewDecision.OPT_OUT, "agent-7");
      assertThat(o).isInstanceOf(ReviewOutcome.Resolved.class);
      assertThat(kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(kit.gate().check(OutboundMessage.of(NY, MARKETING, "Sale!")).isAllowed()).isFalse();
      assertThat(kit.reviews().openCount()).isZero();
    }
  }

  private static List<String> ids(List<ReviewItem> items) {
    return items.stream().map(ReviewItem::id).toList();
  }
}
