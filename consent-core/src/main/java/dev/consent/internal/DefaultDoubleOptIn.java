package dev.consent.internal;

import dev.consent.CarrierError;
import dev.consent.Channel;
import dev.consent.ConsentMethod;
import dev.consent.DeliveryState;
import dev.consent.DoubleOptInFlow;
import dev.consent.EventKind;
import dev.consent.InboundMessage;
import dev.consent.LogText;
import dev.consent.MessageRecord;
import dev.consent.OptInResult;
import dev.consent.OptInStart;
import dev.consent.PendingOptIn;
import dev.consent.PhoneNumber;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.SuppressionReason;
import dev.consent.WebOptIn;
import dev.consent.error.ConsentPolicyException;
import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import dev.consent.internal.base.Hashing;
import dev.consent.policy.ReplyTemplates;
import dev.consent.spi.EventChain;
import dev.consent.spi.OutgoingSms;
import dev.consent.spi.RateLimit;
import dev.consent.spi.SendResult;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SMS double opt-in: start, confirm by code or reply, expire; with pumping limits. Not API. */
public final class DefaultDoubleOptIn implements DoubleOptInFlow {
  private static final Logger log = LoggerFactory.getLogger(DefaultDoubleOptIn.class);
  private static final int CAS_TRIES = 8;
  /** Marks a code digest made with the store's key (since 0.5); an unmarked one is a plain SHA-256. */
  private static final String KEYED_CODE = "k1:";
  private static final int EXPIRE_PAGE = 200;
  /**
   * Web callers that can hold a handle on one confirmation SMS (the one who caused it and the ones
   * who started in its cool-down). Each handle has its own wrong-code budget, so this bounds the web
   * guesses at one code to {@code MAX_HANDLES * maxAttempts}, and the rows one SMS can cause.
   */
  static final int MAX_HANDLES = 5;
  private static final String PUMPING_LIMITS = "confirmations per number, number prefix, country or client address";

  private final KitContext ctx;
  private final RequestValidator validator;
  private final LedgerWriter ledger;
  private final CarrierReports carrierReports;
  private final SystemReplies replies;
  private final SecureRandom random = new SecureRandom();

  public DefaultDoubleOptIn(KitContext ctx, RequestValidator validator, LedgerWriter ledger,
      CarrierReports carrierReports, SystemReplies replies) {
    this.ctx = ctx;
    this.validator = validator;
    this.ledger = ledger;
    this.carrierReports = carrierReports;
    this.replies = replies;
  }

  @Override
  public OptInStart start(WebOptIn request) {
    validator.check(request, "opt-in request");
    RequestValidator.sendable(request.number(), "a double opt-in");
    Program program = programOf(request.purposeIds());
    for (String purposeId : request.purposeIds()) {
      String version = request.noticeVersions().get(purposeId);
      if (version == null || ctx.notice(purposeId, version).isEmpty()) {
        throw new ConsentPolicyException("purpose '" + purposeId + "' needs a configured notice version");
      }
    }
    if (ctx.store().suppressions(ctx.tenant(), request.number()).stream()
        .anyMatch(x -> x.reason() == SuppressionReason.ERASURE)) {
      log.info("web opt-in for erased number {} refused", request.number().masked());
      return new OptInStart.Refused("the number was erased at the person's request; only the phone can opt in again");
    }
    if (alreadyGranted(request)) {
      log.info("web opt-in for {}: every purpose already granted under the notice asked for; nothing sent",
          request.number().masked());
      return new OptInStart.AlreadyGranted(request.purposeIds());
    }
    Map<String, String> evidence = new TreeMap<>(request.evidence());
    if (request.clientAddress() != null) {
      evidence.put("clientAddressHash", ctx.store().keyedHash(ctx.tenant(), "client-address", request.clientAddress()));
    }
    return begin(request.number(), request.purposeIds(), request.noticeVersions(), request.language(), program,
        program.senders().get(0), ConsentMethod.WEB_FORM, Channel.WEB, evidence, request.clientAddress());
  }

  /** The longest time before a consent runs out in which a sign-up asks again (a refresh). */
  static final java.time.Duration REFRESH_WINDOW = java.time.Duration.ofDays(30);

