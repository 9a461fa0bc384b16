package dev.consent.reliability;

import dev.consent.ConsentState;
import dev.consent.DenyReason;
import dev.consent.EventKind;
import dev.consent.RetentionPolicy;
import dev.consent.Suppression;
import dev.consent.SuppressionReason;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The reference model: what the ledger, the suppression list and the gate must say, written from
 * the rules (ARCHITECTURE.md, REQUIREMENTS.md) in the plainest form, without the library's code.
 * Three numbers, three purposes: a double opt-in marketing purpose with a validity, a single
 * opt-in marketing purpose on another sender, and a contract-based service purpose.
 */
final class Model {
  static final String M = "marketing.promotions";
  static final String N = "marketing.newsletter";
  static final String O = "service.order-updates";
  static final List<String> PURPOSES = List.of(M, N, O);
  static final Duration M_VALIDITY = Duration.ofDays(45);
  static final Duration PENDING_TTL = Duration.ofHours(24);
  static final int MAX_ATTEMPTS = 5;
  static final String S1 = "+14155550100";
  static final String S2 = "+14155550200";
  static final String UNKNOWN_SENDER = "+14155550999";
  /**
   * Retention short enough to fall due within a run: proofs of ended consents 10 days (the
   * newsletter 20), message entries 3 days (longer than the caps' 24 hours), batches of 3 so that
   * a run takes several. Pending requests and inbound receipts are kept beyond any run (their
   * retention is checked by the store contract, not modelled here).
   */
  static final RetentionPolicy RETENTION = RetentionPolicy.defaults().withMessageBodies(Duration.ofDays(1))
      .withMessages(Duration.ofDays(3)).withPendingOptIns(Duration.ofDays(3650)).withInboundReceipts(Duration.ofDays(3650))
      .withProofs(Duration.ofDays(10)).withProofs(N, Duration.ofDays(20)).withBatchSize(3);

  /** Local sending windows and caps of the three numbers (New York, Florida, California). */
  record Place(ZoneId zone, LocalTime opens, LocalTime closes, int cap) {
    boolean open(Instant t) {
      LocalTime local = t.atZone(zone).toLocalTime();
      return !local.isBefore(opens) && local.isBefore(closes);
    }
  }

  static final Place[] PLACES = {
      new Place(ZoneId.of("America/New_York"), LocalTime.of(8, 0), LocalTime.of(21, 0), 0),
      new Place(ZoneId.of("America/New_York"), LocalTime.of(8, 0), LocalTime.of(20, 0), 3),
      new Place(ZoneId.of("America/Los_Angeles"), LocalTime.of(8, 0), LocalTime.of(21, 0), 0)};

  static final class Status {
    ConsentState state = ConsentState.NONE;
    Instant since = Instant.EPOCH;
    @Nullable Instant grantedAt;
    @Nullable String notice;
  }

  static final class Request {
    final String id;
    final String code;
    final Instant createdAt;
    final Instant expiresAt;
    /** True time of its creation: a confirmation is an act no earlier than the request it completes. */
    Instant createdTruth = Instant.EPOCH;
    int attempts;
    String state = "PENDING";

    Request(String id, String code, Instant createdAt) {
      this.id = id;
      this.code = code;
      this.createdAt = createdAt;
      this.expiresAt = createdAt.plus(PENDING_TTL);
    }

    boolean openAt(Instant now) {
      return state.equals("PENDING") && now.isBefore(expiresAt);
    }
  }

  /**
   * A gated message that was sent and logged, for caps and carrier reports; no carrier id when the
   * store may not have learned it (the confirmation failed).
   */
  record Sent(int number, String purpose, String sender, @Nullable String carrierMessageId, Instant at) {}

  final List<Map<String, Status>> status = new ArrayList<>();
  final List<Map<String, SuppressionReason>> suppressed = new ArrayList<>();
  final List<List<Request>> requests = new ArrayList<>();
  final Set<String> handled = new HashSet<>();
  final Set<String> keys = new HashSet<>();
  final List<Sent> sent = new ArrayList<>();
  /** Per number, the purposes whose last recorded event (history-only ones included) is not an ERASED one. */
  final List<Set<String>> unerased = new ArrayList<>();

