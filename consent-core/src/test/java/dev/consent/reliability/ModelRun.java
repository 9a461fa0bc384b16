package dev.consent.reliability;

import static dev.consent.reliability.Model.M;
import static dev.consent.reliability.Model.N;
import static dev.consent.reliability.Model.O;
import static dev.consent.reliability.Model.S1;

import dev.consent.CarrierAction;
import dev.consent.Channel;
import dev.consent.ConsentEvent;
import dev.consent.ConsentMethod;
import dev.consent.ConsentState;
import dev.consent.ConsentStatus;
import dev.consent.DeliveryReport;
import dev.consent.DeliveryState;
import dev.consent.DenyReason;
import dev.consent.EventKind;
import dev.consent.GateDecision;
import dev.consent.GrantRequest;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.LawfulBasis;
import dev.consent.MessageClass;
import dev.consent.Notice;
import dev.consent.OptInResult;
import dev.consent.OptInSettings;
import dev.consent.OptInStart;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.SendOutcome;
import dev.consent.Suppression;
import dev.consent.SuppressionReason;
import dev.consent.WebOptIn;
import dev.consent.WithdrawRequest;
import dev.consent.error.ConsentPolicyException;
import dev.consent.error.ConsentStoreException;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import dev.consent.policy.Intent;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.EventChain;
import dev.consent.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Runs one sequence of steps against real kits on the store under test and against the {@link
 * Model}. Three instances (kits on one store, as several servers of one host) each have their own
 * clock, off the true one by up to {@link #MAX_SKEW} either way; each step runs on one of them, and
 * the adapters' stamps (an inbound message's {@code receivedAt}) come from the receiving instance's
 * clock. Checks after every step, on the gate of every instance: the gate never allows what the model forbids (and denies
 * for the reason the model gives), every opt-out is recorded or surfaced, every status equals the
 * model's and the replay of its ledger, every chain verifies, no idempotency key is stored twice,
 * and the suppression list and the held messages equal the model's; and, from true times alone, that an opt-out answered
 * {@code OptedOut} stays in force until a grant later in true time counted. A store fault makes the step's call fail; the
 * caller then retries as a carrier (webhooks) or host (keyed calls) would, and the outcome must be
 * the same as if nothing had failed.
 */
final class ModelRun {
  static final PhoneNumber[] NUMBERS = {
      PhoneNumber.parse("+12125550123"), PhoneNumber.parse("+13055550123"), PhoneNumber.parse("+14155550101")};
  private static final String CARRIER = "recording";
  private static final Pattern CODE = Pattern.compile("([0-9]{6})");
  private static final String BODY = "Hello from ACME";
  /** Instances (kits with their own clocks) sharing the store. */
  static final int INSTANCES = 3;
  /** The largest error of one instance's clock against true time, either way. */
  static final Duration MAX_SKEW = Duration.ofMinutes(10);
  /**
   * The kits' tolerance: the largest difference between two instances' clocks (2 x {@link
   * #MAX_SKEW}). A grant whose time is more than this after a withdrawal's is later in true time.
   */
  static final Duration TOLERANCE = MAX_SKEW.multipliedBy(2);

  static final Program DEALS = new Program("deals", "ACME Deals", List.of(S1), "Up to 4 msgs/month",
      Map.of("en", "ACME Deals: help at acme.example/help. Reply STOP to cancel."), List.of("JOIN", "DEALS"), "en");
  static final Program NEWS = new Program("news", "ACME News", List.of(Model.S2), "1 msg/week",
      Map.of("en", "ACME News: help at acme.example/help. Reply STOP to cancel."), List.of("NEWS"), "en");

  private final ConsentStore raw;
  private final FaultyStore faulty;
  private final MutableClock clock;
  private final RecordingCarrier carrier = new RecordingCarrier(CARRIER);
  /** The instances: kits on one store, each with its own clock ({@link #skews} off the true one). */
  private final ConsentKit[] kits = new ConsentKit[INSTANCES];
  private final Duration[] skews = new Duration[INSTANCES];
  /** The instance that runs the current step. */
  private int current;
  private final String tenant;
  private final Model model = new Model(NUMBERS.length, TOLERANCE);
  /** Per number, per purpose, the latest true time of an opt-out answered {@code OptedOut}. */
  private final List<Map<String, Instant>> optOutTruth = new ArrayList<>();
  private final Figures figures;
  private final SplittableRandom random;
  private final List<Delivery> deferred = new ArrayList<>();
  private final List<Delivery> delivered = new ArrayList<>();
  private int seq;
  /** Steps run so far: true times of acts in later steps at the same clock reading order after earlier ones. */
  private long stepsRun;
  /** The messages the kits hold ({@code sendOrDefer}), by deferral id, as the model knows them. */
  private final Map<String, Held> held = new java.util.LinkedHashMap<>();
  /** Bodies of held messages the carrier has taken: each at most once, ever. */
  private final Set<String> heldAtCarrier = new HashSet<>();
  /** How many of the carrier's messages have been looked at for held bodies. */
  private int carrierSeen;
  /** True time of the last release that failed part-way: the messages it claimed stay claimed a while. */
  private Instant faultedRelease = Instant.EPOCH;

  /** An inbound message as the carrier sent it, with what the person meant. */
  private record Delivery(int n, InboundMessage message, Op.Phrase phrase, Instant truth) {}

  /** A held message: a body of its own (traced at the carrier), when it is due, and its latest time. */
  private record Held(String id, int n, String purpose, String body, Instant releaseAt, Instant latest) {
    Held due(Instant at) {
      return new Held(id, n, purpose, body, at, latest);
    }
  }