  /**
   * Whether each purpose asked for is granted under the notice version asked for and stays valid
   * beyond its refresh window (the last quarter of its validity, at most {@link #REFRESH_WINDOW}):
   * inside that window, or once expired, a sign-up asks again.
   */
  private boolean alreadyGranted(WebOptIn request) {
    java.time.Instant now = ctx.clock().instant();
    dev.consent.policy.Jurisdiction j = ctx.policies().jurisdictionFor(request.number());
    for (String purposeId : request.purposeIds()) {
      dev.consent.ConsentStatus s = ctx.store().status(ctx.tenant(), request.number(), purposeId);
      java.time.Duration validity = DefaultGate.validity(ctx.purpose(purposeId), j);
      java.time.Instant askFrom = now;
      if (validity != null) {
        java.time.Duration window = validity.dividedBy(4);
        askFrom = now.plus(window.compareTo(REFRESH_WINDOW) < 0 ? window : REFRESH_WINDOW);
      }
      if (!s.isValidAt(askFrom, validity)
          || !java.util.Objects.equals(s.noticeVersion(), request.noticeVersions().get(purposeId))) {
        return false;
      }
    }
    return true;
  }

  /** Starts a double opt-in from a keyword texted to one of the program's senders. */
  OptInStart startFromKeyword(InboundMessage m, Program program, List<Purpose> purposes, String language) {
    Map<String, String> versions = new LinkedHashMap<>();
    for (Purpose p : purposes) {
      versions.put(p.id(), latestNotice(p.id(), language));
    }
    Map<String, String> evidence = new TreeMap<>(Map.of("inboundMessageId", m.messageId(), "carrier", m.carrier(),
        "keyword", KeywordText.of(m.body(), ctx)));
    return begin(m.from(), List.copyOf(versions.keySet()), versions, language, program, m.to(),
        ConsentMethod.SMS_KEYWORD, Channel.SMS, evidence, null);
  }

  String latestNotice(String purposeId, String language) {
    String best = null;
    String bestAnyLanguage = null;
    for (dev.consent.Notice n : ctx.notices().values()) {
      if (n.purposeId().equals(purposeId)) {
        bestAnyLanguage = n.version();
        if (n.language().equals(language)) {
          best = n.version();
        }
      }
    }
    String v = best != null ? best : bestAnyLanguage;
    if (v == null) {
      throw new ConsentPolicyException("purpose '" + purposeId + "' has no notice");
    }
    return v;
  }

  private Program programOf(List<String> purposeIds) {
    Program program = null;
    for (String id : purposeIds) {
      Purpose p = ctx.purpose(id);
      if (!p.requiresConsent()) {
        throw new ConsentPolicyException("purpose '" + id + "' does not rely on consent: no opt-in needed");
      }
      if (program != null && !program.id().equals(p.program().id())) {
        throw new InvalidInputException("one opt-in request covers purposes of one program only");
      }
      program = p.program();
    }
    return program;
  }

