package dev.consent.internal;

import dev.consent.CarrierAction;
import dev.consent.Channel;
import dev.consent.ConsentMethod;
import dev.consent.ConsentState;
import dev.consent.ConsentStatus;
import dev.consent.DeliveryReport;
import dev.consent.EventKind;
import dev.consent.InboundHandler;
import dev.consent.InboundHealth;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.InboundSettings;
import dev.consent.KitObservation;
import dev.consent.LogText;
import dev.consent.MessageRecord;
import dev.consent.OptInResult;
import dev.consent.OptInStart;
import dev.consent.OptOutScope;
import dev.consent.PhoneNumber;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.QuarantineReport;
import dev.consent.Suppression;
import dev.consent.SuppressionReason;
import dev.consent.SuppressionScope;
import dev.consent.internal.base.Checks;
import dev.consent.policy.Classification;
import dev.consent.policy.Intent;
import dev.consent.policy.KeywordClassifier;
import dev.consent.policy.ReplyTemplates;
import dev.consent.spi.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbound messages: opt-out (honoured from any E.164 number, also one libphonenumber does not know as
 * valid), opt-in and confirmation (only from numbers known as valid), HELP (rate-limited per number),
 * unclear wording, join keywords, all from verified webhooks only: an unverified one goes to {@link
 * Quarantine} and is applied only as the carrier's API confirms it. Replies go only from a configured
 * program sender (an opt-out sent to another number is still honoured for all marketing). Each
 * change is appended with an idempotency key built from the carrier's message id, and the message
 * is marked handled last, so a retried webhook completes what a failed one started. Not API.
 */
public final class DefaultInbound implements InboundHandler {
  private static final Logger log = LoggerFactory.getLogger(DefaultInbound.class);
  private static final Pattern CODE = Pattern.compile("\\s*[0-9]{6}\\s*");
  /** Opt-ins from a number libphonenumber does not know: it may opt out, but nothing can be sent to it. */
  private static final InboundResult.Ignored UNKNOWN_NUMBER =
      new InboundResult.Ignored("opt-in from a number not known as valid is refused (it may still opt out)");

  private final KitContext ctx;
  private final LedgerWriter ledger;
  private final CarrierReports carrierReports;
  private final SystemReplies replies;
  private final DefaultDoubleOptIn optIn;
  private final Quarantine quarantine;
  private final InboundSettings settings;
  private final Reviews reviews;
  private final Observer observer;

  public DefaultInbound(KitContext ctx, LedgerWriter ledger, CarrierReports carrierReports,
      SystemReplies replies, DefaultDoubleOptIn optIn, Quarantine quarantine,
      InboundSettings settings, Reviews reviews, Observer observer) {
    this.observer = observer;
    this.reviews = reviews;
    this.ctx = ctx;
    this.ledger = ledger;
    this.carrierReports = carrierReports;
    this.replies = replies;
    this.optIn = optIn;
    this.quarantine = quarantine;
    this.settings = settings;
  }

  @Override
  public InboundResult handle(InboundMessage m) {
    Checks.notNull(m, "inbound message");
    if (!observer.enabled()) {
      return route(m);
    }
    long start = observer.start();
    InboundResult r = route(m);
    observer.report(new KitObservation.InboundHandled(m.carrier(), m.authenticated(), r, Observer.since(start)));
    return r;
  }

  private InboundResult route(InboundMessage m) {
    if (!m.authenticated()) {
      // never applied, answered, or recorded as handled: a forged id must not shadow the verified message
      return quarantine.admit(m, this::handleVerified);
    }
    return handleVerified(m, Map.of());
  }

  @Override
  public QuarantineReport confirmQuarantined() {
    return quarantine.confirmDue(this::handleVerified);
  }

  @Override
  public InboundHealth health() {
    return quarantine.health();
  }

  /** A verified message (or one the carrier confirmed, {@code confirmation} then says how). */
  private InboundResult handleVerified(InboundMessage m, Map<String, String> confirmation) {
    if (!m.authenticated()) {
      throw new IllegalStateException("only a verified or confirmed message is handled");
    }
    if (ctx.store().inboundHandled(ctx.tenant(), m.carrier(), m.messageId())) {
      return new InboundResult.Duplicate();
    }
    InboundResult result = act(m, confirmation);
    reviews.answered(m, result);
    ctx.store().markInboundHandled(ctx.tenant(), m.carrier(), m.messageId(), ledger.now());
    log.debug("inbound {} from {}: {}", LogText.safe(m.messageId()), m.from().masked(),
        result.getClass().getSimpleName());
    return result;
  }

