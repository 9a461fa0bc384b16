package dev.consent.internal;

import dev.consent.Channel;
import dev.consent.ConsentMethod;
import dev.consent.ConsentState;
import dev.consent.EventKind;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.LogText;
import dev.consent.MessageClass;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.ReviewDeadlines;
import dev.consent.ReviewDecision;
import dev.consent.ReviewItem;
import dev.consent.ReviewOutcome;
import dev.consent.ReviewQueue;
import dev.consent.ReviewResolution;
import dev.consent.ReviewSettings;
import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import dev.consent.policy.Intent;
import dev.consent.policy.KeywordClassifier;
import dev.consent.spi.ReviewStore;
import dev.consent.spi.ReviewSummary;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The review queue: unclear replies are queued with a deadline; a person, the subscriber's next clear
 * answer or the deadline resolves them. Resolutions are the store's compare-and-set; an opt-out's
 * withdrawals carry idempotency keys built from the item id, so a resolution whose withdrawals failed
 * half-way is completed by the next attempt. A "not an opt-out" decision writes no ledger event: the
 * ledger records changes of consent, and a decision that changes none is kept (with who and when) on
 * the item itself. Thread-safe. Not API.
 */
public final class Reviews implements ReviewQueue {
  private static final Logger log = LoggerFactory.getLogger(Reviews.class);
  private static final int MAX_PAGE = 1000;
  /** Answers "no" to the clarification question ("Do you want to stop receiving messages?"). */
  private static final Set<String> NO = Set.of("NO", "NON", "NEIN", "NAO", "NÃO", "NIE", "NEE", "НЕТ", "NEJ", "NEI");

  private final KitContext ctx;
  private final LedgerWriter ledger;
  private final DefaultDoubleOptIn optIn;
  private final ReviewStore store;
  private final ReviewSettings settings;

  public Reviews(KitContext ctx, LedgerWriter ledger, DefaultDoubleOptIn optIn, ReviewStore store, ReviewSettings settings) {
    this.ctx = ctx;
    this.ledger = ledger;
    this.optIn = optIn;
    this.store = store;
    this.settings = settings;
  }

  // ---- from inbound handling

  /** Queues an unclear reply (once per carrier message id). */
  void enqueue(InboundMessage m, @Nullable Program program, String language, boolean clarificationSent) {
    Instant now = ledger.now();
    Instant received = m.receivedAt().isAfter(now) ? now : m.receivedAt();
    String body = m.body().length() <= ReviewItem.MAX_TEXT ? m.body() : m.body().substring(0, ReviewItem.MAX_TEXT);
    ReviewItem item = new ReviewItem(ctx.tenant(), itemId(m), ctx.store().subjectRef(ctx.tenant(), m.from()), m.from(),
        body, program == null ? null : program.id(), m.to(), m.carrier(), m.messageId(), "UNCLEAR/" + language,
        clarificationSent, received, settings.deadline(received), null);
    boolean added = store.enqueueReview(item);
    log.info("unclear reply {} from {} {} for review as {} (deadline {})", LogText.safe(m.messageId()),
        m.from().masked(), added ? "queued" : "already queued", item.id(), item.deadline());
  }

  /**
   * After a verified reply was handled: a clear answer from the same number to the same sender
   * resolves its open items. STOP (already applied) and START or a restoring YES resolve them; a bare
   * YES or NO answers the clarification question ("do you want to stop?") where it was sent.
   */
  void answered(InboundMessage m, InboundResult result) {
    Answer answer = answer(m, result);
    if (answer == null) {
      return;
    }
    List<ReviewItem> open = store.openReviewsOf(ctx.tenant(), ctx.store().subjectRef(ctx.tenant(), m.from()), m.to());
    for (ReviewItem item : open) {
      if (answer.toQuestion && !item.clarificationSent()) {
        continue; // a bare YES/NO answers a question only where one was asked
      }
      ReviewResolution r = new ReviewResolution(answer.decision, ReviewResolution.Source.CLARIFICATION_REPLY,
          clip("reply:" + m.messageId()), ledger.now());
      if (store.resolveReview(ctx.tenant(), item.id(), r)) {
        if (answer.decision == ReviewDecision.NOT_OPT_OUT || answer.toQuestion) {
          record(item.withResolution(r)); // a STOP applied itself; a YES to "do you want to stop?" did not
        }
        log.info("review item {} resolved by reply {}: {}", LogText.safe(item.id()), LogText.safe(m.messageId()),
            answer.decision);
      }
    }
  }