  /** The kits' clock-skew tolerance. */
  final Duration tolerance;
  /**
   * True time (the shared clock, without any instance's skew) of the act being recorded: the
   * runner sets it before each change, so that the model can say when, in true time, a grant that
   * counts was given.
   */
  Instant truth = Instant.EPOCH;
  /** Withdrawals that ended a grant or request stamped later than them (by another instance's clock). */
  int stopsOverLaterStamps;
  /** Grants over an ended status kept as history: not more than the tolerance after it. */
  int grantsWithinTolerance;
  /** Per number, per purpose, the latest true time of a grant that counted. */
  final List<Map<String, Instant>> grantedTruth = new ArrayList<>();

  Model(int numbers, Duration tolerance) {
    this.tolerance = tolerance;
    for (int i = 0; i < numbers; i++) {
      grantedTruth.add(new HashMap<>());
      Map<String, Status> m = new LinkedHashMap<>();
      PURPOSES.forEach(p -> m.put(p, new Status()));
      status.add(m);
      suppressed.add(new HashMap<>());
      requests.add(new ArrayList<>());
      unerased.add(new HashSet<>());
    }
  }

  Status status(int n, String purpose) {
    return status.get(n).get(purpose);
  }

  static String programOf(String purpose) {
    return purpose.equals(N) ? S2 : S1;
  }

  static List<String> purposesOfSender(String sender) {
    return switch (sender) {
      case S1 -> List.of(M, O);
      case S2 -> List.of(N);
      default -> List.of();
    };
  }

  static boolean requiresConsent(String purpose) {
    return !purpose.equals(O);
  }

  static boolean marketing(String purpose) {
    return !purpose.equals(O);
  }

  /**
   * Records an event as the ledger's fold must, with events stamped by clocks that disagree by up
   * to {@link #tolerance}: a withdrawal ends a grant (or a pending request) unless the grant
   * occurred more than the tolerance after it; a grant over a withdrawn, erased or expired status
   * counts only if it occurred more than the tolerance after that status began; an erasure always
   * counts; otherwise an event that occurred before the one in force is history only. A request
   * never replaces a grant, and a request that runs out only matters while it is the pending one. A
   * repeated idempotency key records nothing. Returns whether the event changed the status, or left
   * in force a grant it recorded; a GRANTED that counts is noted at the model's {@link #truth}.
   */
  boolean append(int n, String purpose, EventKind kind, Instant at, @Nullable String notice, @Nullable String key) {
    if (key != null && !keys.add(key)) {
      return false;
    }
    if (kind == EventKind.ERASED) {
      unerased.get(n).remove(purpose);
    } else {
      unerased.get(n).add(purpose);
    }
    Status s = status(n, purpose);
    if (!counts(s, kind, at)) {
      return kind == EventKind.GRANTED && s.state == ConsentState.GRANTED;
    }
    if (kind == EventKind.GRANTED) {
      grantedTruth.get(n).merge(purpose, truth, (a, b) -> a.isAfter(b) ? a : b);
    }
    switch (kind) {
      case REQUESTED -> {
        if (s.state != ConsentState.GRANTED) {
          set(s, ConsentState.PENDING, at, null, notice);
        }
      }
      case GRANTED -> set(s, ConsentState.GRANTED, at, at, notice);
      case WITHDRAWN -> set(s, ConsentState.WITHDRAWN, at, null, s.state == ConsentState.PENDING ? null : s.notice);
      case EXPIRED -> {
        if (s.state == ConsentState.PENDING) {
          set(s, ConsentState.EXPIRED, at, null, null);
        }
      }
      case ERASED -> set(s, ConsentState.ERASED, at, null, null);
    }
    return true;
  }