  ModelRun(ConsentStore store, long seed, Figures figures) {
    this.raw = store;
    this.faulty = new FaultyStore(store);
    dev.consent.testkit.LogCheck.hold(NUMBERS);
    dev.consent.testkit.LogCheck.hold(BODY);
    this.figures = figures;
    this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    this.clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextLong(0, 365L * 24 * 3600)));
    this.tenant = "m" + Long.toHexString(seed & 0xffffffffL) + UUID.randomUUID().toString().substring(0, 8);
    Purpose m = new Purpose(M, "Offers by SMS", LawfulBasis.CONSENT, MessageClass.MARKETING, true, Model.M_VALIDITY,
        Duration.ofDays(1095), DEALS);
    Purpose n = new Purpose(N, "Weekly news", LawfulBasis.CONSENT, MessageClass.MARKETING, false, null,
        Duration.ofDays(730), NEWS);
    Purpose o = Purpose.service(O, "Order updates", DEALS);
    for (int i = 0; i < INSTANCES; i++) {
      skews[i] = skew();
      kits[i] = ConsentKit.builder().tenant(tenant).store(faulty.store()).carrier(carrier)
          .clock(java.time.Clock.offset(clock, skews[i])).clockSkewTolerance(TOLERANCE)
          .purposes(m, n, o)
          .notices(new Notice(M, "v1", "en", "Yes, text me offers. Reply STOP to cancel."),
              new Notice(N, "v1", "en", "Yes, text me news. Reply STOP to cancel."))
          .optIn(OptInSettings.defaults().withLimits(100_000, 100_000, 1_000_000, 100_000, Duration.ofHours(1))
              .withCooldown(Duration.ZERO).withPendingTtl(Model.PENDING_TTL).withMaxAttempts(Model.MAX_ATTEMPTS))
          .retention(Model.RETENTION)
          .build();
    }
    for (int i = 0; i < NUMBERS.length; i++) {
      optOutTruth.add(new HashMap<>());
    }
  }

  /**
   * One instance's clock error: none, a few seconds, the largest either way, or any value up to the
   * largest (in milliseconds, so that events of two instances rarely share an instant).
   */
  private Duration skew() {
    long max = MAX_SKEW.toMillis();
    return switch (random.nextInt(6)) {
      case 0 -> Duration.ZERO;
      case 1 -> Duration.ofMillis(random.nextLong(-5_000, 5_001));
      case 2 -> MAX_SKEW;
      case 3 -> MAX_SKEW.negated();
      default -> Duration.ofMillis(random.nextLong(-max, max + 1));
    };
  }

  /**
   * True time now, with the step's number added in nanoseconds (far below the clocks' millisecond):
   * of two acts in steps at the same clock reading (a STOP, then a sign-up confirmed at once), the
   * later step's act is the later one.
   */
  private Instant trueNow() {
    return clock.instant().plusNanos(stepsRun);
  }

  /** The kit of the instance running the current step. */
  private ConsentKit kit() {
    return kits[current];
  }

  /** The time on the clock of the instance running the current step. */
  private Instant now() {
    return clock.instant().plus(skews[current]);
  }

  /** Runs the steps; an {@link AssertionError} names the failing step. */
  void run(List<Op.Step> steps) {
    for (int i = 0; i < steps.size(); i++) {
      Op.Step step = steps.get(i);
      try {
        step(step);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("step " + (i + 1) + " of " + steps.size() + " (" + step + ") at " + clock.instant()
            + " (instance clocks off by " + java.util.Arrays.toString(skews) + "): " + e.getMessage(), e);
      }
      figures.inc("steps");
      figures.inc("steps." + step.op().getClass().getSimpleName());
    }
    figures.add("stopsOverLaterStampedGrants", model.stopsOverLaterStamps);
    figures.add("grantsWithinTolerance", model.grantsWithinTolerance);
  }

  private void step(Op.Step step) {
    Op op = step.op();
    Op.Fault fault = step.fault();
    current = step.instance() % INSTANCES;
    stepsRun++;
    model.truth = trueNow();
    if (fault != null) {
      if (fault.down()) {
        faulty.down(true);
      } else if (op instanceof Op.ReleaseDue && fault.call() % 3 != 2) {
        // two of three release faults strike after the carrier took a message: its confirmation or
        // its removal from the held ones fails, and a later release must find it sent, not send it again
        faulty.armAt(fault.call() % 3 == 0 ? "confirmSends" : "removeDeferred", FaultyStore.Mode.BEFORE);
      } else {
        boolean lostReplyIsSafe = op instanceof Op.Inbound || op instanceof Op.DeliverDeferred
            || op instanceof Op.Redeliver || op instanceof Op.Grant || op instanceof Op.Withdraw
            || op instanceof Op.HostSuppress || op instanceof Op.OptOutReport || op instanceof Op.Check
            || op instanceof Op.Campaign || op instanceof Op.Erase || op instanceof Op.RetentionRun;
        faulty.arm(fault.call(), lostReplyIsSafe ? fault.mode() : FaultyStore.Mode.BEFORE);
      }
    }
    try {
      List<Integer> touched = exec(op);
      faulty.disarm();
      boolean timeOnly = op instanceof Op.Advance || op instanceof Op.DstJump;
      for (int n : touched) {
        if (timeOnly) {
          probeGate(n);
        } else {
          checkNumber(n);
        }
      }
    } finally {
      faulty.disarm();
    }
  }

  /** What one attempt gave: a value, or the store failure it surfaced, and whether a fault fired. */
  private record Attempt<T>(@Nullable T value, @Nullable ConsentStoreException error, boolean faulted) {}

  /** Calls once with the armed fault; a surfaced store failure is retried once the store is back. */
  private <T> Attempt<T> attempt(Supplier<T> call) {
    try {
      T v = call.get();
      return new Attempt<>(v, null, fired());
    } catch (ConsentStoreException e) {
      dev.consent.testkit.LogCheck.thrown(e);
      if (!fired()) {
        throw new AssertionError("store failure without an injected fault: " + e.getMessage(), e);
      }
      figures.inc("surfacedErrors");
      figures.inc("retries");
      return new Attempt<>(call.get(), e, true);
    }
  }

  private boolean fired() {
    String at = faulty.disarm();
    if (at != null) {
      figures.inc("faults");
    }
    return at != null;
  }

  private static List<Integer> all() {
    return List.of(0, 1, 2);
  }

  private List<Integer> exec(Op op) {
    Instant now = now();
    if (op instanceof Op.WebStart s) {
      webStart(s.n(), now);
      return List.of(s.n());
    }
    if (op instanceof Op.WebConfirm c) {
      webConfirm(c, now);
      return List.of(c.n());
    }
    if (op instanceof Op.Grant g) {
      grant(g, now);
      return List.of(g.n());
    }
    if (op instanceof Op.Withdraw w) {
      withdraw(w, now);
      return List.of(w.n());
    }
    if (op instanceof Op.HostSuppress h) {
      attempt(() -> {
        kit().registry().suppress(NUMBERS[h.n()], "complaint");
        return true;
      });
      model.suppress(h.n(), Suppression.ALL, SuppressionReason.HOST);
      return List.of(h.n());
    }
    if (op instanceof Op.Inbound in) {
      Delivery d = inbound(in, now);
      if (in.defer()) {
        deferred.add(d);
        fired();
        return List.of();
      }
      deliver(d);
      return List.of(in.n());
    }
    if (op instanceof Op.DeliverDeferred d) {
      if (deferred.isEmpty()) {
        fired();
        return List.of();
      }
      Delivery late = deferred.remove(d.pick() % deferred.size());
      figures.inc("outOfOrderWebhooks");
      deliver(late);
      return List.of(late.n());
    }
    if (op instanceof Op.Redeliver r) {
      if (delivered.isEmpty()) {
        fired();
        return List.of();
      }
      Delivery again = delivered.get(r.pick() % delivered.size());
      figures.inc("duplicateWebhooks");
      deliver(again);
      return List.of(again.n());
    }
    if (op instanceof Op.Check c) {
      Attempt<GateDecision> a = attempt(() -> kit().gate().check(message(c.n(), c.purpose())));
      judge(c.n(), c.purpose(), a.value(), a.faulted());
      return List.of(c.n());
    }
    if (op instanceof Op.Send s) {
      send(s.n(), s.purpose(), BODY, null, now);
      return List.of(s.n());
    }
    if (op instanceof Op.Campaign c) {
      List<OutboundMessage> batch = List.of(message(0, c.purpose()), message(1, c.purpose()), message(2, c.purpose()));
      Attempt<List<GateDecision>> a = attempt(() -> kit().gate().checkAll(batch));
      for (int i = 0; i < batch.size(); i++) {
        judge(i, c.purpose(), a.value().get(i), a.faulted());
      }
      return List.of();
    }
    if (op instanceof Op.OptOutReport r) {
      optOutReport(r, now);
      return all();
    }
    if (op instanceof Op.Expire) {
      Attempt<Integer> a = attempt(() -> kit().doubleOptIn().expire());
      int expected = 0;
      for (int n = 0; n < NUMBERS.length; n++) {
        for (Model.Request q : model.requests.get(n)) {
          if (q.state.equals("PENDING") && !q.expiresAt.isAfter(now)) {
            model.expired(n, q, now);
            expected++;
          }
        }
      }
      if (!a.faulted() && a.value() != expected) {
        throw new AssertionError("expire() closed " + a.value() + " requests, the model " + expected);
      }
      return all();
    }
    if (op instanceof Op.SendOrDefer s) {
      send(s.n(), s.purpose(), BODY + " #" + (++seq), Duration.ofHours(s.hours()), now); // a body of its own
      return List.of(s.n());
    }
    if (op instanceof Op.ReleaseDue) {
      releaseDue(now);
      return all();
    }
    if (op instanceof Op.Erase e) {
      attempt(() -> kit().registry().erase(NUMBERS[e.n()], "art17-request"));
      model.erase(e.n(), now);
      held.values().removeIf(h -> h.n() == e.n()); // erasure deletes the messages held for the person
      figures.inc("erasures");
      return List.of(e.n());
    }
    if (op instanceof Op.RetentionRun) {
      retention(now);
      return all();
    }
    if (op instanceof Op.Advance a) {
      fired();
      clock.advance(Duration.ofSeconds(a.seconds()));
      return all();
    }
    if (op instanceof Op.DstJump j) {
      fired();
      ZoneId zone = Model.PLACES[j.zone() == 0 ? 0 : 2].zone();
      ZoneOffsetTransition t = zone.getRules().nextTransition(now);
      Instant target = t.getInstant().minusSeconds(j.secondsBefore());
      if (target.isAfter(now) && Duration.between(now, target).toDays() < 200) {
        clock.set(target);
        figures.inc("dstJumps");
      } else {
        clock.advance(Duration.ofHours(1));
      }
      return all();
    }
    throw new AssertionError("unknown op " + op);
  }

  // ---- double opt-in on the web

  private void webStart(int n, Instant now) {
    if (!model.erased(n) && pendingAhead(n, now) != null) {
      // By this instance's clock the open request lies in its future, so a start falls in its
      // cool-down and would get a handle of its own on that SMS (no event, nothing sent). The model
      // does not track such handles (their own expiry and closing rules); DoubleOptInCallersTest
      // covers them. The step is skipped, not executed unchecked.
      figures.inc("startsWhilePendingAheadSkipped");
      return;
    }
    Attempt<OptInStart> a = attempt(() -> kit().doubleOptIn().start(WebOptIn.of(NUMBERS[n], M, "v1")));
    if (model.erased(n)) {
      if (!(a.value() instanceof OptInStart.Refused)) {
        throw new AssertionError("a web opt-in for an erased number was not refused: " + a.value());
      }
      figures.inc("webStartsRefusedAfterErasure");
      return;
    }
    if (model.alreadyGranted(n, now)) {
      if (!(a.value() instanceof OptInStart.AlreadyGranted)) {
        throw new AssertionError("a web sign-up of a number granted under the same notice was not answered"
            + " AlreadyGranted: " + a.value());
      }
      figures.inc("webStartsAlreadyGranted");
      return;
    }
    if (!(a.value() instanceof OptInStart.Started s)) {
      throw new AssertionError("web opt-in did not start: " + a.value());
    }
    model.started(n, s.requestId(), lastCode(n), now);
  }

  /**
   * The open request that this instance's clock says was created in its future (another instance's
   * clock runs ahead): by that clock a new start falls in its cool-down.
   */
  private Model.@Nullable Request pendingAhead(int n, Instant now) {
    Model.Request open = model.openRequest(n, now);
    return open != null && now.isBefore(open.createdAt) ? open : null;
  }

  private String lastCode(int n) {
    String body = carrier.lastTo(NUMBERS[n]).orElseThrow().sms().body();
    Matcher m = CODE.matcher(body);
    if (!m.find()) {
      throw new AssertionError("the last message to the number carries no code");
    }
    dev.consent.testkit.LogCheck.hold(m.group(1));
    return m.group(1);
  }

  private void webConfirm(Op.WebConfirm c, Instant now) {
    Model.Request q = c.latest() ? model.latestRequest(c.n()) : null;
    String id = q != null ? q.id : UUID.randomUUID().toString();
    String code;
    if (q != null && c.rightCode()) {
      code = c.wrong() == 0 ? " " + q.code + " " : q.code;
    } else {
      code = switch (c.wrong()) {
        case 0 -> otherCode(q == null ? "" : q.code);
        case 1 -> "";
        case 2 -> "12345678901234567";
        default -> (q == null ? "000000" : q.code) + "1";
      };
    }
    String expected;
    int left = -1;
    if (q == null || q.state.equals("CONFIRMED")) {
      expected = "NotFound";
    } else if (q.state.equals("PENDING") && q.attempts >= Model.MAX_ATTEMPTS) {
      expected = "TooManyAttempts"; // locked for the web only: the phone's reply still confirms it
    } else if (q.state.equals("EXPIRED") || !now.isBefore(q.expiresAt)) {
      if (q.state.equals("PENDING")) {
        model.expired(c.n(), q, now);
      }
      expected = "Expired";
    } else if (!code.strip().equals(q.code)) {
      q.attempts++;
      if (q.attempts >= Model.MAX_ATTEMPTS) {
        expected = "TooManyAttempts";
      } else {
        expected = "WrongCode";
        left = Model.MAX_ATTEMPTS - q.attempts;
      }
    } else {
      model.confirmed(c.n(), q, now);
      expected = "Confirmed";
    }
    Attempt<OptInResult> a = attempt(() -> kit().doubleOptIn().confirm(id, code));
    if (!a.faulted()) {
      expectKind(a.value(), expected);
      if (a.value() instanceof OptInResult.WrongCode w && w.attemptsLeft() != left) {
        throw new AssertionError("attempts left " + w.attemptsLeft() + ", model " + left);
      }
    }
  }

  private String otherCode(String not) {
    String c;
    do {
      c = String.format("%06d", random.nextInt(1_000_000));
    } while (c.equals(not));
    return c;
  }

  // ---- registry

  private void grant(Op.Grant g, Instant now) {
    PhoneNumber num = NUMBERS[g.n()];
    String key = "grant-" + (++seq);
    Instant at = g.backSeconds() == 0 ? null : now.minusSeconds(g.backSeconds());
    model.truth = trueNow().minusSeconds(g.backSeconds());
    if (g.purpose().equals(M)) {
      GrantRequest r = GrantRequest.of(num, M, ConsentMethod.WEB_FORM, Channel.WEB, "v1", Map.of("form", "f"));
      try {
        kit().registry().grant(r);
        throw new AssertionError("a web-form grant of a double opt-in purpose was accepted");
      } catch (ConsentPolicyException expected) {
        dev.consent.testkit.LogCheck.thrown(expected);
        fired();
        return;
      } catch (ConsentStoreException e) {
        dev.consent.testkit.LogCheck.thrown(e);
        if (!fired()) {
          throw e;
        }
        return;
      }
    }
    GrantRequest r = g.purpose().equals(N)
        ? new GrantRequest(num, N, ConsentMethod.WEB_FORM, Channel.WEB, "v1", Map.of("form", "https://acme.example/news"),
            at, key)
        : new GrantRequest(num, O, ConsentMethod.API, Channel.API, null, Map.of("contract", "c-1"), at, key);
    attempt(() -> kit().registry().grant(r));
    model.append(g.n(), g.purpose(), EventKind.GRANTED, at == null ? now : at, r.noticeVersion(), key);
  }

  private void withdraw(Op.Withdraw w, Instant now) {
    String key = "withdraw-" + (++seq);
    WithdrawRequest r = new WithdrawRequest(NUMBERS[w.n()], w.purpose(), ConsentMethod.API, Channel.API, Map.of(), null,
        key);
    List<String> targets = new ArrayList<>();
    for (String p : Model.PURPOSES) {
      ConsentState s = model.status(w.n(), p).state;
      if (p.equals(w.purpose()) || (w.purpose() == null && (s == ConsentState.GRANTED || s == ConsentState.PENDING))) {
        targets.add(p);
      }
    }
    attempt(() -> kit().registry().withdraw(r));
    for (String p : targets) {
      model.append(w.n(), p, EventKind.WITHDRAWN, now, null, key + ":" + p);
    }
  }

  // ---- inbound

  private Delivery inbound(Op.Inbound in, Instant now) {
    Op.Phrase phrase = Op.PHRASES.get(in.phrase());
    String text = phrase.text();
    if (text.equals(Op.Phrase.RIGHT_CODE)) {
      Model.Request q = model.latestRequest(in.n());
      text = q == null ? otherCode("") : q.code;
    } else if (text.equals(Op.Phrase.WRONG_CODE)) {
      Model.Request q = model.latestRequest(in.n());
      text = otherCode(q == null ? "" : q.code);
    }
    String id = "SM" + String.format("%032x", ++seq);
    InboundMessage m = new InboundMessage(CARRIER, id, NUMBERS[in.n()], in.sender(), text,
        now.minusSeconds(in.lateSeconds()), in.authenticated(), phrase.action(), null);
    if (in.lateSeconds() > 0) {
      figures.inc("lateWebhooks");
    }
    return new Delivery(in.n(), m, phrase, trueNow().minusSeconds(in.lateSeconds()));
  }

  private void deliver(Delivery d) {
    figures.inc("inbound");
    Instant now = now();
    model.truth = d.truth();
    InboundMessage m = d.message();
    Model.Request ahead = pendingAhead(d.n(), now);
    String expected = expectInbound(d, now);
    Attempt<InboundResult> a = attempt(() -> kit().inbound().handle(m));
    if (!a.faulted()) {
      expectKind(a.value(), expected);
    } else if (a.value() instanceof InboundResult.Duplicate && !expected.equals("Duplicate")) {
      figures.inc("completedBeforeLostReply");
    }
    if (expected.equals("OptInRequested") && ahead != null) {
      if (!a.faulted() && !(a.value() instanceof InboundResult.OptInRequested q && q.requestId().equals(ahead.id))) {
        throw new AssertionError("a keyword opt-in while a request created later by another instance's clock is open: "
            + a.value());
      }
      figures.inc("startsWhilePendingAhead");
    } else if (expected.equals("OptInRequested")) {
      InboundResult r = a.value();
      String requestId;
      if (r instanceof InboundResult.OptInRequested q) {
        requestId = q.requestId();
      } else if (a.faulted() && r instanceof InboundResult.Duplicate) {
        // the first attempt completed and only its answer was lost: the request exists in the store
        requestId = requestStartedBy(m);
      } else {
        throw new AssertionError("keyword opt-in did not start: " + r);
      }
      model.started(d.n(), requestId, lastCode(d.n()), now);
    }
    if (!expected.equals("Duplicate")) {
      delivered.add(d);
    }
    boolean optOut = m.carrierAction() == CarrierAction.OPT_OUT || d.phrase().intent().isOptOut();
    if (optOut && expected.equals("OptedOut")) {
      figures.inc("optOuts");
      if (a.error() != null) {
        figures.inc("optOutsSurfacedThenRetried");
      }
      for (String p : optOutTargets(d)) {
        optOutTruth.get(d.n()).merge(p, d.truth(), (x, y) -> x.isAfter(y) ? x : y);
        ConsentEvent e = raw.eventByIdempotencyKey(tenant, key(m, p)).orElse(null);
        if (e == null || e.kind() != EventKind.WITHDRAWN) {
          figures.inc("lostOptOuts");
          throw new AssertionError("opt-out lost: no WITHDRAWN of " + p + " for inbound " + m.messageId());
        }
      }
    }
  }

  /**
   * The request that {@code m} started, found by the message recorded in its evidence. Not "the
   * newest" of the number: a web start and this keyword can share one clock instant, and requests
   * created at one instant have no order by creation (a store orders them by request id).
   */
  private String requestStartedBy(InboundMessage m) {
    List<String> ids = raw.pendingFor(tenant, m.from()).stream()
        .filter(p -> m.messageId().equals(p.evidence().get("inboundMessageId"))
            && m.carrier().equals(p.evidence().get("carrier")))
        .map(dev.consent.PendingOptIn::requestId).toList();
    if (ids.size() != 1) {
      throw new AssertionError("inbound " + m.messageId() + " started " + ids.size() + " requests, expected one: " + ids);
    }
    return ids.get(0);
  }

  private static String key(InboundMessage m, String purpose) {
    return "in:" + m.carrier() + ":" + m.messageId() + ":" + purpose;
  }

  private static List<String> optOutTargets(Delivery d) {
    if (d.message().carrierAction() != CarrierAction.OPT_OUT && d.phrase().intent() == Intent.OPT_OUT_ALL) {
      return Model.PURPOSES;
    }
    List<String> scope = Model.purposesOfSender(d.message().to());
    if (scope.isEmpty()) {
      return List.of(M, N);
    }
    // the kits' default opt-out rule (OptOutRule.fccRevokeAll()): from the FCC's revoke-all date, a STOP
    // from a US number (all of this suite's) also withdraws every purpose that needs consent
    if (!d.message().receivedAt().isBefore(dev.consent.OptOutRule.FCC_REVOKE_ALL)) {
      return Model.PURPOSES.stream().filter(p -> scope.contains(p) || p.equals(M) || p.equals(N)).toList();
    }
    return scope;
  }

  /** The rules for one inbound message, applied to the model; returns the expected result's kind. */
  private String expectInbound(Delivery d, Instant now) {
    InboundMessage m = d.message();
    int n = d.n();
    if (!m.authenticated()) {
      return "Quarantined"; // never applied, answered or marked handled (no confirmer in this suite)
    }
    if (!model.handled.add(m.carrier() + "\u0000" + m.messageId())) {
      return "Duplicate";
    }
    if (m.carrierAction() == CarrierAction.OPT_OUT) {
      return optOut(d, now);
    }
    if (m.carrierAction() == CarrierAction.OPT_IN) {
      return optInAgain(d);
    }
    boolean isCode = m.body().matches("\\s*[0-9]{6}\\s*");
    if (isCode && m.authenticated()) {
      Model.Request q = model.openRequest(n, now);
      if (q != null && m.to().equals(S1) && q.code.equals(m.body().strip()) && !m.receivedAt().isBefore(q.createdAt)) {
        model.confirmed(n, q, m.receivedAt());
        return "Confirmed";
      }
    }
    Intent intent = isCode ? Intent.OTHER : d.phrase().intent();
    return switch (intent) {
      case OPT_OUT, OPT_OUT_ALL -> optOut(d, now);
      case OPT_IN -> optInAgain(d);
      case CONFIRM -> {
        if (!m.authenticated()) {
          yield "Ignored";
        }
        Model.Request q = model.openRequest(n, now);
        if (q != null && m.to().equals(S1) && !m.receivedAt().isBefore(q.createdAt)) {
          model.confirmed(n, q, m.receivedAt());
          yield "Confirmed";
        }
        yield optInAgain(d);
      }
      case HELP -> "Help";
      case UNCLEAR -> "Unclear";
      case OTHER -> joinKeyword(d);
    };
  }

  private String optOut(Delivery d, Instant now) {
    InboundMessage m = d.message();
    for (String p : optOutTargets(d)) {
      model.append(d.n(), p, EventKind.WITHDRAWN, m.receivedAt(), null, key(m, p));
    }
    if (m.carrierAction() != CarrierAction.OPT_OUT && d.phrase().intent() == Intent.OPT_OUT_ALL) {
      model.suppress(d.n(), Suppression.ALL, SuppressionReason.STOP_ALL);
    }
    for (Model.Request q : model.requests.get(d.n())) {
      if (q.openAt(now)) {
        model.expired(d.n(), q, now);
      }
    }
    return "OptedOut";
  }

  private String optInAgain(Delivery d) {
    InboundMessage m = d.message();
    if (!m.authenticated()) {
      return "Ignored";
    }
    List<String> purposes = Model.purposesOfSender(m.to());
    if (purposes.isEmpty()) {
      return "Ignored";
    }
    Map<String, SuppressionReason> sup = model.suppressed.get(d.n());
    boolean lifted = sup.entrySet().removeIf(e -> (e.getValue() == SuppressionReason.STOP_ALL
        || e.getValue() == SuppressionReason.CARRIER_REPORT) && (e.getKey().equals(Suppression.ALL)
        || e.getKey().equals(Suppression.senderScope(m.to())) || e.getKey().startsWith("service:")));
    boolean restored = false;
    for (String p : purposes) {
      Model.Status s = model.status(d.n(), p);
      if (s.state == ConsentState.WITHDRAWN && s.notice != null
          && model.append(d.n(), p, EventKind.GRANTED, m.receivedAt(), s.notice, key(m, p))) {
        restored = true;
      }
    }
    return restored || lifted ? "OptedIn" : "Ignored";
  }

  private String joinKeyword(Delivery d) {
    InboundMessage m = d.message();
    String word = m.body().strip().toUpperCase(java.util.Locale.ROOT);
    boolean join = m.to().equals(S1) ? Set.of("JOIN", "DEALS").contains(word)
        : m.to().equals(Model.S2) && word.equals("NEWS");
    if (!join || !m.authenticated()) {
      return "Ignored";
    }
    if (m.to().equals(S1)) {
      return "OptInRequested";
    }
    return model.append(d.n(), N, EventKind.GRANTED, m.receivedAt(), "v1", key(m, N)) ? "OptedIn" : "Ignored";
  }

  // ---- gate

  private static OutboundMessage message(int n, String purpose) {
    return OutboundMessage.of(NUMBERS[n], purpose, BODY);
  }

  /**
   * {@code send}, or with a delay {@code sendOrDefer}: sent when the model allows it now; with a delay,
   * held when quiet hours or a cap refuse it and the refusal lifts within the delay (then the release
   * instant must be the first at which it lifts); refused otherwise.
   */
  private void send(int n, String purpose, String body, @Nullable Duration delay, Instant now) {
    OutboundMessage m = OutboundMessage.of(NUMBERS[n], purpose, body);
    SendOutcome outcome;
    boolean faulted;
    int before = carrier.sent().size();
    try {
      outcome = delay == null ? kit().gate().send(m) : kit().gate().sendOrDefer(m, delay);
      faulted = fired();
    } catch (ConsentStoreException e) {
      sendFailed(e, n, purpose, before, now); // nothing was held
      return;
    }
    if (outcome instanceof SendOutcome.Sent sent) {
      judge(n, purpose, new GateDecision.Allowed(sent.sender()), false);
      model.sent.add(new Model.Sent(n, purpose, sent.sender(), sent.carrierMessageId(), now));
      figures.inc("sent");
    } else if (outcome instanceof SendOutcome.Deferred d && delay != null) {
      judge(n, purpose, d.decision(), faulted);
      Held h = new Held(d.deferralId(), n, purpose, body, d.releaseAt(), now.plus(delay));
      expectFirstLift(h, d.decision(), now);
      held.put(h.id(), h);
      figures.inc("held");
    } else if (outcome instanceof SendOutcome.Blocked b) {
      judge(n, purpose, b.decision(), faulted);
      if (delay != null && liftsBy(b.decision(), now.plus(delay))) {
        throw new AssertionError("refused instead of held: " + b.decision() + " lifts within " + delay);
      }
      figures.inc(delay == null ? "blocked" : "notHeld");
    } else {
      throw new AssertionError("unexpected outcome (the recording carrier accepts everything): " + outcome);
    }
  }

  // ---- deferral

  /** A refusal that time alone lifts by {@code latest}: the kit must hold such a message. */
  private static boolean liftsBy(GateDecision.Denied d, Instant latest) {
    return (d.reason() == DenyReason.QUIET_HOURS || d.reason() == DenyReason.FREQUENCY_CAP) && d.retryAt() != null
        && !d.retryAt().isAfter(latest);
  }

  /**
   * A held message's release instant: after now, by its latest time, the refusal lifted then by the
   * model's windows and counts, and still standing a second before (not held longer than needed).
   */
  private void expectFirstLift(Held h, GateDecision.Denied d, Instant now) {
    if (!h.releaseAt().isAfter(now) || h.releaseAt().isAfter(h.latest())) {
      throw new AssertionError("held " + h + " at " + now + " until outside (now, latest]");
    }
    if (refused(h, d.reason(), h.releaseAt()) || !refused(h, d.reason(), h.releaseAt().minusSeconds(1))) {
      throw new AssertionError("held " + h + " for " + d.reason() + " until " + h.releaseAt()
          + ", which is not the first instant the model lifts it");
    }
  }

  /** Whether, with the sends logged so far, the model refuses {@code h} at {@code at} for {@code reason}. */
  private boolean refused(Held h, DenyReason reason, Instant at) {
    Model.Place place = Model.PLACES[h.n()];
    if (reason == DenyReason.QUIET_HOURS) {
      return !place.open(at);
    }
    return Model.marketing(h.purpose()) && place.cap() > 0 && model.sendsInWindow(h.n(), h.purpose(), at) >= place.cap()
        || model.programSendsInWindow(h.n(), h.purpose(), at) >= Model.programMax(h.purpose());
  }

  /**
   * {@code releaseDue} as a scheduler calls it, on any instance: every message reported was held and
   * due; one the carrier takes is one the model allows now, and no held message ever reaches the
   * carrier twice (a release that fails part-way is retried by a later one, which finds the message
   * sent); one held again or dropped is refused for the model's reason; an opt-out in between wins.
   * After a release without faults, once no claim of a failed one can stand, nothing due is left held.
   */
  private void releaseDue(Instant now) {
    Map<String, SendOutcome> reported = new java.util.LinkedHashMap<>();
    boolean faulted;
    try {
      kit().gate().releaseDue((id, to, outcome) -> reported.put(id, outcome));
      faulted = fired();
    } catch (ConsentStoreException e) {
      dev.consent.testkit.LogCheck.thrown(e);
      if (!fired()) {
        throw new AssertionError("store failure without an injected fault: " + e.getMessage(), e);
      }
      faulted = true;
      figures.inc("surfacedErrors");
    }
    if (faulted) {
      faultedRelease = model.truth;
    }
    Map<String, RecordingCarrier.Sent> taken = carrierTook();
    for (Map.Entry<String, SendOutcome> e : reported.entrySet()) {
      Held h = held.get(e.getKey());
      if (h == null) {
        throw new AssertionError("released " + e.getKey() + ", which is not held");
      }
      if (h.releaseAt().isAfter(now)) {
        throw new AssertionError("released " + h + " before it was due, at " + now);
      }
      released(h, e.getValue(), taken.remove(h.body()) != null, faulted, now);
    }
    for (RecordingCarrier.Sent unreported : taken.values()) {
      // the release stopped after the carrier took the message: it stays held, and the next release finds it sent
      Held h = held.values().stream().filter(x -> x.body().equals(unreported.sms().body())).findFirst().orElseThrow();
      if (!faulted) {
        throw new AssertionError("the carrier took held message " + h + " and the release reported nothing");
      }
      judge(h.n(), h.purpose(), new GateDecision.Allowed(unreported.sms().from()), false);
      // confirmed or not, the model cannot tell: no carrier report is tried on it
      model.sent.add(new Model.Sent(h.n(), h.purpose(), unreported.sms().from(), null, now));
      figures.inc("releasedUnreported");
    }
    if (!faulted && model.truth.isAfter(faultedRelease.plus(Duration.ofMinutes(1)).plus(TOLERANCE))) {
      for (Held h : held.values()) {
        if (!h.releaseAt().isAfter(now) && !reported.containsKey(h.id())) {
          throw new AssertionError("due message " + h + " was not released at " + now);
        }
      }
    }
    figures.inc("releases");
  }

  /** One reported release, checked against the model and the carrier, and applied to the model. */
  private void released(Held h, SendOutcome o, boolean newAtCarrier, boolean faulted, Instant now) {
    if (o instanceof SendOutcome.Sent s) {
      held.remove(h.id());
      if (newAtCarrier) {
        if (now.isAfter(h.latest())) {
          throw new AssertionError("sent " + h + " after its latest time, at " + now);
        }
        judge(h.n(), h.purpose(), new GateDecision.Allowed(s.sender()), false);
        model.sent.add(new Model.Sent(h.n(), h.purpose(), s.sender(), s.carrierMessageId(), now));
        figures.inc("releasedSent");
      } else if (heldAtCarrier.contains(h.body())) {
        figures.inc("releasedFoundSent");
      } else {
        throw new AssertionError("the release of " + h + " reported it sent; the carrier never took it");
      }
      return;
    }
    if (newAtCarrier) {
      throw new AssertionError("the carrier took held message " + h + ", but its release reported " + o);
    }
    if (o instanceof SendOutcome.Deferred d) {
      if (d.decision().reason() == DenyReason.STORE_UNAVAILABLE) {
        if (!faulted || !d.releaseAt().equals(h.releaseAt())) {
          throw new AssertionError("held " + h + " again over a store failure without a fault, or moved: " + d);
        }
        figures.inc("releasesHeldOverOutage");
        return;
      }
      judge(h.n(), h.purpose(), d.decision(), faulted);
      Held again = h.due(d.releaseAt());
      expectFirstLift(again, d.decision(), now);
      held.put(h.id(), again);
      figures.inc("releasedHeldAgain");
    } else if (o instanceof SendOutcome.Blocked b) {
      held.remove(h.id());
      if (now.isAfter(h.latest())) {
        figures.inc("releasedExpired");
        return;
      }
      judge(h.n(), h.purpose(), b.decision(), faulted);
      if (b.decision().reason() == DenyReason.STORE_UNAVAILABLE || liftsBy(b.decision(), h.latest())) {
        throw new AssertionError("dropped " + h + " for " + b.decision() + ", which time lifts by its latest time");
      }
      figures.inc(optOutStands(h.n(), h.purpose()) ? "releasedOptOutWon" : "releasedBlocked");
    } else if (o instanceof SendOutcome.Failed f) {
      held.remove(h.id());
      if (!heldAtCarrier.contains(h.body())) {
        throw new AssertionError("the release of " + h + " failed, and no earlier one sent it: " + f);
      }
      figures.inc("releasedInDoubt");
    }
  }

  /** The held messages the carrier took since the last look, by body; none of them ever twice. */
  private Map<String, RecordingCarrier.Sent> carrierTook() {
    List<RecordingCarrier.Sent> all = carrier.sent();
    Map<String, RecordingCarrier.Sent> out = new HashMap<>();
    Set<String> bodies = new HashSet<>();
    held.values().forEach(h -> bodies.add(h.body()));
    for (; carrierSeen < all.size(); carrierSeen++) {
      RecordingCarrier.Sent s = all.get(carrierSeen);
      String body = s.sms().body();
      if (heldAtCarrier.contains(body)) {
        figures.inc("heldSentTwice");
        throw new AssertionError("HELD MESSAGE SENT TWICE: " + body);
      }
      if (bodies.contains(body)) {
        heldAtCarrier.add(body);
        out.put(body, s);
      }
    }
    return out;
  }

  /**
   * A send that surfaced a store failure (not retried: it could send twice). When the carrier took
   * the message, the failure came after it (confirming the send): the entry reserved before the
   * carrier call stays in the log and counts toward the caps, so the model counts it too.
   */
  private void sendFailed(ConsentStoreException e, int n, String purpose, int carrierBefore, Instant now) {
    dev.consent.testkit.LogCheck.thrown(e);
    if (!fired()) {
      throw e;
    }
    figures.inc("surfacedErrors");
    List<RecordingCarrier.Sent> all = carrier.sent();
    if (all.size() > carrierBefore) {
      RecordingCarrier.Sent took = all.get(all.size() - 1);
      judge(n, purpose, new GateDecision.Allowed(took.sms().from()), false);
      // no carrier id: the store never learned it, so a carrier report naming it cannot match
      model.sent.add(new Model.Sent(n, purpose, took.sms().from(), null, now));
      figures.inc("sentButUnconfirmed");
    }
  }

  /** Compares a gate decision with the model's; counts what was wrongly allowed. */
  private void judge(int n, String purpose, GateDecision d, boolean faulted) {
    figures.inc("decisions");
    Instant now = now();
    if (optOutStands(n, purpose)) {
      figures.inc("checksAfterOptOut");
      if (d.isAllowed()) {
        figures.inc("lostOptOuts");
        throw new AssertionError("OPT-OUT LOST: " + purpose + " to number " + n + " allowed on instance " + current
            + " after an opt-out at true time " + optOutTruth.get(n).get(purpose) + " with no later grant (latest "
            + model.grantedTruth.get(n).get(purpose) + ")");
      }
    }
    if (faulted && d instanceof GateDecision.Denied x && x.reason() == DenyReason.STORE_UNAVAILABLE) {
      figures.inc("deniedStoreUnavailable");
      return;
    }
    DenyReason verdict = model.consentVerdict(n, purpose, now);
    String where = purpose + " to number " + n + " (" + model.status(n, purpose).state + ", suppressed "
        + model.suppressed.get(n) + ")";
    if (verdict != null) {
      if (d.isAllowed()) {
        figures.inc(Model.marketing(purpose) ? "wronglyAllowed" : "wronglyAllowedService");
        throw new AssertionError("WRONGLY ALLOWED: " + where + " should be denied as " + verdict);
      }
      DenyReason got = ((GateDecision.Denied) d).reason();
      if (got != verdict) {
        throw new AssertionError("denied " + where + " as " + got + ", the model says " + verdict);
      }
      return;
    }
    Model.Place place = Model.PLACES[n];
    boolean open = !Model.marketing(purpose) || place.open(now);
    int count = model.sendsInWindow(n, purpose, now);
    int programCount = model.programSendsInWindow(n, purpose, now);
    boolean capped = Model.marketing(purpose) && place.cap() > 0 && count >= place.cap()
        || programCount >= Model.programMax(purpose);
    if (d.isAllowed()) {
      if (!open || capped) {
        figures.inc("wronglyAllowed");
        throw new AssertionError("WRONGLY ALLOWED: " + where + (open ? " over a cap (" + count + " of the purpose, "
            + programCount + " of the program)"
            : " in quiet hours (local " + now.atZone(place.zone()).toLocalDateTime() + ")"));
      }
      figures.inc("allowed");
      return;
    }
    DenyReason got = ((GateDecision.Denied) d).reason();
    boolean right = got == DenyReason.QUIET_HOURS ? !open : got == DenyReason.FREQUENCY_CAP && open && capped;
    if (!right) {
      throw new AssertionError("wrongly denied " + where + " as " + got + " (local time "
          + now.atZone(place.zone()).toLocalDateTime() + ", " + count + " sends in 24 h, " + programCount
          + " of the program in its window)");
    }
    figures.inc("denied");
  }

  // ---- retention

  /**
   * Runs retention as a scheduler does, until nothing more is due (batches of 3); a store fault
   * fails the run part-way and the retry must finish it. The model then says which ended consents
   * became ERASED; {@link #checkNumber} checks that nothing else changed.
   */
  private void retention(Instant now) {
    int[] batches = {0};
    Attempt<Integer> a = attempt(() -> {
      int proofs = 0;
      dev.consent.RetentionReport r;
      do {
        r = kit().applyRetention();
        proofs += r.done(dev.consent.RecordType.PROOFS);
        if (++batches[0] > 500) {
          throw new AssertionError("retention still reports more due after 500 runs");
        }
      } while (r.moreDue());
      return proofs;
    });
    int expected = model.retention(now);
    if (!a.faulted() && a.value() != expected) {
      throw new AssertionError("retention anonymised " + a.value() + " ended consents, the model " + expected);
    }
    figures.inc("retentionRuns");
    figures.add("retentionBatches", batches[0]);
    figures.add("retentionProofsAnonymised", expected);
  }

  // ---- carrier reports

  private void optOutReport(Op.OptOutReport r, Instant now) {
    if (model.sent.isEmpty()) {
      fired();
      return;
    }
    Model.Sent s = model.sent.get(r.pick() % model.sent.size());
    boolean known = r.scope() != 3 && s.carrierMessageId() != null;
    String cmid = known ? s.carrierMessageId() : "unknown-" + (++seq);
    String scope = switch (r.scope()) {
      case 1 -> Suppression.serviceScope("MG0123456789abcdef0123456789abcdef");
      case 2 -> Suppression.ALL;
      default -> Suppression.senderScope(s.sender());
    };
    DeliveryReport report = new DeliveryReport(CARRIER, cmid, DeliveryState.UNDELIVERED, "21610", scope, now);
    Attempt<Boolean> a = attempt(() -> kit().inbound().handle(report));
    figures.inc("carrierOptOutReports");
    if (!known) {
      if (a.value()) {
        throw new AssertionError("an opt-out report for an unknown message matched");
      }
      return;
    }
    if (!a.value()) {
      throw new AssertionError("an opt-out report for a logged message did not match");
    }
    model.suppress(s.number(), scope, SuppressionReason.CARRIER_REPORT);
    List<String> covered = scope.startsWith("sender:") ? Model.purposesOfSender(s.sender()) : Model.PURPOSES;
    for (String p : covered) {
      ConsentState st = model.status(s.number(), p).state;
      if (st == ConsentState.GRANTED || st == ConsentState.PENDING) {
        model.append(s.number(), p, EventKind.WITHDRAWN, now, null, "carrier-optout:status:" + cmid + ":" + p);
      }
    }
  }

  // ---- invariants

  private void checkNumber(int n) {
    PhoneNumber num = NUMBERS[n];
    Map<String, ConsentStatus> stored = new HashMap<>();
    for (ConsentStatus s : raw.statuses(tenant, num)) {
      stored.put(s.purposeId(), s);
    }
    List<ConsentEvent> history = raw.history(tenant, num);
    if (!EventChain.verify(num, history).isIntact()) {
      throw new AssertionError("hash chain of number " + n + " does not verify: " + EventChain.verify(num, history));
    }
    figures.inc("chainChecks");
    Set<String> keys = new HashSet<>();
    for (ConsentEvent e : history) {
      if (e.idempotencyKey() != null && !keys.add(e.idempotencyKey())) {
        figures.inc("duplicateEvents");
        throw new AssertionError("idempotency key stored twice: " + e.idempotencyKey());
      }
    }
    for (String p : Model.PURPOSES) {
      ConsentStatus s = stored.getOrDefault(p, ConsentStatus.none(tenant, num, p));
      ConsentStatus replay = EventChain.replay(tenant, num, p, history);
      if (!s.equals(replay)) {
        throw new AssertionError("status of " + p + " is not the replay of its ledger: " + s + " vs " + replay
            + "; ledger: " + describe(history));
      }
      Model.Status m = model.status(n, p);
      boolean same = s.state() == m.state && java.util.Objects.equals(s.grantedAt(), m.grantedAt)
          && java.util.Objects.equals(s.noticeVersion(), m.notice) && (m.state == ConsentState.NONE || s.since().equals(m.since));
      if (!same) {
        throw new AssertionError("status of " + p + " for number " + n + " is " + s.state() + " since " + s.since()
            + " (granted " + s.grantedAt() + ", notice " + s.noticeVersion() + "), the model says " + m.state + " since "
            + m.since + " (granted " + m.grantedAt + ", notice " + m.notice + "); ledger: " + describe(history));
      }
    }
    Map<String, SuppressionReason> sup = new HashMap<>();
    raw.suppressions(tenant, num).forEach(s -> sup.put(s.scope(), s.reason()));
    if (!sup.equals(model.suppressed.get(n))) {
      throw new AssertionError("suppressions of number " + n + " are " + sup + ", the model says " + model.suppressed.get(n));
    }
    if (raw instanceof dev.consent.spi.DeferralStore deferrals) {
      Map<String, Instant> kept = new HashMap<>();
      deferrals.deferredOf(tenant, raw.subjectRef(tenant, num)).forEach(d -> kept.put(d.id(), d.releaseAt()));
      Map<String, Instant> expected = new HashMap<>();
      held.values().stream().filter(h -> h.n() == n).forEach(h -> expected.put(h.id(), h.releaseAt()));
      if (!kept.equals(expected)) {
        throw new AssertionError("messages held for number " + n + " are " + kept + ", the model says " + expected);
      }
    }
    probeGate(n);
  }

  /** Checks the gate of every instance (each by its own clock); the current instance stays current. */
  private void probeGate(int n) {
    int acting = current;
    try {
      for (current = 0; current < INSTANCES; current++) {
        for (String p : Model.PURPOSES) {
          judge(n, p, kit().gate().check(message(n, p)), false);
        }
      }
    } finally {
      current = acting;
    }
  }

  /**
   * Whether an opt-out answered {@code OptedOut} must still hold: no grant that counted was given
   * after it in true time (a double opt-in confirmation counts from its request's creation, at the
   * earliest). Written from true times, independent of the ledger's rule.
   */
  private boolean optOutStands(int n, String purpose) {
    Instant out = optOutTruth.get(n).get(purpose);
    if (out == null) {
      return false;
    }
    Instant granted = model.grantedTruth.get(n).get(purpose);
    return granted == null || !granted.isAfter(out);
  }

  private static String describe(List<ConsentEvent> history) {
    StringBuilder b = new StringBuilder();
    for (ConsentEvent e : history) {
      b.append("\n    ").append(e.seq()).append(' ').append(e.purposeId()).append(' ').append(e.kind()).append(" at ")
          .append(e.occurredAt()).append(" key ").append(e.idempotencyKey());
    }
    return b.toString();
  }

  private static void expectKind(Object actual, String expected) {
    if (!actual.getClass().getSimpleName().equals(expected)) {
      throw new AssertionError("result " + actual + ", the model expects " + expected);
    }
  }
}