  /** A reply's answer to open items; {@code toQuestion}: it only means something as an answer to the clarification. */
  private record Answer(ReviewDecision decision, boolean toQuestion) {}

  private @Nullable Answer answer(InboundMessage m, InboundResult result) {
    if (result instanceof InboundResult.OptedOut) {
      return new Answer(ReviewDecision.OPT_OUT, false);
    }
    if (result instanceof InboundResult.OptedIn) {
      return new Answer(ReviewDecision.NOT_OPT_OUT, false);
    }
    if (!(result instanceof InboundResult.Ignored) || m.body().length() > 16) {
      return null; // a confirmed double opt-in, HELP or another unclear reply decides nothing
    }
    if (NO.contains(KeywordClassifier.normalize(m.body()).toUpperCase(Locale.ROOT))) {
      return new Answer(ReviewDecision.NOT_OPT_OUT, true);
    }
    return switch (ctx.keywords().classify(m.body()).intent()) {
      case OPT_IN -> new Answer(ReviewDecision.NOT_OPT_OUT, false); // START with nothing to restore
      case CONFIRM -> new Answer(ReviewDecision.OPT_OUT, true); // YES with nothing pending
      default -> null;
    };
  }

  // ---- the host's API

  @Override
  public List<ReviewItem> open(int limit) {
    return store.openReviews(ctx.tenant(), null, null, page(limit));
  }

  @Override
  public List<ReviewItem> openAfter(ReviewItem last, int limit) {
    Checks.notNull(last, "last item");
    return store.openReviews(ctx.tenant(), last.receivedAt(), last.id(), page(limit));
  }

  @Override
  public Optional<ReviewItem> item(String itemId) {
    return store.reviewItem(ctx.tenant(), Checks.maxLength(Checks.notBlank(itemId, "item id"), 64, "item id"));
  }

  @Override
  public ReviewOutcome resolve(String itemId, ReviewDecision decision, String decidedBy) {
    Checks.maxLength(Checks.notBlank(itemId, "item id"), 64, "item id");
    Checks.notNull(decision, "decision");
    Checks.maxLength(Checks.notBlank(decidedBy, "decidedBy"), 128, "decidedBy");
    if (decidedBy.chars().filter(Character::isDigit).count() >= 7) {
      throw new InvalidInputException("decidedBy must name a person of the host's staff, not hold a phone number");
    }
    Optional<ReviewItem> found = store.reviewItem(ctx.tenant(), itemId);
    if (found.isEmpty()) {
      return new ReviewOutcome.Unknown(itemId);
    }
    ReviewResolution r = new ReviewResolution(decision, ReviewResolution.Source.PERSON, decidedBy, ledger.now());
    if (store.resolveReview(ctx.tenant(), itemId, r)) {
      ReviewItem resolved = found.get().withResolution(r);
      record(resolved);
      log.info("review item {} resolved by a person: {}", LogText.safe(itemId), decision);
      return new ReviewOutcome.Resolved(resolved);
    }
    ReviewItem earlier = store.reviewItem(ctx.tenant(), itemId).orElseThrow();
    if (earlier.resolution() != null && earlier.resolution().source() != ReviewResolution.Source.CLARIFICATION_REPLY) {
      record(earlier); // idempotent: completes what an earlier attempt may have left half-done
    }
    return new ReviewOutcome.AlreadyResolved(earlier);
  }