  /** Whether an event of {@code kind} at {@code at} changes status {@code s} by its time. */
  private boolean counts(Status s, EventKind kind, Instant at) {
    if (kind == EventKind.ERASED || s.state == ConsentState.NONE) {
      return true;
    }
    boolean inForce = s.state == ConsentState.GRANTED || s.state == ConsentState.PENDING;
    if (kind == EventKind.WITHDRAWN && inForce) {
      boolean counts = !s.since.isAfter(at.plus(tolerance));
      stopsOverLaterStamps += counts && at.isBefore(s.since) ? 1 : 0;
      return counts;
    }
    if (kind == EventKind.GRANTED && !inForce) {
      boolean counts = at.isAfter(s.since.plus(tolerance));
      grantsWithinTolerance += counts ? 0 : 1;
      return counts;
    }
    return !at.isBefore(s.since);
  }

  private static void set(Status s, ConsentState state, Instant since, @Nullable Instant grantedAt, @Nullable String notice) {
    s.state = state;
    s.since = since;
    s.grantedAt = grantedAt;
    s.notice = notice;
  }

  void suppress(int n, String scope, SuppressionReason reason) {
    suppressed.get(n).putIfAbsent(scope, reason);
  }

  boolean suppressedFor(int n, String sender) {
    for (String scope : suppressed.get(n).keySet()) {
      if (scope.equals(Suppression.ALL) || scope.equals(Suppression.senderScope(sender)) || scope.startsWith("service:")) {
        return true;
      }
    }
    return false;
  }

  /** The consent-level verdict on a message of {@code purpose} to {@code n} now: null when it may go. */
  @Nullable DenyReason consentVerdict(int n, String purpose, Instant now) {
    if (suppressedFor(n, programOf(purpose))) {
      return DenyReason.SUPPRESSED;
    }
    Status s = status(n, purpose);
    boolean needs = requiresConsent(purpose);
    return switch (s.state) {
      case WITHDRAWN -> DenyReason.WITHDRAWN;
      case ERASED -> DenyReason.SUPPRESSED;
      case NONE, PENDING -> needs ? DenyReason.NO_CONSENT : null;
      case EXPIRED -> needs ? (s.notice == null ? DenyReason.NO_CONSENT : DenyReason.CONSENT_EXPIRED) : null;
      case GRANTED -> !needs || validAt(purpose, s, now) ? null : DenyReason.CONSENT_EXPIRED;
    };
  }

  /**
   * Whether a web sign-up for M under notice v1 finds nothing to ask: granted under that notice and
   * valid beyond the refresh window (the last quarter of M's 45 days).
   */
  boolean alreadyGranted(int n, Instant now) {
    Status s = status(n, M);
    return s.state == ConsentState.GRANTED && "v1".equals(s.notice) && validAt(M, s, now.plus(M_VALIDITY.dividedBy(4)));
  }

  private static boolean validAt(String purpose, Status s, Instant now) {
    return s.grantedAt != null && (!purpose.equals(M) || now.isBefore(s.grantedAt.plus(M_VALIDITY)));
  }

  /**
   * The programs' declared frequencies, written out here rather than read from the kit: DEALS (the
   * promotions and order updates) "Up to 4 msgs/month", 4 in 31 days and 1 hour; NEWS "1 msg/week",
   * 1 in 7 days and 1 hour (each period at its longest on a calendar with clock changes).
   */
  static int programMax(String purpose) {
    return purpose.equals(N) ? 1 : 4;
  }

  static Duration programWindow(String purpose) {
    return purpose.equals(N) ? Duration.ofDays(7).plusHours(1) : Duration.ofDays(31).plusHours(1);
  }

  /** Logged gated sends of {@code purpose}'s program (any of its purposes) to {@code n} inside its window ending now. */
  int programSendsInWindow(int n, String purpose, Instant now) {
    Instant start = now.minus(programWindow(purpose));
    return (int) sent.stream().filter(s -> s.number() == n && programOf(s.purpose()).equals(programOf(purpose))
        && s.at().isAfter(start)).count();
  }