  private InboundResult act(InboundMessage m, Map<String, String> confirmation) {
    List<Program> programs = programsFor(m);
    Program program = programs.size() == 1 ? programs.get(0) : null;
    Map<String, String> evidence = evidence(m, confirmation);
    if (m.carrierAction() == CarrierAction.OPT_OUT) {
      return optOut(m, program, programs, false, null, evidence);
    }
    if (m.carrierAction() == CarrierAction.OPT_IN) {
      return optInAgain(m, program, programs, null, evidence);
    }
    if (m.carrierAction() == CarrierAction.HELP) {
      return new InboundResult.Help(false);
    }
    if (CODE.matcher(m.body()).matches() && m.authenticated() && m.from().isValid()) {
      Optional<OptInResult.Confirmed> confirmed = optIn.confirmBySms(m, true);
      if (confirmed.isPresent()) {
        return new InboundResult.Confirmed(confirmed.get().requestId(), confirmed.get().purposeIds(), true);
      }
    }
    Classification c = ctx.keywords().classify(m.body());
    String language = c.language() != null ? c.language() : (program != null ? program.defaultLanguage() : "en");
    return switch (c.intent()) {
      case OPT_OUT_ALL -> optOut(m, program, programs, true, language, evidence);
      case OPT_OUT -> optOut(m, program, programs, false, language, evidence);
      case OPT_IN -> optInAgain(m, program, programs, language, evidence);
      case CONFIRM -> confirm(m, program, programs, language, evidence);
      case HELP -> help(m, program, programs, language);
      case UNCLEAR -> unclear(m, program, programs, language);
      case OTHER -> other(m, program, c, language, evidence);
    };
  }

  /**
   * Programs a message to this sender belongs to; a shared sender is narrowed by the message log to
   * the program whose messages (not our own replies: a reply to a STOP to every program is sent as
   * one of them) the person got from it.
   */
  private List<Program> programsFor(InboundMessage m) {
    List<Program> programs = ctx.programsFor(m.to());
    if (programs.size() <= 1) {
      return programs;
    }
    List<String> messaged = ctx.store().messages(ctx.tenant(), m.from()).stream()
        .filter(r -> r.purposeId() != null && r.sender().equals(m.to())).map(MessageRecord::programId).distinct()
        .toList();
    List<Program> narrowed = programs.stream().filter(p -> messaged.contains(p.id())).toList();
    return narrowed.size() == 1 ? narrowed : programs;
  }

  private InboundResult optOut(InboundMessage m, @Nullable Program program, List<Program> programs, boolean all,
      @Nullable String language, Map<String, String> evidence) {
    OptOutScope scope = all ? OptOutScope.EVERYTHING : settings.optOutRule().scopeFor(m.from(), m.receivedAt());
    if (program == null && scope == OptOutScope.PROGRAM) {
      scope = OptOutScope.MARKETING; // sent to no one program's number: all marketing
    }
    Map<String, String> recorded = evidence;
    if (!all && program != null && scope != OptOutScope.PROGRAM) {
      // the rule widened the STOP beyond the program it answers: the proof says by what
      recorded = new TreeMap<>(evidence);
      recorded.put("optOutScope", scope.name().toLowerCase(java.util.Locale.ROOT));
      recorded.put("optOutRule", settings.optOutRule().source());
    }
    List<Purpose> targets = new ArrayList<>();
    for (Purpose p : ctx.purposes().values()) {
      if (scope.withdraws(p, program)) {
        targets.add(p);
      }
    }
    List<String> withdrawn = new ArrayList<>();
    for (Purpose p : targets) {
      ledger.append(LedgerEntry.of(m.from(), p.id(), EventKind.WITHDRAWN, ConsentMethod.SMS_KEYWORD, Channel.SMS)
          .evidence(recorded).at(m.receivedAt()).key(key(m, p.id())));
      withdrawn.add(p.id());
    }
    if (all) {
      ctx.writes().suppress(new Suppression(ctx.tenant(), m.from(), Suppression.ALL, SuppressionReason.STOP_ALL,
          ledger.now(), new TreeMap<>(evidence)));
    }
    optIn.closeAll(m.from());
    boolean replied = false;
    if (m.carrierAction() != CarrierAction.OPT_OUT && !programs.isEmpty()) {
      Program replyAs = program != null ? program : programs.get(0);
      String lang = language != null ? language : replyAs.defaultLanguage();
      replied = replies.send(m.from(), replyAs, m.to(), ctx.replies().render(
          all || program == null ? ReplyTemplates.OPTOUT_ALL_CONFIRMED : ReplyTemplates.OPTOUT_CONFIRMED, lang,
          Map.of("program", replyAs.name())));
    }
    log.info("opt-out from {} via {} ({}): withdrew {}", m.from().masked(), LogText.safe(m.carrier()),
        all ? "all" : "program", withdrawn);
    return new InboundResult.OptedOut(withdrawn, all, replied);
  }