  @Override
  public ReviewDeadlines applyDeadlines() {
    Instant now = ledger.now();
    List<ReviewItem> overdue = store.overdueReviews(ctx.tenant(), now, settings.batch());
    if (!settings.withdrawAtDeadline()) {
      if (!overdue.isEmpty()) {
        log.warn("{} review item(s) are past their deadline and left open as configured", overdue.size());
      }
      return new ReviewDeadlines(0, overdue.size(), overdue.size() >= settings.batch());
    }
    int withdrawn = 0;
    for (ReviewItem item : overdue) {
      ReviewResolution r = new ReviewResolution(ReviewDecision.OPT_OUT, ReviewResolution.Source.DEADLINE, "deadline", now);
      if (store.resolveReview(ctx.tenant(), item.id(), r)) {
        record(item.withResolution(r));
        withdrawn++;
      }
    }
    if (withdrawn > 0) {
      log.warn("{} review item(s) were still open at their deadline: consent withdrawn (fail closed)", withdrawn);
    }
    return new ReviewDeadlines(withdrawn, 0, overdue.size() >= settings.batch());
  }

  @Override
  public long openCount() {
    return store.reviewSummary(ctx.tenant()).open();
  }

  @Override
  public Duration oldestOpenAge() {
    ReviewSummary s = store.reviewSummary(ctx.tenant());
    if (s.oldestReceivedAt() == null) {
      return Duration.ZERO;
    }
    Duration age = Duration.between(s.oldestReceivedAt(), ledger.now());
    return age.isNegative() ? Duration.ZERO : age;
  }

  // ---- effects

  /**
   * Records a resolved item's decision in the ledger for the purposes a STOP to its sender would
   * withdraw (its program's, else every marketing purpose): an opt-out withdraws them; "not an
   * opt-out" appends a REVIEWED event to each that has a status, which changes none. Idempotent (one
   * key per item and purpose).
   */
  private void record(ReviewItem item) {
    ReviewResolution r = item.resolution();
    boolean optOut = r.decision() == ReviewDecision.OPT_OUT;
    Program program = item.programId() == null ? null : ctx.programs().get(item.programId());
    boolean person = r.source() == ReviewResolution.Source.PERSON;
    Map<String, String> evidence = new TreeMap<>();
    evidence.put("reviewItemId", item.id());
    evidence.put("reviewDecidedBy", r.decidedBy());
    evidence.put("reviewDecidedAt", r.decidedAt().toString());
    evidence.put("reviewSource", r.source().name());
    evidence.put("inboundMessageId", item.inboundMessageId());
    evidence.put("carrier", item.carrier());
    evidence.put("to", item.sender());
    for (Purpose p : ctx.purposes().values()) {
      boolean inScope = program != null ? p.program().id().equals(program.id())
          : p.messageClass() == MessageClass.MARKETING;
      boolean held = optOut || ctx.store().status(ctx.tenant(), item.number(), p.id()).state() != ConsentState.NONE;
      if (inScope && held) {
        ledger.append(LedgerEntry.of(item.number(), p.id(), optOut ? EventKind.WITHDRAWN : EventKind.REVIEWED,
                person ? ConsentMethod.MANUAL_REVIEW : ConsentMethod.SYSTEM, Channel.SMS)
            .evidence(evidence).at(r.decidedAt()).key("review:" + item.id() + ":" + p.id()));
      }
    }
    if (optOut) {
      optIn.closeAll(item.number());
    }
  }

  private static String itemId(InboundMessage m) {
    return UUID.nameUUIDFromBytes(("review\u0000" + m.carrier() + "\u0000" + m.messageId())
        .getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static int page(int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new InvalidInputException("limit must be between 1 and " + MAX_PAGE);
    }
    return limit;
  }

  private static String clip(String s) {
    return s.length() <= 128 ? s : s.substring(0, 128);
  }
}