  private OptInStart begin(PhoneNumber number, List<String> purposeIds, Map<String, String> versions, String language,
      Program program, String sender, ConsentMethod origin, Channel channel, Map<String, String> evidence,
      @Nullable String clientAddress) {
    Instant now = ledger.now();
    if (!ctx.optIn().allowedRegions().isEmpty() && !ctx.optIn().allowedRegions().contains(number.region())) {
      return new OptInStart.RateLimited("country " + number.region() + " is not allowed for confirmations",
          OptInStart.RateLimited.Kind.REGION_NOT_ALLOWED, 0, null);
    }
    List<PendingOptIn> all = ctx.store().pendingFor(ctx.tenant(), number);
    Optional<PendingOptIn> open = all.stream()
        .filter(p -> p.isOpenAt(now) && p.purposeIds().equals(purposeIds) && !isFollower(p)).findFirst();
    if (open.isPresent() && now.isBefore(open.get().createdAt().plus(ctx.optIn().cooldown()))) {
      if (origin != ConsentMethod.WEB_FORM) {
        return new OptInStart.AlreadyPending(open.get().requestId(), open.get().expiresAt());
      }
      return follow(open.get(), all, versions, language, evidence, now);
    }
    Map<RateLimit, OptInStart.RateLimited.Kind> limits = limits(number, clientAddress);
    List<RateLimit> full = ctx.store().acquire(ctx.tenant(), List.copyOf(limits.keySet()), now);
    if (!full.isEmpty()) {
      OptInStart.RateLimited refused = full.size() == 1 && limits.containsKey(full.get(0))
          ? refusal(limits.get(full.get(0)), full.get(0))
          : new OptInStart.RateLimited(PUMPING_LIMITS);
      log.info("confirmation to {} refused: {}", number.masked(), refused.limit());
      return refused;
    }
    open.ifPresent(p -> all.stream().filter(h -> h.isOpenAt(now) && codeRequestId(h).equals(p.requestId()))
        .forEach(h -> close(h, PendingOptIn.State.EXPIRED)));
    String requestId = UUID.randomUUID().toString();
    String code = String.format("%06d", random.nextInt(1_000_000));
    String body = ctx.replies().render(ReplyTemplates.OPTIN_REQUEST, language,
        Map.of("program", program.name(), "frequency", program.frequency(), "code", code));
    Map<String, String> ev = new TreeMap<>(evidence);
    ev.put("requestId", requestId);
    ev.put("confirmationText", body.replace(code, "******"));
    PendingOptIn pending = new PendingOptIn(ctx.tenant(), requestId, number, purposeIds, versions, language,
        program.id(), sender, codeHash(requestId, code), now, now.plus(ctx.optIn().pendingTtl()), 0,
        PendingOptIn.State.PENDING, 0, origin, new TreeMap<>(ev));
    for (String purposeId : purposeIds) {
      ledger.append(LedgerEntry.of(number, purposeId, EventKind.REQUESTED, origin, channel).evidence(ev)
          .notice(versions.get(purposeId)).at(now).key("optin:" + requestId + ":" + purposeId));
    }
    ctx.store().createPending(pending);
    SendResult sent = ctx.carrier().send(new OutgoingSms(number, sender, body, requestId));
    if (sent instanceof SendResult.Rejected r) {
      expireEvents(pending, "confirmation not sent");
      close(pending, PendingOptIn.State.EXPIRED);
      CarrierError error = r.error();
      if (error.kind() == CarrierError.Kind.RECIPIENT_OPTED_OUT && error.optOutScope() != null) {
        carrierReports.optOut(number, error.optOutScope(), error.code(), "optin:" + requestId);
      }
      return new OptInStart.NotSent(error);
    }
    ctx.store().logMessage(new MessageRecord(ctx.tenant(), requestId, number, null, program.id(), sender,
        ctx.carrier().name(), ((SendResult.Accepted) sent).carrierMessageId(), now, DeliveryState.ACCEPTED, null,
        body.replace(code, "******")));
    return new OptInStart.Started(requestId, pending.expiresAt());
  }

  /**
   * A web start inside the cool-down of a confirmation already sent: the caller gets a handle of its
   * own on that confirmation (same code, nothing sent again) instead of the other caller's request.
   * Its expiry counts from now and its wrong codes from zero, so the result says nothing about the
   * other request; only the handle cap, like the pumping limits, can refuse.
   */
  private OptInStart follow(PendingOptIn sent, List<PendingOptIn> all, Map<String, String> versions, String language,
      Map<String, String> evidence, Instant now) {
    long handles = all.stream().filter(h -> codeRequestId(h).equals(sent.requestId())).count();
    if (handles >= MAX_HANDLES) {
      log.info("confirmation to {} has its maximum of callers", sent.number().masked());
      return new OptInStart.RateLimited("at most " + MAX_HANDLES + " callers per confirmation SMS (inside its cool-down)",
          OptInStart.RateLimited.Kind.CALLERS_PER_CONFIRMATION, MAX_HANDLES, null);
    }
    String handle = UUID.randomUUID().toString();
    Map<String, String> ev = new TreeMap<>(evidence);
    ev.put("requestId", sent.requestId());
    ev.put("handle", handle);
    Optional.ofNullable(sent.evidence().get("confirmationText")).ifPresent(t -> ev.put("confirmationText", t));
    ev.put("requestedAt", sent.createdAt().toString());
    PendingOptIn p = new PendingOptIn(ctx.tenant(), handle, sent.number(), sent.purposeIds(), versions, language,
        sent.programId(), sent.sender(), sent.codeHash(), now, now.plus(ctx.optIn().pendingTtl()), 0,
        PendingOptIn.State.PENDING, 0, ConsentMethod.WEB_FORM, new TreeMap<>(ev));
    ctx.store().createPending(p);
    return new OptInStart.Started(handle, p.expiresAt());
  }

  /**
   * The request whose confirmation SMS carried the handle's code: the handle's own id, or for a
   * caller who started in another's cool-down, the id of the request that was sent (the evidence's
   * {@code requestId}, which the flow always sets itself).
   */
  static String codeRequestId(PendingOptIn p) {
    return p.evidence().getOrDefault("requestId", p.requestId());
  }