  /** Logged gated sends of {@code purpose} to {@code n} inside the 24-hour window ending now. */
  int sendsInWindow(int n, String purpose, Instant now) {
    Instant start = now.minus(Duration.ofDays(1));
    return (int) sent.stream().filter(s -> s.number() == n && s.purpose().equals(purpose) && s.at().isAfter(start))
        .count();
  }

  @Nullable Request openRequest(int n, Instant now) {
    for (Request r : requests.get(n)) {
      if (r.openAt(now)) {
        return r;
      }
    }
    return null;
  }

  @Nullable Request request(int n, String id) {
    return requests.get(n).stream().filter(r -> r.id.equals(id)).findFirst().orElse(null);
  }

  @Nullable Request latestRequest(int n) {
    List<Request> all = requests.get(n);
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  /** A new request closes the open one (without an event) and puts the purpose in PENDING. */
  void started(int n, String requestId, String code, Instant now) {
    for (Request r : requests.get(n)) {
      if (r.openAt(now)) {
        r.state = "EXPIRED";
      }
    }
    Request r = new Request(requestId, code, now);
    r.createdTruth = truth;
    requests.get(n).add(r);
    append(n, M, EventKind.REQUESTED, now, "v1", "optin:" + requestId + ":" + M);
  }

  /**
   * A confirmation. While an erasure's suppression stands only a request started from the phone
   * can exist (erasure deletes requests, web starts are refused), and its confirmation ends it.
   */
  void confirmed(int n, Request r, Instant now) {
    if (truth.isBefore(r.createdTruth)) {
      truth = r.createdTruth;
    }
    append(n, M, EventKind.GRANTED, now, "v1", "optin-confirm:" + r.id + ":" + M);
    r.state = "CONFIRMED";
    suppressed.get(n).values().removeIf(x -> x == SuppressionReason.ERASURE);
  }

  boolean erased(int n) {
    return suppressed.get(n).containsValue(SuppressionReason.ERASURE);
  }

  /**
   * Erasure: an ERASED event for every purpose with a status that is not ERASED yet (and for every
   * purpose whose last event is not an ERASED one: history-only events since an earlier erasure), the
   * suppression of everything now for the reason ERASURE (other scopes stay), requests and the
   * message log gone.
   */
  void erase(int n, Instant now) {
    for (String p : PURPOSES) {
      ConsentState st = status(n, p).state;
      if (st != ConsentState.NONE && st != ConsentState.ERASED) {
        append(n, p, EventKind.ERASED, now, null, null);
      }
    }
    for (String p : List.copyOf(unerased.get(n))) {
      append(n, p, EventKind.ERASED, now, null, null);
    }
    suppressed.get(n).put(Suppression.ALL, SuppressionReason.ERASURE);
    requests.get(n).clear();
    sent.removeIf(s -> s.number() == n);
  }

  /**
   * Retention at {@code now}: a consent that ended (WITHDRAWN or EXPIRED) before its purpose's proof
   * period becomes ERASED now; grants in force, requests and suppressions stay; message entries older
   * than their period go. Returns the consents anonymised.
   */
  int retention(Instant now) {
    int done = 0;
    for (int n = 0; n < status.size(); n++) {
      for (String p : PURPOSES) {
        Status s = status(n, p);
        boolean ended = s.state == ConsentState.WITHDRAWN || s.state == ConsentState.EXPIRED;
        if (ended && s.since.isBefore(now.minus(RETENTION.proofsFor(p)))) {
          append(n, p, EventKind.ERASED, now, null, null);
          done++;
        }
      }
    }
    // the kit keeps message entries as long as a cap counts them: the DEALS program's 31 days and 1 hour
    Duration kept = RETENTION.messages().compareTo(programWindow(M)) > 0 ? RETENTION.messages() : programWindow(M);
    Instant messages = now.minus(kept);
    sent.removeIf(s -> s.at().isBefore(messages));
    return done;
  }

  void expired(int n, Request r, Instant now) {
    r.state = "EXPIRED";
    append(n, M, EventKind.EXPIRED, now, null, "optin-expire:" + r.id + ":" + M);
  }
}