  /** START/UNSTOP (or YES with nothing pending): restores what this number had opted out of. */
  private InboundResult optInAgain(InboundMessage m, @Nullable Program program, List<Program> programs,
      @Nullable String language, Map<String, String> evidence) {
    if (!m.authenticated()) {
      return new InboundResult.Ignored("opt-in from an unauthenticated webhook is never trusted");
    }
    if (!m.from().isValid()) {
      return UNKNOWN_NUMBER;
    }
    List<Program> scope = program != null ? List.of(program) : programs;
    if (scope.isEmpty()) {
      return new InboundResult.Ignored("no program sends from this number");
    }
    boolean lifted = false;
    for (Suppression s : ctx.store().suppressions(ctx.tenant(), m.from())) {
      boolean liftable = s.reason() == SuppressionReason.STOP_ALL || s.reason() == SuppressionReason.CARRIER_REPORT;
      SuppressionScope where = s.scopeType();
      boolean coversUs = where instanceof SuppressionScope.Service || where.blocks(m.to(), null);
      if (liftable && coversUs) {
        lifted |= ctx.writes().lift(ctx.tenant(), m.from(), s.scope());
      }
    }
    List<String> restored = new ArrayList<>();
    for (Program p : scope) {
      for (Purpose purpose : ctx.purposesOf(p)) {
        ConsentStatus status = ctx.store().status(ctx.tenant(), m.from(), purpose.id());
        if (status.state() == ConsentState.WITHDRAWN && status.noticeVersion() != null
            && inForce(ledger.append(LedgerEntry.of(m.from(), purpose.id(), EventKind.GRANTED,
                    ConsentMethod.SMS_KEYWORD, Channel.SMS)
                .evidence(evidence).notice(status.noticeVersion()).at(m.receivedAt()).key(key(m, purpose.id()))))) {
          restored.add(purpose.id());
        }
      }
    }
    if (restored.isEmpty() && !lifted) {
      return new InboundResult.Ignored("nothing was opted out here to restore, or the opt-in is not clearly later"
          + " than the opt-out (within the clock-skew tolerance): kept as history");
    }
    boolean replied = false;
    if (m.carrierAction() != CarrierAction.OPT_IN) {
      Program replyAs = scope.get(0);
      replied = replies.send(m.from(), replyAs, m.to(), ctx.replies().render(ReplyTemplates.RESUBSCRIBED,
          language != null ? language : replyAs.defaultLanguage(),
          Map.of("program", replyAs.name(), "frequency", replyAs.frequency())));
    }
    return new InboundResult.OptedIn(restored, replied);
  }

  private InboundResult confirm(InboundMessage m, @Nullable Program program, List<Program> programs, String language,
      Map<String, String> evidence) {
    if (!m.authenticated()) {
      return new InboundResult.Ignored("confirmation from an unauthenticated webhook is never trusted");
    }
    if (!m.from().isValid()) {
      return UNKNOWN_NUMBER;
    }
    Optional<OptInResult.Confirmed> confirmed = optIn.confirmBySms(m, false);
    if (confirmed.isPresent()) {
      return new InboundResult.Confirmed(confirmed.get().requestId(), confirmed.get().purposeIds(), true);
    }
    return optInAgain(m, program, programs, language, evidence);
  }

  private InboundResult help(InboundMessage m, @Nullable Program program, List<Program> programs, String language) {
    if (programs.isEmpty()) {
      return new InboundResult.Help(false); // not one of our senders: never answered from it
    }
    Program replyAs = program != null ? program : programs.get(0);
    boolean allowed = ctx.store().tryAcquire(ctx.tenant(), List.of(new RateLimit(
        "help:" + ctx.store().subjectRef(ctx.tenant(), m.from()), settings.helpPerNumber(), settings.helpWindow())),
        ledger.now());
    if (!allowed) {
      log.info("HELP from {} not answered: over {} per {}", m.from().masked(), settings.helpPerNumber(),
          settings.helpWindow());
    }
    return new InboundResult.Help(allowed && replies.send(m.from(), replyAs, m.to(), replyAs.help(language)));
  }

  private InboundResult unclear(InboundMessage m, @Nullable Program program, List<Program> programs, String language) {
    if (programs.isEmpty()) {
      log.info("unclear reply {} from {} to a number no program sends from: not answered", LogText.safe(m.messageId()),
          m.from().masked());
      reviews.enqueue(m, null, language, false);
      return new InboundResult.Unclear(false);
    }
    Program replyAs = program != null ? program : programs.get(0);
    boolean first = ctx.store().tryAcquire(ctx.tenant(),
        List.of(new RateLimit("clarify:" + ctx.store().subjectRef(ctx.tenant(), m.from()), 1,
            InboundSettings.CLARIFY_ONCE_PER)), ledger.now());
    reviews.enqueue(m, program, language, first); // queued before the question goes out: a failure retries both
    boolean replied = first && replies.send(m.from(), replyAs, m.to(),
        ctx.replies().render(ReplyTemplates.CLARIFY, language, Map.of("program", replyAs.name())));
    return new InboundResult.Unclear(replied);
  }