  /** A handle on another request's confirmation SMS: it has no events of its own in the ledger. */
  static boolean isFollower(PendingOptIn p) {
    return !codeRequestId(p).equals(p.requestId());
  }

  /** The pumping limits of one confirmation, in the order the store checks them, with what each one limits. */
  private Map<RateLimit, OptInStart.RateLimited.Kind> limits(PhoneNumber number, @Nullable String clientAddress) {
    var s = ctx.optIn();
    String e164 = number.e164();
    String prefix = e164.substring(0, Math.max(2, e164.length() - s.prefixHiddenDigits()));
    String cc = String.valueOf(com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance()
        .getCountryCodeForRegion(number.region()));
    Map<RateLimit, OptInStart.RateLimited.Kind> limits = new LinkedHashMap<>();
    limits.put(new RateLimit("optin:n:" + ctx.store().subjectRef(ctx.tenant(), number), s.perNumber(), s.window()),
        OptInStart.RateLimited.Kind.PER_NUMBER);
    limits.put(new RateLimit("optin:p:" + ctx.store().keyedHash(ctx.tenant(), "rate-prefix", prefix), s.perPrefix(),
        s.window()), OptInStart.RateLimited.Kind.PER_PREFIX);
    limits.put(new RateLimit("optin:cc:" + cc, s.perCountry(), s.window()), OptInStart.RateLimited.Kind.PER_COUNTRY);
    if (clientAddress != null) {
      limits.put(new RateLimit("optin:c:" + ctx.store().keyedHash(ctx.tenant(), "rate-client", clientAddress),
          s.perClient(), s.window()), OptInStart.RateLimited.Kind.PER_CLIENT_ADDRESS);
    }
    return limits;
  }

  /** The refusal naming the pumping limit that had no room. */
  private static OptInStart.RateLimited refusal(OptInStart.RateLimited.Kind kind, RateLimit limit) {
    String per = switch (kind) {
      case PER_NUMBER -> "number";
      case PER_PREFIX -> "number prefix";
      case PER_COUNTRY -> "country calling code";
      case PER_CLIENT_ADDRESS -> "client address";
      default -> throw new IllegalArgumentException(kind + " is not a counted pumping limit");
    };
    return new OptInStart.RateLimited("at most " + limit.max() + " confirmations per " + per + " within "
        + words(limit.window()), kind, limit.max(), limit.window());
  }

  /** A window in words: {@code 1 h}, {@code 10 min}, {@code 90 s}. */
  static String words(java.time.Duration d) {
    if (d.toSeconds() % 3600 == 0) {
      return d.toHours() + " h";
    }
    return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }

  /**
   * The stored digest of a confirmation code: a keyed hash ({@code k1:}) over the request id, which
   * is random per request (the salt), and the code. Without the store's key a 6-digit code cannot
   * be recovered from the database by trying all million.
   */
  private String codeHash(String requestId, String code) {
    return KEYED_CODE + ctx.store().keyedHash(ctx.tenant(), "code", requestId + ":" + code);
  }

  @Override
  public OptInResult confirm(String requestId, String code) {
    Checks.notBlank(requestId, "request id");
    Checks.notNull(code, "code");
    Instant now = ledger.now();
    for (int attempt = 0; attempt < CAS_TRIES; attempt++) {
      Optional<PendingOptIn> found = ctx.store().pending(ctx.tenant(), requestId);
      if (found.isEmpty() || found.get().state() == PendingOptIn.State.CONFIRMED) {
        return new OptInResult.NotFound(requestId);
      }
      PendingOptIn p = found.get();
      if (webLocked(p)) {
        return new OptInResult.TooManyAttempts(requestId);
      }
      if (p.state() == PendingOptIn.State.EXPIRED || !now.isBefore(p.expiresAt())) {
        if (p.state() == PendingOptIn.State.PENDING) {
          expireEvents(p, "not confirmed in time");
          close(p, PendingOptIn.State.EXPIRED);
        }
        return new OptInResult.Expired(requestId);
      }
      String candidate = code.strip();
      if (candidate.length() > 16 || !codeMatches(p, candidate)) {
        int attempts = p.attempts() + 1;
        boolean lock = attempts >= ctx.optIn().maxAttempts();
        // The request stays PENDING: the lock is on code entry through this handle only, and the
        // phone's own reply (YES or the code by SMS) still confirms it.
        if (ctx.store().replacePending(p, p.next(PendingOptIn.State.PENDING, attempts))) {
          if (lock) {
            log.info("opt-in request {} takes no more codes from the web after {} wrong ones", LogText.safe(requestId),
                attempts);
            return new OptInResult.TooManyAttempts(requestId);
          }
          return new OptInResult.WrongCode(requestId, ctx.optIn().maxAttempts() - attempts);
        }
        continue;
      }
      Optional<OptInResult> done = grant(p, Channel.WEB, Map.of("confirmedBy", "code entered on the web"), now);
      if (done.isPresent()) {
        return done.get();
      }
    }
    throw new dev.consent.error.ConsentStoreException("opt-in request " + requestId + " kept changing; try again");
  }

