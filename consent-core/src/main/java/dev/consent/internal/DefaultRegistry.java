package dev.consent.internal;

import dev.consent.ChainReport;
import dev.consent.ConsentEvent;
import dev.consent.ConsentMethod;
import dev.consent.ConsentProof;
import dev.consent.ConsentRegistry;
import dev.consent.ConsentState;
import dev.consent.ConsentStatus;
import dev.consent.ErasureResult;
import dev.consent.EventKind;
import dev.consent.GrantRequest;
import dev.consent.ImportRequest;
import dev.consent.Notice;
import dev.consent.PhoneNumber;
import dev.consent.Purpose;
import dev.consent.SubjectExport;
import dev.consent.Suppression;
import dev.consent.SuppressionReason;
import dev.consent.WithdrawRequest;
import dev.consent.error.ConsentPolicyException;
import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import dev.consent.internal.base.Hashing;
import dev.consent.spi.ErasedRecords;
import dev.consent.spi.EventChain;
import dev.consent.spi.StoredChain;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The registry: validated grants, withdrawals, imports, erasure and questions about them. Not API. */
public final class DefaultRegistry implements ConsentRegistry {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DefaultRegistry.class);
  /** Methods that prove the phone itself took part, as double opt-in purposes require. */
  private static final Set<ConsentMethod> FROM_THE_PHONE =
      Set.of(ConsentMethod.SMS_DOUBLE_OPT_IN, ConsentMethod.SMS_KEYWORD);
  private static final int VERIFY_PAGE = 500;

  private final KitContext ctx;
  private final RequestValidator validator;
  private final LedgerWriter ledger;
  private final Receipts receipts;
  private final Checkpoints checkpoints;

  public DefaultRegistry(KitContext ctx, RequestValidator validator, LedgerWriter ledger) {
    this(ctx, validator, ledger, null);
  }

  public DefaultRegistry(KitContext ctx, RequestValidator validator, LedgerWriter ledger,
      dev.consent.@org.jspecify.annotations.Nullable DataController controller) {
    this(ctx, validator, ledger, controller, new Checkpoints(ctx, null, null, null));
  }

  public DefaultRegistry(KitContext ctx, RequestValidator validator, LedgerWriter ledger,
      dev.consent.@org.jspecify.annotations.Nullable DataController controller, Checkpoints checkpoints) {
    this.ctx = ctx;
    this.validator = validator;
    this.ledger = ledger;
    this.receipts = new Receipts(ctx, controller);
    this.checkpoints = checkpoints;
    checkpoints.chains(this::verify);
  }

  @Override
  public ConsentEvent grant(GrantRequest request) {
    validator.check(request, "grant request");
    RequestValidator.sendable(request.number(), "a grant");
    Purpose purpose = ctx.purpose(request.purposeId());
    if (purpose.requiresConsent()) {
      requireProof(purpose, request);
    }
    if (purpose.doubleOptIn() && !FROM_THE_PHONE.contains(request.method())) {
      throw new ConsentPolicyException("purpose '" + purpose.id()
          + "' requires SMS double opt-in: start it with DoubleOptInFlow, or record an SMS keyword or confirmation");
    }
    Instant now = ledger.now();
    if (request.occurredAt() != null && request.occurredAt().isAfter(now)) {
      throw new InvalidInputException("occurredAt is in the future");
    }
    return ledger.append(
        LedgerEntry.of(request.number(), purpose.id(), EventKind.GRANTED, request.method(), request.channel())
        .evidence(request.evidence()).notice(request.noticeVersion()).at(request.occurredAt())
        .key(request.idempotencyKey())).event();
  }

  private void requireProof(Purpose purpose, GrantRequest request) {
    if (request.noticeVersion() == null) {
      throw new ConsentPolicyException("a consent-based grant needs the notice version that was shown");
    }
    if (ctx.notice(purpose.id(), request.noticeVersion()).isEmpty()) {
      throw new ConsentPolicyException("notice version '" + request.noticeVersion() + "' of purpose '" + purpose.id()
          + "' is not configured");
    }
    if (request.evidence().isEmpty()) {
      throw new ConsentPolicyException("a consent-based grant needs evidence (form URL, recording id, message id)");
    }
    if (request.method() == ConsentMethod.CARRIER_REPORT || request.method() == ConsentMethod.SYSTEM) {
      throw new ConsentPolicyException("consent cannot be given by method " + request.method());
    }
  }

  @Override
  public List<ConsentEvent> withdraw(WithdrawRequest request) {
    validator.check(request, "withdraw request");
    List<Purpose> purposes = request.purposeId() == null
        ? List.copyOf(ctx.purposes().values())
        : List.of(ctx.purpose(request.purposeId()));
    List<ConsentEvent> out = new ArrayList<>();
    for (Purpose p : purposes) {
      ConsentState state = ctx.store().status(ctx.tenant(), request.number(), p.id()).state();
      boolean explicit = request.purposeId() != null;
      if (explicit || state == ConsentState.GRANTED || state == ConsentState.PENDING) {
        String key = request.idempotencyKey() == null ? null : request.idempotencyKey() + ":" + p.id();
        out.add(ledger.append(
            LedgerEntry.of(request.number(), p.id(), EventKind.WITHDRAWN, request.method(), request.channel())
            .evidence(request.evidence()).at(request.occurredAt()).key(key)).event());
      }
    }
    return out;
  }

  @Override
  public ConsentEvent importConsent(ImportRequest request) {
    validator.check(request, "import request");
    Purpose purpose = ctx.purpose(request.purposeId());
    if (request.kind() != EventKind.GRANTED && request.kind() != EventKind.WITHDRAWN) {
      throw new InvalidInputException("only GRANTED and WITHDRAWN can be imported");
    }
    if (request.kind() == EventKind.GRANTED) {
      RequestValidator.sendable(request.number(), "an imported grant");
    }
    if (request.originalTime().isAfter(ledger.now())) {
      throw new InvalidInputException("originalTime is in the future");
    }
    if (request.kind() == EventKind.GRANTED && purpose.requiresConsent() && request.noticeVersion() == null
        && request.evidence().isEmpty()) {
      throw new ConsentPolicyException("an imported consent needs its notice version or evidence of what was shown");
    }
    Map<String, String> evidence = new HashMap<>(request.evidence());
    evidence.put("import.source", request.source());
    evidence.put("import.method", request.originalMethod().name());
    String identity = request.source() + "\u0000" + request.number().e164() + "\u0000" + request.purposeId() + "\u0000"
        + request.kind() + "\u0000" + request.originalTime();
    // Before 0.5 the key was an unkeyed SHA-256 (a number could be tested against it): an import
    // repeated across the upgrade is still recognised by it, and new keys are keyed hashes.
    Optional<ConsentEvent> before = ctx.store().eventByIdempotencyKey(ctx.tenant(), "import:" + Hashing.sha256Hex(identity));
    if (before.isPresent()) {
      return before.get();
    }
    String key = "import:k1:" + ctx.store().keyedHash(ctx.tenant(), "import", identity);
    return ledger.append(
        LedgerEntry.of(request.number(), purpose.id(), request.kind(), ConsentMethod.IMPORT, dev.consent.Channel.API)
        .evidence(evidence).notice(request.noticeVersion()).at(request.originalTime()).key(key).asImport()).event();
  }

  @Override
  public ConsentStatus status(PhoneNumber number, String purposeId) {
    Purpose purpose = ctx.purpose(purposeId);
    return effective(ctx.store().status(ctx.tenant(), requireNumber(number), purposeId), purpose);
  }

  @Override
  public List<ConsentStatus> statuses(PhoneNumber number) {
    return ctx.store().statuses(ctx.tenant(), requireNumber(number)).stream()
        .map(s -> ctx.purposes().containsKey(s.purposeId()) ? effective(s, ctx.purpose(s.purposeId())) : s).toList();
  }

  /**
   * The status as the gate sees it: a consent older than its validity (the purpose's or the number's
   * jurisdiction's, whichever is shorter) is EXPIRED since it ran out, though no EXPIRED event is
   * stored yet (retention or a new opt-in records what follows).
   */
  private ConsentStatus effective(ConsentStatus s, Purpose purpose) {
    if (s.state() != ConsentState.GRANTED || !purpose.requiresConsent() || s.grantedAt() == null) {
      return s;
    }
    java.time.Duration validity = DefaultGate.validity(purpose, ctx.policies().jurisdictionFor(s.number()));
    if (s.isValidAt(ledger.now(), validity)) {
      return s;
    }
    return new ConsentStatus(s.tenant(), s.number(), s.purposeId(), ConsentState.EXPIRED, s.grantedAt().plus(validity),
        null, s.noticeVersion(), s.seq());
  }

  @Override
  public List<ConsentEvent> history(PhoneNumber number) {
    return ctx.store().history(ctx.tenant(), requireNumber(number));
  }

  @Override
  public ConsentProof proof(PhoneNumber number, String purposeId) {
    ConsentStatus status = status(number, purposeId);
    List<ConsentEvent> chain = history(number);
    List<ConsentEvent> mine = chain.stream().filter(e -> e.purposeId().equals(purposeId) && e.seq() <= status.seq())
        .toList();
    int end = mine.size() - 1;
    while (end >= 0 && mine.get(end).seq() != status.seq()) {
      end--;
    }
    int start = end;
    for (int i = end; i >= 0; i--) {
      if (mine.get(i).kind() == EventKind.GRANTED) {
        start = i;
        if (i > 0 && mine.get(i - 1).kind() == EventKind.REQUESTED) {
          start = i - 1;
        }
        break;
      }
    }
    List<ConsentEvent> events = end < 0 ? List.of() : mine.subList(Math.max(start, 0), end + 1);
    String noticeVersion = events.stream().filter(e -> e.kind() == EventKind.GRANTED).map(ConsentEvent::noticeVersion)
        .filter(v -> v != null).reduce((a, b) -> b).orElse(status.noticeVersion());
    Notice notice = noticeVersion == null ? null : ctx.store().notice(ctx.tenant(), purposeId, noticeVersion).orElse(null);
    return new ConsentProof(status, events, notice, verify(number));
  }

  @Override
  public List<Suppression> suppressions(PhoneNumber number) {
    return ctx.store().suppressions(ctx.tenant(), requireNumber(number));
  }

  @Override
  public void suppress(PhoneNumber number, String why) {
    Checks.maxLength(Checks.notBlank(why, "reason"), 200, "reason");
    ctx.writes().suppress(new Suppression(ctx.tenant(), requireNumber(number), Suppression.ALL, SuppressionReason.HOST,
        ledger.now(), new TreeMap<>(Map.of("why", why))));
  }

  @Override
  public ChainReport verify(PhoneNumber number) {
    String ref = ctx.store().subjectRef(ctx.tenant(), requireNumber(number));
    StoredChain chain = ctx.store().chain(ctx.tenant(), ref);
    ChainReport r = EventChain.verify(chain);
    List<ChainReport.Break> breaks = new ArrayList<>(r.breaks());
    breaks.addAll(Checkpoints.breaks(chain, checkpoints.anchored(List.of(ref)).get(ref)));
    return new ChainReport(r.numbersChecked(), r.eventsChecked(), breaks.stream()
        .map(b -> new ChainReport.Break(b.subjectRef(), number, b.seq(), b.problem())).toList());
  }

  @Override
  public ChainReport verify() {
    ChainReport report = new ChainReport(0, 0, List.of());
    String after = null;
    while (true) {
      List<String> page = ctx.store().subjectRefs(ctx.tenant(), after, VERIFY_PAGE);
      Map<String, dev.consent.spi.AnchoredHead> anchored = checkpoints.anchored(page);
      for (String ref : page) {
        StoredChain chain = ctx.store().chain(ctx.tenant(), ref);
        ChainReport one = EventChain.verify(chain);
        List<ChainReport.Break> anchorBreaks = Checkpoints.breaks(chain, anchored.get(ref));
        report = report.plus(anchorBreaks.isEmpty() ? one : one.plus(new ChainReport(0, 0, anchorBreaks)));
      }
      if (page.size() < VERIFY_PAGE) {
        return report.plus(checkpoints.verifyCheckpoints());
      }
      after = page.get(page.size() - 1);
    }
  }

  /** Where erasure also deletes the subject's review items (set once at build; since 0.5). */
  private dev.consent.spi.@org.jspecify.annotations.Nullable ReviewStore reviewStore;
  private dev.consent.spi.@org.jspecify.annotations.Nullable DeferralStore deferralStore;

  public void eraseReviewsIn(dev.consent.spi.ReviewStore store) {
    this.reviewStore = store;
  }

  /** Where erasure also deletes deferred messages; null when there are none. */
  public void eraseDeferredIn(dev.consent.spi.@org.jspecify.annotations.Nullable DeferralStore store) {
    this.deferralStore = store;
  }

  @Override
  public ErasureResult erase(PhoneNumber number, String reason) {
    requireNumber(number);
    Checks.maxLength(Checks.notBlank(reason, "reason"), 200, "reason");
    Instant now = ledger.now();
    String ref = ctx.store().subjectRef(ctx.tenant(), number);
    List<String> purposes = new ArrayList<>();
    for (ConsentStatus s : ctx.store().statuses(ctx.tenant(), number)) {
      if (s.state() != ConsentState.ERASED) {
        ledger.append(
            LedgerEntry.of(number, s.purposeId(), EventKind.ERASED, ConsentMethod.API, dev.consent.Channel.API)
            .evidence(Map.of("reason", reason)).at(now).key("erase:" + ref + ":" + s.seq() + ":" + s.purposeId()));
        purposes.add(s.purposeId());
      }
    }
    // A purpose whose status was already ERASED may have events since (a backdated grant, a request
    // that ran out): redacted without an ERASED event after them, verify() would report them and a
    // replay of the ledger (which no longer sees their evidence) could differ from the status.
    Map<String, ConsentEvent> lastByPurpose = new TreeMap<>();
    for (ConsentEvent e : ctx.store().history(ctx.tenant(), number)) {
      lastByPurpose.put(e.purposeId(), e);
    }
    for (ConsentEvent last : lastByPurpose.values()) {
      if (last.kind() != EventKind.ERASED) {
        ledger.append(
            LedgerEntry.of(number, last.purposeId(), EventKind.ERASED, ConsentMethod.API, dev.consent.Channel.API)
            .evidence(Map.of("reason", reason)).at(now)
            .key("erase:" + ref + ":" + last.seq() + ":" + last.purposeId()));
      }
    }
    ErasedRecords done = ctx.store().erase(ctx.tenant(), number, now);
    int reviews = reviewStore == null ? 0 : reviewStore.eraseReviews(ctx.tenant(), ref);
    int deferred = deferralStore == null ? 0 : deferralStore.eraseDeferred(ctx.tenant(), ref);
    log.info("erased subject {}: {} events redacted, {} messages, {} deferred messages, {} pending opt-ins and {}"
        + " review items deleted", ref.substring(0, 12), done.eventsRedacted(), done.messagesDeleted(), deferred,
        done.pendingDeleted(), reviews);
    return new ErasureResult(ref, now, purposes, done.eventsRedacted(), done.messagesDeleted(), done.pendingDeleted());
  }

  @Override
  public SubjectExport export(PhoneNumber number) {
    requireNumber(number);
    List<ConsentEvent> history = history(number);
    Map<String, Notice> notices = new java.util.LinkedHashMap<>();
    for (ConsentEvent e : history) {
      if (e.noticeVersion() != null) {
        notices.computeIfAbsent(e.purposeId() + "\u0000" + e.noticeVersion(),
            k -> ctx.store().notice(ctx.tenant(), e.purposeId(), e.noticeVersion()).orElse(null));
      }
    }
    notices.values().removeIf(java.util.Objects::isNull);
    return new SubjectExport(ctx.tenant(), number, ctx.store().subjectRef(ctx.tenant(), number), ledger.now(),
        statuses(number), history, List.copyOf(notices.values()), ctx.store().messages(ctx.tenant(), number),
        suppressions(number), ctx.store().pendingFor(ctx.tenant(), number), verify(number),
        receipts.enabled() ? receipts.receipts(number) : List.of(),
        deferralStore == null ? List.of() : deferralStore.deferredOf(ctx.tenant(), ctx.store().subjectRef(ctx.tenant(), number)));
  }

  @Override
  public dev.consent.ConsentReceipt receipt(PhoneNumber number, String eventId) {
    return receipts.receipt(requireNumber(number), eventId);
  }

  @Override
  public List<dev.consent.ConsentReceipt> receipts(PhoneNumber number) {
    return receipts.receipts(requireNumber(number));
  }

  private static PhoneNumber requireNumber(PhoneNumber number) {
    return Checks.notNull(number, "number");
  }
}