  private InboundResult other(InboundMessage m, @Nullable Program program, Classification c, String language,
      Map<String, String> evidence) {
    if (program == null || !program.joinKeywords().contains(KeywordClassifier.normalize(m.body()).toUpperCase(Locale.ROOT))) {
      return new InboundResult.Ignored("not a keyword");
    }
    if (!m.authenticated()) {
      return new InboundResult.Ignored("opt-in from an unauthenticated webhook is never trusted");
    }
    if (!m.from().isValid()) {
      return UNKNOWN_NUMBER;
    }
    List<Purpose> purposes = ctx.purposesOf(program).stream().filter(Purpose::requiresConsent).toList();
    if (purposes.isEmpty()) {
      return new InboundResult.Ignored("the program has no consent-based purpose");
    }
    List<Purpose> doubleOptIn = purposes.stream().filter(Purpose::doubleOptIn).toList();
    List<Purpose> single = purposes.stream().filter(p -> !p.doubleOptIn()).toList();
    List<String> granted = new ArrayList<>();
    for (Purpose p : single) {
      if (inForce(ledger.append(
          LedgerEntry.of(m.from(), p.id(), EventKind.GRANTED, ConsentMethod.SMS_KEYWORD, Channel.SMS)
          .evidence(evidence).notice(optIn.latestNotice(p.id(), language)).at(m.receivedAt()).key(key(m, p.id()))))) {
        granted.add(p.id());
      }
    }
    if (!doubleOptIn.isEmpty()) {
      OptInStart start = optIn.startFromKeyword(m, program, doubleOptIn, language);
      if (start instanceof OptInStart.Started s) {
        return new InboundResult.OptInRequested(s.requestId(), true);
      }
      if (start instanceof OptInStart.AlreadyPending p) {
        return new InboundResult.OptInRequested(p.requestId(), false);
      }
      return new InboundResult.Ignored("keyword opt-in not started: " + start.getClass().getSimpleName());
    }
    if (granted.isEmpty()) {
      return new InboundResult.Ignored("the opt-in is not clearly later than the opt-out (within the clock-skew"
          + " tolerance): kept as history");
    }
    boolean replied = replies.send(m.from(), program, m.to(), ctx.replies().render(ReplyTemplates.OPTIN_CONFIRMED,
        language, Map.of("program", program.name(), "frequency", program.frequency())));
    return new InboundResult.OptedIn(granted, replied);
  }

  /**
   * Whether a grant is in force after its append: a grant that is not clearly later than the
   * opt-out it would undo is kept as history (see {@code EventChain.fold}), and is not reported as
   * an opt-in. A duplicate was handled before.
   */
  private static boolean inForce(dev.consent.spi.AppendResult r) {
    return !(r instanceof dev.consent.spi.AppendResult.Appended a) || a.status().state() == ConsentState.GRANTED;
  }

  @Override
  public boolean handle(DeliveryReport report) {
    Checks.notNull(report, "delivery report");
    Optional<MessageRecord> updated = ctx.store().updateDelivery(ctx.tenant(), report.carrierMessageId(),
        report.state(), report.errorCode());
    if (report.isOptOut()) {
      if (updated.isEmpty()) {
        log.warn("opt-out report for unknown message {} from {}: cannot attribute it",
            LogText.safe(report.carrierMessageId()), LogText.safe(report.carrier()));
        return false;
      }
      carrierReports.optOut(updated.get().number(), report.optOutScope(),
          report.errorCode() == null ? "opt-out" : report.errorCode(), "status:" + report.carrierMessageId());
    }
    return updated.isPresent();
  }

  private Map<String, String> evidence(InboundMessage m, Map<String, String> confirmation) {
    Map<String, String> e = new TreeMap<>(confirmation);
    e.put("inboundMessageId", m.messageId());
    e.put("carrier", m.carrier());
    e.put("to", m.to());
    e.put("reply", KeywordText.of(m.body(), ctx));
    e.put("authenticated", Boolean.toString(m.authenticated()));
    if (m.carrierAction() != CarrierAction.NONE) {
      e.put("carrierAction", m.carrierAction().name());
    }
    if (m.service() != null) {
      e.put("service", m.service());
    }
    return e;
  }

  private static String key(InboundMessage m, String purposeId) {
    return "in:" + m.carrier() + ":" + m.messageId() + ":" + purposeId;
  }
}