  /** Too many wrong codes through this handle: the web may not enter more (the phone still may). */
  private boolean webLocked(PendingOptIn p) {
    return p.state() == PendingOptIn.State.LOCKED
        || p.state() == PendingOptIn.State.PENDING && p.attempts() >= ctx.optIn().maxAttempts();
  }

  /** Matches a keyed digest; a request stored before 0.5 (an unkeyed SHA-256) until it expires. */
  private boolean codeMatches(PendingOptIn p, String candidate) {
    String expected = p.codeHash().startsWith(KEYED_CODE) ? codeHash(codeRequestId(p), candidate)
        : Hashing.sha256Hex(codeRequestId(p) + ":" + candidate);
    return Hashing.constantTimeEquals(expected, p.codeHash());
  }

  /**
   * Confirms the newest open request of the sender's number from an SMS reply (YES or the code),
   * however many wrong codes were entered on the web: the phone itself answering is the proof. A
   * request that was sent wins over the handles other callers hold on it, which the reply closes
   * (their consent is the one just given). Returns empty when there is nothing to confirm.
   */
  Optional<OptInResult.Confirmed> confirmBySms(InboundMessage m, boolean replyIsCode) {
    Instant now = ledger.now();
    for (int attempt = 0; attempt < CAS_TRIES; attempt++) {
      List<PendingOptIn> candidates = ctx.store().pendingFor(ctx.tenant(), m.from()).stream()
          .filter(p -> p.isOpenAt(now) && p.sender().equals(m.to()) && !m.receivedAt().isBefore(p.createdAt()))
          .filter(p -> !replyIsCode || codeMatches(p, m.body().strip()))
          .sorted(java.util.Comparator.comparing(DefaultDoubleOptIn::isFollower))
          .toList();
      if (candidates.isEmpty()) {
        return confirmedEarlierBy(m);
      }
      PendingOptIn target = candidates.get(0);
      // Closed first: if the grant below fails, the retry still finds the target open and confirms it.
      for (PendingOptIn other : candidates.subList(1, candidates.size())) {
        if (codeRequestId(other).equals(codeRequestId(target))) {
          close(other, PendingOptIn.State.CONFIRMED);
        }
      }
      Optional<OptInResult> done = grant(target, Channel.SMS,
          Map.of("confirmedBy", "sms reply", "inboundMessageId", m.messageId(), "carrier", m.carrier(),
              "reply", KeywordText.of(m.body(), ctx)), m.receivedAt());
      if (done.isPresent()) {
        return done.map(r -> (OptInResult.Confirmed) r);
      }
    }
    return Optional.empty();
  }

  /**
   * The request this very message confirmed in an earlier attempt whose reply was lost (the carrier
   * retries the webhook): the retry must end as the first attempt did, not fall through to a
   * resubscription that would lift suppressions the confirmation left in place.
   */
  private Optional<OptInResult.Confirmed> confirmedEarlierBy(InboundMessage m) {
    for (PendingOptIn p : ctx.store().pendingFor(ctx.tenant(), m.from())) {
      if (p.state() != PendingOptIn.State.CONFIRMED || !p.sender().equals(m.to())) {
        continue;
      }
      Optional<dev.consent.ConsentEvent> grant = ctx.store().eventByIdempotencyKey(ctx.tenant(),
          "optin-confirm:" + p.requestId() + ":" + p.purposeIds().get(0));
      if (grant.isPresent() && m.messageId().equals(grant.get().evidence().get("inboundMessageId"))
          && m.carrier().equals(grant.get().evidence().get("carrier"))) {
        return Optional.of(new OptInResult.Confirmed(p.requestId(), p.purposeIds()));
      }
    }
    return Optional.empty();
  }

  /**
   * Appends the grants (idempotent), then marks the request confirmed; empty when the request changed
   * meanwhile. The grant occurred when the person confirmed: for an SMS reply, when it was received,
   * so that a STOP sent after the YES but handled before it still wins (the ledger orders by time).
   */
  private Optional<OptInResult> grant(PendingOptIn p, Channel channel, Map<String, String> how, Instant occurredAt) {
    Map<String, String> evidence = new HashMap<>(p.evidence());
    evidence.putAll(how);
    if (!isFollower(p)) {
      evidence.put("requestedAt", p.createdAt().toString());
    }
    for (String purposeId : p.purposeIds()) {
      ledger.append(LedgerEntry.of(p.number(), purposeId, EventKind.GRANTED, ConsentMethod.SMS_DOUBLE_OPT_IN, channel)
          .evidence(evidence).notice(p.noticeVersions().get(purposeId)).at(occurredAt)
          .key("optin-confirm:" + p.requestId() + ":" + purposeId));
    }
    // Lift before the request is closed: a store failure in between leaves the request open, so the
    // retry (host or carrier) runs all of this again instead of finding it confirmed and stopping.
    for (dev.consent.Suppression s : ctx.store().suppressions(ctx.tenant(), p.number())) {
      if (s.reason() == dev.consent.SuppressionReason.INVALID_NUMBER) {
        ctx.writes().lift(ctx.tenant(), p.number(), s.scope());
      }
    }
    if (p.origin() == ConsentMethod.SMS_KEYWORD) {
      liftErasure(p.number());
    }
    if (!ctx.store().replacePending(p, p.next(PendingOptIn.State.CONFIRMED, p.attempts()))) {
      return Optional.empty();
    }
    Program program = ctx.programs().get(p.programId());
    replies.send(p.number(), program, p.sender(), ctx.replies().render(ReplyTemplates.OPTIN_CONFIRMED, p.language(),
        Map.of("program", program.name(), "frequency", program.frequency())));
    return Optional.of(new OptInResult.Confirmed(p.requestId(), p.purposeIds()));
  }

  /** A double opt-in started and confirmed from the phone itself ends an erasure's suppression. */
  private void liftErasure(PhoneNumber number) {
    for (dev.consent.Suppression x : ctx.store().suppressions(ctx.tenant(), number)) {
      if (x.reason() == SuppressionReason.ERASURE) {
        ctx.writes().lift(ctx.tenant(), number, x.scope());
        log.info("erased number {} opted in again from the phone: erasure suppression lifted", number.masked());
      }
    }
  }

  @Override
  public int expire() {
    Instant now = ledger.now();
    int count = 0;
    while (true) {
      List<PendingOptIn> due = ctx.store().pendingExpiredBy(ctx.tenant(), now, EXPIRE_PAGE);
      int closed = 0;
      for (PendingOptIn p : due) {
        expireEvents(p, "not confirmed in time");
        if (close(p, PendingOptIn.State.EXPIRED)) {
          closed++;
        }
      }
      count += closed;
      if (due.size() < EXPIRE_PAGE || closed == 0) {
        return count;
      }
    }
  }

  /** Closes every open request of a number (after an opt-out, a later YES must not confirm). */
  void closeAll(PhoneNumber number) {
    Instant now = ledger.now();
    for (PendingOptIn p : ctx.store().pendingFor(ctx.tenant(), number)) {
      if (p.isOpenAt(now)) {
        expireEvents(p, "closed by an opt-out");
        close(p, PendingOptIn.State.EXPIRED);
      }
    }
  }

  private boolean close(PendingOptIn p, PendingOptIn.State state) {
    return ctx.store().replacePending(p, p.next(state, p.attempts()));
  }

  /**
   * Records that a request ran out or was closed. Called before the request is closed: the events
   * are keyed by request, so a retry after a failure in between records them once, whereas a
   * request closed first would never be found again to record them (its status stuck in PENDING).
   */
  private void expireEvents(PendingOptIn p, String why) {
    if (isFollower(p)) {
      return;
    }
    for (String purposeId : p.purposeIds()) {
      ledger.append(LedgerEntry.of(p.number(), purposeId, EventKind.EXPIRED, ConsentMethod.SYSTEM, Channel.SYSTEM)
          .evidence(Map.of(EventChain.EXPIRED_SCOPE, "request", "requestId", p.requestId(), "why", why))
          .key("optin-expire:" + p.requestId() + ":" + purposeId));
    }
  }
}
