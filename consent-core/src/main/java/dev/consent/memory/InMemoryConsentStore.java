package dev.consent.memory;

import dev.consent.ConsentEvent;
import dev.consent.ConsentState;
import dev.consent.ConsentStatus;
import dev.consent.ConsentStoreException;
import dev.consent.DeliveryState;
import dev.consent.MessageRecord;
import dev.consent.Notice;
import dev.consent.InvalidInputException;
import dev.consent.PhoneNumber;
import dev.consent.RecordType;
import dev.consent.Suppression;
import dev.consent.SuppressionReason;
import dev.consent.spi.ChainHead;
import dev.consent.spi.EventChain;
import dev.consent.spi.LedgerWrite;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.QuarantineAdmission;
import dev.consent.spi.QuarantineStore;
import dev.consent.spi.QuarantineSummary;
import dev.consent.spi.QuarantinedInbound;
import dev.consent.spi.ErasedRecords;
import dev.consent.spi.KeyProvider;
import dev.consent.spi.PendingOptIn;
import dev.consent.spi.PurgeResult;
import dev.consent.spi.Pseudonyms;
import dev.consent.spi.RateLimit;
import dev.consent.spi.RecipientStatus;
import dev.consent.spi.StoredChain;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ConsentStore} in memory: for host applications' tests and the demo. It keeps the same
 * rules as the durable stores (atomic append with hash chain and status, idempotency, monotonic
 * delivery states) and passes the same contract kit. Nothing survives the process.
 *
 * <p>The ledger and the message log are keyed by the number's pseudonymous reference ({@link
 * Pseudonyms}), as the durable stores keep them. Statuses and suppressions, which the gate reads for
 * every message, live in one entry per number: while the person is known, under the number itself
 * (this store holds nothing at rest, and the ledger holds the number until erasure anyway), so a
 * gate check is one map probe and computes no pseudonym; after {@link #erase}, under the reference
 * only, without the number. A look-up computes the reference only for a number that has no live
 * entry in a tenant where someone was erased. {@link #erase} leaves no number in clear behind.
 *
 * <p>Thread-safe: writes for one number are serialised on a per-number lock; reads of statuses and
 * suppressions take no lock (suppression lists are replaced whole; an entry's inline statuses are
 * read under a sequence lock that retries while a writer changes them).
 *
 * <pre>{@code
 * ConsentKit kit = ConsentKit.builder().store(new InMemoryConsentStore())...build();
 * }</pre>
 *
 * @since 0.1
 */
public final class InMemoryConsentStore implements ConsentStore, QuarantineStore, dev.consent.spi.ReviewStore {

  private record NumberKey(String tenant, String ref) {}

  private record TenantKey(String tenant, String key) {}

  /** A status without its number, as the durable stores keep it: how an erased subject's statuses are held. */
  private record StatusRow(String purposeId, ConsentState state, Instant since, @Nullable Instant grantedAt,
      @Nullable String noticeVersion, long seq) {
    static StatusRow of(ConsentStatus s) {
      return new StatusRow(s.purposeId(), s.state(), s.since(), s.grantedAt(), s.noticeVersion(), s.seq());
    }

    ConsentStatus toStatus(String tenant, PhoneNumber number) {
      return new ConsentStatus(tenant, number, purposeId, state, since, grantedAt, noticeVersion, seq);
    }
  }

  /** A suppression without its number: how an erased subject's suppressions are held. */
  private record SuppressionRow(String scope, SuppressionReason reason, Instant createdAt,
      SortedMap<String, String> evidence) {
    static SuppressionRow of(Suppression s) {
      return new SuppressionRow(s.scope(), s.reason(), s.createdAt(), s.evidence());
    }

    Suppression toSuppression(String tenant, PhoneNumber number) {
      return new Suppression(tenant, number, scope, reason, createdAt, evidence);
    }
  }

  /**
   * One number's statuses and suppressions. The arrays are never changed once published: a writer
   * (holding the number's lock) replaces them whole, so readers need no lock.
   */
  private abstract static sealed class Subject permits Live, Erased {
    /** Whether messages may have been logged for the number; false means none (the send log is not read). */
    volatile boolean messaged;

    abstract @Nullable ConsentStatus status(String tenant, PhoneNumber number, String purposeId);

    abstract List<ConsentStatus> statuses(String tenant, PhoneNumber number);

    abstract List<Suppression> suppressions(String tenant, PhoneNumber number);
  }

  /**
   * A known person's entry, under the number. The statuses of its first two purposes are kept in the
   * entry itself, field by field, so that the gate's read touches this one object: a status read
   * builds the {@link ConsentStatus} from them (in cache) instead of following a reference to a
   * status and another to its {@code grantedAt}, each a cache miss on a large store. Further
   * purposes go to {@link #more}. Purposes are only ever added.
   *
   * <p>The two inline statuses are guarded by a sequence lock: a writer (holding the number's lock)
   * makes {@link #version} odd, writes, and makes it even again; a reader copies the fields it needs
   * and starts over if the version was odd or moved meanwhile, so it never sees half a status.
   */
  private static final class Live extends Subject {
    private static final int NO_GRANT = -1;

    volatile int version;
    @Nullable String p0;
    @Nullable ConsentState state0;
    long since0;
    int sinceNanos0;
    long granted0;
    int grantedNanos0 = NO_GRANT;
    @Nullable String notice0;
    long seq0;
    @Nullable String p1;
    @Nullable ConsentState state1;
    long since1;
    int sinceNanos1;
    long granted1;
    int grantedNanos1 = NO_GRANT;
    @Nullable String notice1;
    long seq1;
    /** Statuses of the third purpose on, in no order; replaced whole. */
    volatile ConsentStatus @Nullable [] more;
    volatile List<Suppression> suppressions = List.of();

    @Override
    @Nullable ConsentStatus status(String tenant, PhoneNumber number, String purposeId) {
      for (int tries = 0; ; tries++) {
        int v = version;
        if ((v & 1) != 0) {
          backOff(tries);
          continue;
        }
        ConsentState state = null;
        long since = 0;
        int sinceNanos = 0;
        long granted = 0;
        int grantedNanos = NO_GRANT;
        String notice = null;
        long seq = 0;
        String p = p0;
        if (p != null && p.equals(purposeId)) {
          state = state0;
          since = since0;
          sinceNanos = sinceNanos0;
          granted = granted0;
          grantedNanos = grantedNanos0;
          notice = notice0;
          seq = seq0;
        } else if (p != null && (p = p1) != null && p.equals(purposeId)) {
          state = state1;
          since = since1;
          sinceNanos = sinceNanos1;
          granted = granted1;
          grantedNanos = grantedNanos1;
          notice = notice1;
          seq = seq1;
        }
        VarHandle.acquireFence(); // the copies above are read before the version is read again
        if (version != v) {
          backOff(tries);
          continue;
        }
        if (state != null) {
          Instant at = Instant.ofEpochSecond(since, sinceNanos);
          // a grant in force since it was given (the usual GRANTED status) needs one instant, not two
          Instant grantedAt = grantedNanos == NO_GRANT ? null
              : granted == since && grantedNanos == sinceNanos ? at : Instant.ofEpochSecond(granted, grantedNanos);
          return new ConsentStatus(tenant, number, purposeId, state, at, grantedAt, notice, seq);
        }
        if (p == null) {
          return null;
        }
        ConsentStatus[] rest = more;
        if (rest != null) {
          for (ConsentStatus s : rest) {
            if (s.purposeId().equals(purposeId)) {
              return s;
            }
          }
        }
        return null;
      }
    }

    /** A writer is between its two version steps: spin briefly, then let it run. */
    private static void backOff(int tries) {
      if (tries < 64) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }

    /** Sorted by purpose id. */
    @Override
    List<ConsentStatus> statuses(String tenant, PhoneNumber number) {
      List<ConsentStatus> out = new ArrayList<>();
      for (String p : new String[] {p0, p1}) {
        ConsentStatus s = p == null ? null : status(tenant, number, p);
        if (s != null) {
          out.add(s);
        }
      }
      ConsentStatus[] rest = more;
      if (rest != null) {
        out.addAll(Arrays.asList(rest));
      }
      out.sort(Comparator.comparing(ConsentStatus::purposeId));
      return List.copyOf(out);
    }

    @Override
    List<Suppression> suppressions(String tenant, PhoneNumber number) {
      return suppressions;
    }

    /** Sets the status of its purpose; for a writer holding the number's lock. */
    void put(ConsentStatus status) {
      String id = status.purposeId();
      Instant since = status.since();
      Instant granted = status.grantedAt();
      if (p0 == null || p0.equals(id)) {
        int v = version;
        version = v + 1;
        VarHandle.releaseFence(); // the odd version is visible before any field below changes
        state0 = status.state();
        since0 = since.getEpochSecond();
        sinceNanos0 = since.getNano();
        granted0 = granted == null ? 0 : granted.getEpochSecond();
        grantedNanos0 = granted == null ? NO_GRANT : granted.getNano();
        notice0 = status.noticeVersion();
        seq0 = status.seq();
        p0 = id;
        version = v + 2;
      } else if (p1 == null || p1.equals(id)) {
        int v = version;
        version = v + 1;
        VarHandle.releaseFence();
        state1 = status.state();
        since1 = since.getEpochSecond();
        sinceNanos1 = since.getNano();
        granted1 = granted == null ? 0 : granted.getEpochSecond();
        grantedNanos1 = granted == null ? NO_GRANT : granted.getNano();
        notice1 = status.noticeVersion();
        seq1 = status.seq();
        p1 = id;
        version = v + 2;
      } else {
        ConsentStatus[] rest = more == null ? new ConsentStatus[0] : more;
        int at = 0;
        while (at < rest.length && !rest[at].purposeId().equals(id)) {
          at++;
        }
        ConsentStatus[] next = Arrays.copyOf(rest, Math.max(rest.length, at + 1));
        next[at] = status;
        more = next;
      }
    }
  }

  /** An erased person's entry, under the reference: nothing in it names the number. */
  private static final class Erased extends Subject {
    volatile StatusRow[] statuses;
    volatile List<SuppressionRow> suppressions;

    Erased(StatusRow[] statuses, List<SuppressionRow> suppressions) {
      this.statuses = statuses;
      this.suppressions = suppressions;
    }

    @Override
    @Nullable ConsentStatus status(String tenant, PhoneNumber number, String purposeId) {
      for (StatusRow r : statuses) {
        if (r.purposeId().equals(purposeId)) {
          return r.toStatus(tenant, number);
        }
      }
      return null;
    }

    @Override
    List<ConsentStatus> statuses(String tenant, PhoneNumber number) {
      List<ConsentStatus> out = new ArrayList<>(statuses.length);
      for (StatusRow r : statuses) {
        out.add(r.toStatus(tenant, number));
      }
      return List.copyOf(out);
    }

    @Override
    List<Suppression> suppressions(String tenant, PhoneNumber number) {
      return suppressions.stream().map(r -> r.toSuppression(tenant, number)).toList();
    }
  }

  /** One tenant's entries. */
  private static final class Subjects {
    /** Known people by number. */
    final Map<PhoneNumber, Live> live = new ConcurrentHashMap<>();
    /** Erased people by reference; a person who comes back (a new event) moves back to {@link #live}. */
    final Map<String, Erased> erased = new ConcurrentHashMap<>();
    /**
     * Set before the tenant's first erasure is published, never cleared: while false, a number not
     * under {@link #live} has no entry at all (no pseudonym needed to know it).
     */
    volatile boolean anyErased;
    /**
     * Moves between the two maps in progress, and moves finished: a reader that missed in both maps
     * can tell "absent" from "moved while I looked" (it saw no move in progress when it started or
     * ended, and none finished in between). Two moves of one number never overlap: its lock.
     */
    final AtomicLong moving = new AtomicLong();
    final AtomicLong moves = new AtomicLong();

    /** Publishes {@code publish} then runs {@code remove}, counted as one move. */
    void move(Runnable publish, Runnable remove) {
      moving.incrementAndGet();
      try {
        publish.run();
        remove.run();
      } finally {
        moves.incrementAndGet();
        moving.decrementAndGet();
      }
    }
  }

  private final Pseudonyms pseudonyms;
  private final Map<NumberKey, List<ConsentEvent>> chains = new ConcurrentHashMap<>();
  private final Map<TenantKey, ConsentEvent> byIdempotencyKey = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentSkipListSet<PhoneNumber>> numbers = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentSkipListSet<String>> refs = new ConcurrentHashMap<>();
  private final Map<String, Subjects> subjects = new ConcurrentHashMap<>();
  private final Map<TenantKey, Notice> notices = new ConcurrentHashMap<>();
  private final Map<TenantKey, PendingOptIn> pending = new ConcurrentHashMap<>();
  private final Map<TenantKey, ArrayDeque<Instant>> buckets = new HashMap<>();
  private final Map<NumberKey, List<MessageRecord>> messages = new ConcurrentHashMap<>();
  private final Map<TenantKey, MessageRecord> byCarrierId = new ConcurrentHashMap<>();
  private final Map<TenantKey, Instant> inbound = new ConcurrentHashMap<>();
  /**
   * Keyed hashes ({@link Pseudonyms#inbound}) of inbound messages whose receipt retention deleted:
   * kept for good, so that a replayed webhook stays a duplicate without its id held in clear.
   */
  private final Set<TenantKey> inboundDigests = ConcurrentHashMap.newKeySet();
  private final MemoryQuarantine quarantine = new MemoryQuarantine();
  private final MemoryReviews reviews = new MemoryReviews();
  private final Object[] locks = new Object[256];

  /** A store whose subject references use random in-memory keys ({@link InMemoryKeyProvider}). */
  public InMemoryConsentStore() {
    this(new InMemoryKeyProvider());
  }

  /**
   * A store whose subject references use the host's keys.
   *
   * @since 0.2
   */
  public InMemoryConsentStore(KeyProvider keys) {
    this.pseudonyms = new Pseudonyms(keys);
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
  }

  private Object lockFor(NumberKey key) {
    return locks[(key.hashCode() & 0x7fffffff) % locks.length];
  }

  private NumberKey key(String tenant, PhoneNumber number) {
    return new NumberKey(tenant, pseudonyms.of(tenant, number));
  }

  @Override
  public String subjectRef(String tenant, PhoneNumber number) {
    return pseudonyms.of(tenant, number);
  }

  /**
   * The number's entry, without a lock: the live one by number; else, only if the tenant has erased
   * subjects, the erased one by reference; null when nothing is recorded.
   */
  private @Nullable Subject find(String tenant, PhoneNumber number) {
    Subjects t = subjects.get(tenant);
    if (t == null) {
      return null;
    }
    Live live = t.live.get(number);
    if (live != null || !t.anyErased) {
      return live;
    }
    String ref = pseudonyms.of(tenant, number);
    while (true) {
      long seen = t.moves.get();
      boolean quiet = t.moving.get() == 0;
      // A move publishes the new place before removing the old one: reference first, then the number again.
      Erased erased = t.erased.get(ref);
      if (erased != null) {
        return erased;
      }
      live = t.live.get(number);
      if (live != null) {
        return live;
      }
      if (quiet && t.moving.get() == 0 && t.moves.get() == seen) {
        return null;
      }
      Thread.onSpinWait();
    }
  }

  /** The number's entry, for a writer holding the number's lock. */
  private @Nullable Subject findLocked(Subjects t, PhoneNumber number, String ref) {
    Live live = t.live.get(number);
    return live != null ? live : t.erased.get(ref);
  }

  private Subjects subjects(String tenant) {
    return subjects.computeIfAbsent(tenant, k -> new Subjects());
  }

  /**
   * The live entry of a number, for a writer holding its lock that is about to store the number
   * anyway: created if new; an erased person's entry moved back under the number (they came back).
   */
  private Live revive(Subjects t, String tenant, PhoneNumber number, String ref) {
    Live live = t.live.get(number);
    if (live != null) {
      return live;
    }
    live = new Live();
    Erased erased = t.erased.get(ref);
    if (erased == null) {
      t.live.put(number, live);
      return live;
    }
    for (StatusRow row : erased.statuses) {
      live.put(row.toStatus(tenant, number));
    }
    live.suppressions = erased.suppressions(tenant, number);
    live.messaged = erased.messaged;
    // Publish in the new place before removing from the old one.
    Live revived = live;
    t.move(() -> t.live.put(number, revived), () -> t.erased.remove(ref));
    return live;
  }

  // ---- ledger ----

  @Override
  public ChainHead head(String tenant, PhoneNumber number, String purposeId) {
    NumberKey nk = key(tenant, number);
    synchronized (lockFor(nk)) {
      List<ConsentEvent> chain = chains.get(nk);
      Subject found = findLocked(subjects(tenant), number, nk.ref());
      ConsentStatus status = found == null ? null : found.status(tenant, number, purposeId);
      if (chain == null || chain.isEmpty()) {
        return new ChainHead(nk.ref(), 0, EventChain.GENESIS, status);
      }
      ConsentEvent last = chain.get(chain.size() - 1);
      return new ChainHead(nk.ref(), last.seq(), last.hash(), status);
    }
  }

  /** The compare-and-set under the number's lock: the head must still be the event's {@code prevHash} at {@code seq - 1}. */
  @Override
  public LedgerWrite write(ConsentEvent event, ConsentStatus status) {
    NumberKey nk = key(event.tenant(), event.number());
    synchronized (lockFor(nk)) {
      List<ConsentEvent> chain = chains.get(nk);
      ConsentEvent last = chain == null || chain.isEmpty() ? null : chain.get(chain.size() - 1);
      long headSeq = last == null ? 0 : last.seq();
      String headHash = last == null ? EventChain.GENESIS : last.hash();
      if (event.seq() != headSeq + 1 || !event.prevHash().equals(headHash) || !event.subjectRef().equals(nk.ref())) {
        return LedgerWrite.HEAD_MOVED;
      }
      if (event.idempotencyKey() != null
          && byIdempotencyKey.putIfAbsent(new TenantKey(event.tenant(), event.idempotencyKey()), event) != null) {
        return LedgerWrite.KEY_TAKEN;
      }
      chains.computeIfAbsent(nk, k -> new ArrayList<>()).add(event);
      revive(subjects(event.tenant()), event.tenant(), event.number(), nk.ref()).put(status);
      numbers.computeIfAbsent(event.tenant(), k -> new ConcurrentSkipListSet<>()).add(event.number());
      refs.computeIfAbsent(event.tenant(), k -> new ConcurrentSkipListSet<>()).add(nk.ref());
      return LedgerWrite.WRITTEN;
    }
  }

  @Override
  public ConsentStatus status(String tenant, PhoneNumber number, String purposeId) {
    Subject s = find(tenant, number);
    ConsentStatus status = s == null ? null : s.status(tenant, number, purposeId);
    return status != null ? status : ConsentStatus.none(tenant, number, purposeId);
  }

  /** One probe for both: the gate's read. */
  @Override
  public RecipientStatus recipient(String tenant, PhoneNumber number, String purposeId) {
    Subject s = find(tenant, number);
    if (s == null) {
      return new RecipientStatus(ConsentStatus.none(tenant, number, purposeId), List.of());
    }
    ConsentStatus status = s.status(tenant, number, purposeId);
    return new RecipientStatus(status != null ? status : ConsentStatus.none(tenant, number, purposeId),
        s.suppressions(tenant, number));
  }

  /** One probe per distinct number, as {@link #recipient}. */
  @Override
  public Map<PhoneNumber, RecipientStatus> recipients(String tenant, Collection<PhoneNumber> nums, String purposeId) {
    Map<PhoneNumber, RecipientStatus> out = new HashMap<>(Math.max(16, nums.size() * 4 / 3 + 1));
    for (PhoneNumber n : nums) {
      if (!out.containsKey(n)) {
        out.put(n, recipient(tenant, n, purposeId));
      }
    }
    return out;
  }

  @Override
  public Map<PhoneNumber, ConsentStatus> statuses(String tenant, Collection<PhoneNumber> nums, String purposeId) {
    Map<PhoneNumber, ConsentStatus> out = new HashMap<>(Math.max(16, nums.size() * 2));
    for (PhoneNumber n : nums) {
      Subject s = find(tenant, n);
      ConsentStatus status = s == null ? null : s.status(tenant, n, purposeId);
      if (status != null) {
        out.put(n, status);
      }
    }
    return out;
  }

  @Override
  public List<ConsentStatus> statuses(String tenant, PhoneNumber number) {
    Subject s = find(tenant, number);
    return s == null ? List.of() : s.statuses(tenant, number);
  }

  @Override
  public List<ConsentEvent> history(String tenant, PhoneNumber number) {
    NumberKey nk = key(tenant, number);
    synchronized (lockFor(nk)) {
      List<ConsentEvent> chain = chains.get(nk);
      return chain == null ? List.of() : List.copyOf(chain);
    }
  }

  @Override
  public StoredChain chain(String tenant, String subjectRef) {
    NumberKey nk = new NumberKey(tenant, subjectRef);
    synchronized (lockFor(nk)) {
      List<ConsentEvent> chain = chains.get(nk);
      return StoredChain.of(subjectRef, chain == null ? List.of() : chain);
    }
  }

  @Override
  public List<String> subjectRefs(String tenant, @Nullable String after, int limit) {
    ConcurrentSkipListSet<String> all = refs.get(tenant);
    if (all == null) {
      return List.of();
    }
    return (after == null ? all : all.tailSet(after, false)).stream().limit(limit).toList();
  }

  @Override
  public Optional<ConsentEvent> eventByIdempotencyKey(String tenant, String idempotencyKey) {
    return Optional.ofNullable(byIdempotencyKey.get(new TenantKey(tenant, idempotencyKey)));
  }

  @Override
  public List<PhoneNumber> numbers(String tenant, @Nullable PhoneNumber after, int limit) {
    ConcurrentSkipListSet<PhoneNumber> all = numbers.get(tenant);
    if (all == null) {
      return List.of();
    }
    return (after == null ? all : all.tailSet(after, false)).stream().limit(limit).toList();
  }

  // ---- notices ----

  @Override
  public void saveNotice(String tenant, Notice notice) {
    TenantKey k = new TenantKey(tenant, notice.purposeId() + "\u0000" + notice.version());
    Notice existing = notices.putIfAbsent(k, notice);
    if (existing != null && !existing.equals(notice)) {
      throw new ConsentStoreException(
          "notice " + notice.purposeId() + "/" + notice.version() + " is already stored with another text");
    }
  }

  @Override
  public Optional<Notice> notice(String tenant, String purposeId, String version) {
    return Optional.ofNullable(notices.get(new TenantKey(tenant, purposeId + "\u0000" + version)));
  }

  // ---- pending ----

  @Override
  public void createPending(PendingOptIn p) {
    if (pending.putIfAbsent(new TenantKey(p.tenant(), p.requestId()), p) != null) {
      throw new ConsentStoreException("pending opt-in " + p.requestId() + " already exists");
    }
  }

  @Override
  public Optional<PendingOptIn> pending(String tenant, String requestId) {
    return Optional.ofNullable(pending.get(new TenantKey(tenant, requestId)));
  }

  @Override
  public List<PendingOptIn> pendingFor(String tenant, PhoneNumber number) {
    return pending.values().stream()
        .filter(p -> p.tenant().equals(tenant) && p.number().equals(number))
        .sorted(Comparator.comparing(PendingOptIn::createdAt).thenComparing(PendingOptIn::requestId).reversed())
        .toList();
  }

  @Override
  public boolean replacePending(PendingOptIn expected, PendingOptIn updated) {
    TenantKey k = new TenantKey(expected.tenant(), expected.requestId());
    boolean[] done = {false};
    pending.computeIfPresent(k, (key, current) -> {
      if (current.version() == expected.version()) {
        done[0] = true;
        return updated;
      }
      return current;
    });
    return done[0];
  }

  @Override
  public List<PendingOptIn> pendingExpiredBy(String tenant, Instant now, int limit) {
    return pending.values().stream()
        .filter(p -> p.tenant().equals(tenant) && p.state() == PendingOptIn.State.PENDING && !p.expiresAt().isAfter(now))
        .sorted(Comparator.comparing(PendingOptIn::expiresAt).thenComparing(PendingOptIn::requestId))
        .limit(limit)
        .toList();
  }

  // ---- rate limits ----

  @Override
  public synchronized boolean tryAcquire(String tenant, List<RateLimit> limits, Instant now) {
    for (RateLimit l : limits) {
      ArrayDeque<Instant> q = buckets.computeIfAbsent(new TenantKey(tenant, l.key()), k -> new ArrayDeque<>());
      Instant start = now.minus(l.window());
      q.removeIf(t -> !t.isAfter(start));
      if (q.size() >= l.max()) {
        return false;
      }
    }
    for (RateLimit l : limits) {
      buckets.get(new TenantKey(tenant, l.key())).addLast(now);
    }
    return true;
  }

  // ---- suppression ----

  /**
   * Adds a suppression. An erased person's suppression is kept under the reference, without the
   * number (suppressing a number does not bring the person back).
   */
  @Override
  public void suppress(Suppression s) {
    NumberKey nk = key(s.tenant(), s.number());
    synchronized (lockFor(nk)) {
      Subjects t = subjects(s.tenant());
      Subject found = findLocked(t, s.number(), nk.ref());
      if (found instanceof Erased e) {
        if (e.suppressions.stream().noneMatch(r -> r.scope().equals(s.scope()))) {
          e.suppressions = append(e.suppressions, SuppressionRow.of(s));
        }
        return;
      }
      Live live = found != null ? (Live) found : revive(t, s.tenant(), s.number(), nk.ref());
      if (live.suppressions.stream().noneMatch(x -> x.scope().equals(s.scope()))) {
        live.suppressions = append(live.suppressions, s);
      }
    }
  }

  private static <T> List<T> append(List<T> list, T item) {
    List<T> out = new ArrayList<>(list.size() + 1);
    out.addAll(list);
    out.add(item);
    return List.copyOf(out);
  }

  private static <T> List<T> without(List<T> list, java.util.function.Predicate<T> drop) {
    List<T> kept = list.stream().filter(drop.negate()).toList();
    return kept.isEmpty() ? List.of() : kept;
  }

  @Override
  public boolean lift(String tenant, PhoneNumber number, String scope) {
    NumberKey nk = key(tenant, number);
    synchronized (lockFor(nk)) {
      Subjects t = subjects.get(tenant);
      Subject found = t == null ? null : findLocked(t, number, nk.ref());
      if (found instanceof Live live) {
        List<Suppression> before = live.suppressions;
        live.suppressions = without(before, x -> x.scope().equals(scope));
        return live.suppressions.size() < before.size();
      }
      if (found instanceof Erased e) {
        List<SuppressionRow> before = e.suppressions;
        e.suppressions = without(before, x -> x.scope().equals(scope));
        return e.suppressions.size() < before.size();
      }
      return false;
    }
  }

  @Override
  public List<Suppression> suppressions(String tenant, PhoneNumber number) {
    Subject s = find(tenant, number);
    return s == null ? List.of() : s.suppressions(tenant, number);
  }

  @Override
  public Map<PhoneNumber, List<Suppression>> suppressions(String tenant, Collection<PhoneNumber> nums) {
    Map<PhoneNumber, List<Suppression>> out = new HashMap<>();
    for (PhoneNumber n : nums) {
      Subject s = find(tenant, n);
      List<Suppression> list = s == null ? List.of() : s.suppressions(tenant, n);
      if (!list.isEmpty()) {
        out.put(n, list);
      }
    }
    return out;
  }

  // ---- message log ----

  @Override
  public void logMessage(MessageRecord m) {
    NumberKey nk = key(m.tenant(), m.number());
    synchronized (lockFor(nk)) {
      Subjects t = subjects(m.tenant());
      Subject found = findLocked(t, m.number(), nk.ref());
      (found != null ? found : revive(t, m.tenant(), m.number(), nk.ref())).messaged = true;
      messages.computeIfAbsent(nk, k -> new ArrayList<>()).add(m);
      if (m.carrierMessageId() != null) {
        byCarrierId.put(new TenantKey(m.tenant(), m.carrierMessageId()), m);
      }
    }
  }

  @Override
  public Optional<MessageRecord> updateDelivery(
      String tenant, String carrierMessageId, DeliveryState state, @Nullable String errorCode) {
    MessageRecord current = byCarrierId.get(new TenantKey(tenant, carrierMessageId));
    if (current == null) {
      return Optional.empty();
    }
    NumberKey nk = key(tenant, current.number());
    synchronized (lockFor(nk)) {
      current = byCarrierId.get(new TenantKey(tenant, carrierMessageId));
      if (current == null) {
        return Optional.empty();
      }
      if (!current.state().canMoveTo(state)) {
        return Optional.of(current);
      }
      MessageRecord updated = current.withDelivery(state, errorCode);
      byCarrierId.put(new TenantKey(tenant, carrierMessageId), updated);
      List<MessageRecord> list = messages.get(nk);
      list.replaceAll(m -> m.messageId().equals(updated.messageId()) ? updated : m);
      return Optional.of(updated);
    }
  }

  @Override
  public Optional<MessageRecord> messageByCarrierId(String tenant, String carrierMessageId) {
    return Optional.ofNullable(byCarrierId.get(new TenantKey(tenant, carrierMessageId)));
  }

  @Override
  public List<MessageRecord> messages(String tenant, PhoneNumber number) {
    NumberKey nk = key(tenant, number);
    synchronized (lockFor(nk)) {
      List<MessageRecord> list = messages.get(nk);
      return list == null ? List.of() : List.copyOf(list);
    }
  }

  /** Reads the log only for a number that has logged messages: no pseudonym, no lock otherwise. */
  @Override
  public List<Instant> sendTimes(String tenant, PhoneNumber number, String purposeId, Instant since) {
    Subject s = find(tenant, number);
    if (s == null || !s.messaged) {
      return List.of();
    }
    return messages(tenant, number).stream()
        .filter(m -> purposeId.equals(m.purposeId()) && !m.sentAt().isBefore(since))
        .map(MessageRecord::sentAt)
        .sorted()
        .toList();
  }

  @Override
  public Map<PhoneNumber, Integer> sendCounts(
      String tenant, Collection<PhoneNumber> nums, String purposeId, Instant since) {
    Map<PhoneNumber, Integer> out = new HashMap<>();
    for (PhoneNumber n : nums) {
      Subject s = find(tenant, n);
      if (s != null && s.messaged) {
        int c = sendTimes(tenant, n, purposeId, since).size();
        if (c > 0) {
          out.put(n, c);
        }
      }
    }
    return out;
  }

  // ---- erasure ----

  @Override
  public ErasedRecords erase(String tenant, PhoneNumber number, Instant at) {
    NumberKey nk = key(tenant, number);
    synchronized (lockFor(nk)) {
      int redacted = 0;
      List<ConsentEvent> chain = chains.get(nk);
      if (chain != null) {
        for (int i = 0; i < chain.size(); i++) {
          ConsentEvent e = chain.get(i);
          if (!e.isRedacted()) {
            ConsentEvent r = e.redacted();
            chain.set(i, r);
            if (e.idempotencyKey() != null) {
              byIdempotencyKey.put(new TenantKey(tenant, e.idempotencyKey()), r);
            }
            redacted++;
          }
        }
      }
      List<MessageRecord> logged = messages.remove(nk);
      if (logged != null) {
        logged.forEach(m -> {
          if (m.carrierMessageId() != null) {
            byCarrierId.remove(new TenantKey(tenant, m.carrierMessageId()));
          }
        });
      }
      int pendingDeleted = 0;
      for (PendingOptIn p : pendingFor(tenant, number)) {
        pendingDeleted += pending.remove(new TenantKey(tenant, p.requestId())) != null ? 1 : 0;
      }
      Subjects t = subjects(tenant);
      Subject found = findLocked(t, number, nk.ref());
      List<StatusRow> rows = new ArrayList<>();
      List<SuppressionRow> kept = new ArrayList<>();
      if (found != null) {
        found.statuses(tenant, number).forEach(s -> rows.add(StatusRow.of(s)));
        found.suppressions(tenant, number).forEach(s -> {
          if (!s.scope().equals(Suppression.ALL)) {
            kept.add(new SuppressionRow(s.scope(), s.reason(), s.createdAt(), Collections.emptySortedMap()));
          }
        });
      }
      kept.add(new SuppressionRow(Suppression.ALL, SuppressionReason.ERASURE, at, Collections.emptySortedMap()));
      // Readers look under the number first, then under the reference: publish before removing.
      // Publish in the new place before removing from the old one.
      t.anyErased = true;
      Erased erased = new Erased(rows.toArray(new StatusRow[0]), List.copyOf(kept));
      t.move(() -> t.erased.put(nk.ref(), erased), () -> t.live.remove(number));
      ConcurrentSkipListSet<PhoneNumber> live = numbers.get(tenant);
      if (live != null) {
        live.remove(number);
      }
      return new ErasedRecords(redacted, logged == null ? 0 : logged.size(), pendingDeleted, kept.size());
    }
  }

  // ---- retention ----

  @Override
  public PurgeResult purge(String tenant, RecordType type, Instant cutoff, int limit) {
    if (limit < 1) {
      throw new InvalidInputException("limit must be at least 1");
    }
    return switch (type) {
      case MESSAGE_BODIES -> purgeMessages(tenant, cutoff, limit, true);
      case MESSAGES -> purgeMessages(tenant, cutoff, limit, false);
      case PENDING_OPT_INS -> purgePending(tenant, cutoff, limit);
      case INBOUND_RECEIPTS -> purgeInbound(tenant, cutoff, limit);
      case RATE_LIMIT_HITS -> purgeHits(tenant, cutoff, limit);
      case PROOFS -> throw new InvalidInputException("proofs are anonymised through endedConsents and redactEnded");
    };
  }

  private PurgeResult purgeMessages(String tenant, Instant cutoff, int limit, boolean bodiesOnly) {
    int done = 0;
    boolean more = false;
    for (Map.Entry<NumberKey, List<MessageRecord>> e : messages.entrySet()) {
      if (!e.getKey().tenant().equals(tenant)) {
        continue;
      }
      synchronized (lockFor(e.getKey())) {
        List<MessageRecord> list = e.getValue();
        for (int i = 0; i < list.size(); i++) {
          MessageRecord m = list.get(i);
          if (!m.sentAt().isBefore(cutoff) || (bodiesOnly && m.body() == null)) {
            continue;
          }
          if (done == limit) {
            more = true;
            break;
          }
          done++;
          if (bodiesOnly) {
            MessageRecord emptied = new MessageRecord(m.tenant(), m.messageId(), m.number(), m.purposeId(),
                m.programId(), m.sender(), m.carrier(), m.carrierMessageId(), m.sentAt(), m.state(), m.errorCode(), null);
            list.set(i, emptied);
            if (m.carrierMessageId() != null) {
              byCarrierId.put(new TenantKey(tenant, m.carrierMessageId()), emptied);
            }
          } else {
            list.remove(i--);
            if (m.carrierMessageId() != null) {
              byCarrierId.remove(new TenantKey(tenant, m.carrierMessageId()));
            }
          }
        }
        if (list.isEmpty()) {
          messages.remove(e.getKey(), list);
        }
      }
      if (more) {
        break;
      }
    }
    return new PurgeResult(done, more);
  }

  private PurgeResult purgePending(String tenant, Instant cutoff, int limit) {
    List<TenantKey> due = pending.entrySet().stream()
        .filter(e -> e.getKey().tenant().equals(tenant) && e.getValue().state() != PendingOptIn.State.PENDING
            && e.getValue().expiresAt().isBefore(cutoff))
        .map(Map.Entry::getKey).limit(limit + 1L).toList();
    int done = 0;
    for (TenantKey k : due.subList(0, Math.min(limit, due.size()))) {
      PendingOptIn p = pending.get(k);
      if (p != null && p.state() != PendingOptIn.State.PENDING && pending.remove(k, p)) {
        done++;
      }
    }
    return new PurgeResult(done, due.size() > limit);
  }

  private PurgeResult purgeInbound(String tenant, Instant cutoff, int limit) {
    List<TenantKey> due = inbound.entrySet().stream()
        .filter(e -> e.getKey().tenant().equals(tenant) && e.getValue().isBefore(cutoff))
        .map(Map.Entry::getKey).limit(limit + 1L).toList();
    int done = 0;
    for (TenantKey k : due.subList(0, Math.min(limit, due.size()))) {
      int split = k.key().indexOf('\u0000');
      // The digest first: a look-up between the two steps finds one or the other, never neither.
      inboundDigests.add(new TenantKey(tenant,
          pseudonyms.inbound(tenant, k.key().substring(0, split), k.key().substring(split + 1))));
      done += inbound.remove(k) != null ? 1 : 0;
    }
    return new PurgeResult(done, due.size() > limit);
  }

  private synchronized PurgeResult purgeHits(String tenant, Instant cutoff, int limit) {
    int done = 0;
    for (var it = buckets.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getKey().tenant().equals(tenant)) {
        continue;
      }
      ArrayDeque<Instant> q = e.getValue();
      while (!q.isEmpty() && q.peekFirst().isBefore(cutoff)) {
        if (done == limit) {
          return new PurgeResult(done, true);
        }
        q.pollFirst();
        done++;
      }
      if (q.isEmpty()) {
        it.remove();
      }
    }
    return new PurgeResult(done, false);
  }

  @Override
  public List<ConsentStatus> endedConsents(String tenant, String purposeId, Instant endedBefore, int limit) {
    ConcurrentSkipListSet<String> all = refs.get(tenant);
    Map<String, PhoneNumber> live = new HashMap<>();
    ConcurrentSkipListSet<PhoneNumber> nums = numbers.get(tenant);
    if (all == null || nums == null) {
      return List.of();
    }
    for (PhoneNumber n : nums) {
      live.put(pseudonyms.of(tenant, n), n);
    }
    List<ConsentStatus> out = new ArrayList<>();
    for (String ref : all) {
      PhoneNumber n = live.get(ref);
      Subject found = n == null ? null : find(tenant, n);
      ConsentStatus status = found == null ? null : found.status(tenant, n, purposeId);
      if (status != null && isEnded(tenant, ref, status, endedBefore)) {
        out.add(status);
        if (out.size() == limit) {
          break;
        }
      }
    }
    return out;
  }

  private boolean isEnded(String tenant, String ref, ConsentStatus status, Instant endedBefore) {
    return switch (status.state()) {
      case WITHDRAWN, EXPIRED -> status.since().isBefore(endedBefore);
      case ERASED -> {
        NumberKey nk = new NumberKey(tenant, ref);
        synchronized (lockFor(nk)) {
          List<ConsentEvent> chain = chains.getOrDefault(nk, List.of());
          yield chain.stream().anyMatch(e -> e.purposeId().equals(status.purposeId()) && e.seq() < status.seq()
              && !e.isRedacted());
        }
      }
      default -> false;
    };
  }

  @Override
  public int redactEnded(String tenant, PhoneNumber number, String purposeId, long throughSeq) {
    NumberKey nk = key(tenant, number);
    synchronized (lockFor(nk)) {
      List<ConsentEvent> chain = chains.get(nk);
      if (chain == null) {
        return 0;
      }
      int redacted = 0;
      for (int i = 0; i < chain.size(); i++) {
        ConsentEvent e = chain.get(i);
        if (e.purposeId().equals(purposeId) && !e.isRedacted()
            && (e.seq() <= throughSeq || e.kind() == dev.consent.EventKind.ERASED)) {
          ConsentEvent r = e.redacted();
          chain.set(i, r);
          if (e.idempotencyKey() != null) {
            byIdempotencyKey.put(new TenantKey(tenant, e.idempotencyKey()), r);
          }
          redacted++;
        }
      }
      if (holdsNothing(tenant, number, nk, chain)) {
        forget(tenant, number, nk.ref());
      }
      return redacted;
    }
  }

  /** Whether no record of the subject needs its number any more; for a caller holding its lock. */
  private boolean holdsNothing(String tenant, PhoneNumber number, NumberKey nk, List<ConsentEvent> chain) {
    Subject found = findLocked(subjects(tenant), number, nk.ref());
    boolean statusesEnded = found == null
        || found.statuses(tenant, number).stream().allMatch(st -> st.state() == ConsentState.ERASED);
    boolean noPending = pending.values().stream()
        .noneMatch(p -> p.tenant().equals(tenant) && p.number().equals(number));
    return statusesEnded && noPending && chain.stream().allMatch(ConsentEvent::isRedacted) && !messages.containsKey(nk);
  }

  /**
   * Moves a live entry under its reference only, keeping every status and suppression (unlike
   * {@link #erase}, it adds none): the store no longer holds the number. For a caller holding its lock.
   */
  private void forget(String tenant, PhoneNumber number, String ref) {
    Subjects t = subjects(tenant);
    Live found = t.live.get(number);
    if (found != null) {
      List<StatusRow> rows = new ArrayList<>();
      found.statuses(tenant, number).forEach(st -> rows.add(StatusRow.of(st)));
      List<SuppressionRow> kept = new ArrayList<>();
      found.suppressions(tenant, number).forEach(x ->
          kept.add(new SuppressionRow(x.scope(), x.reason(), x.createdAt(), Collections.emptySortedMap())));
      Erased moved = new Erased(rows.toArray(new StatusRow[0]), List.copyOf(kept));
      moved.messaged = found.messaged;
      // Publish in the new place before removing from the old one.
      t.anyErased = true;
      t.move(() -> t.erased.put(ref, moved), () -> t.live.remove(number));
    }
    ConcurrentSkipListSet<PhoneNumber> live = numbers.get(tenant);
    if (live != null) {
      live.remove(number);
    }
  }

  // ---- inbound ----

  @Override
  public boolean inboundHandled(String tenant, String carrier, String messageId) {
    return inbound.containsKey(new TenantKey(tenant, carrier + "\u0000" + messageId))
        || inboundDigests.contains(new TenantKey(tenant, pseudonyms.inbound(tenant, carrier, messageId)));
  }

  @Override
  public boolean markInboundHandled(String tenant, String carrier, String messageId, Instant at) {
    if (inboundDigests.contains(new TenantKey(tenant, pseudonyms.inbound(tenant, carrier, messageId)))) {
      return false;
    }
    return inbound.putIfAbsent(new TenantKey(tenant, carrier + "\u0000" + messageId), at) == null;
  }

  // ---- quarantine of unverified inbound (since 0.4) ----

  @Override
  public QuarantineAdmission quarantine(QuarantinedInbound item, int maxPerTenant, int maxPerSender) {
    return quarantine.quarantine(item, maxPerTenant, maxPerSender);
  }

  @Override
  public List<QuarantinedInbound> dueForConfirmation(String tenant, Instant now, int limit) {
    return quarantine.dueForConfirmation(tenant, now, limit);
  }

  @Override
  public boolean reschedule(String tenant, String carrier, String messageId, int attempts, Instant nextAttemptAt) {
    return quarantine.reschedule(tenant, carrier, messageId, attempts, nextAttemptAt);
  }

  @Override
  public boolean release(String tenant, String carrier, String messageId) {
    return quarantine.release(tenant, carrier, messageId);
  }

  @Override
  public QuarantineSummary quarantineSummary(String tenant) {
    return quarantine.quarantineSummary(tenant);
  }

  // ---- review queue of unclear replies (since 0.5): delegated to MemoryReviews ----

  @Override
  public boolean enqueueReview(dev.consent.ReviewItem item) {
    return reviews.enqueueReview(item);
  }

  @Override
  public List<dev.consent.ReviewItem> openReviews(String tenant, @Nullable Instant afterReceivedAt,
      @Nullable String afterId, int limit) {
    return reviews.openReviews(tenant, afterReceivedAt, afterId, limit);
  }

  @Override
  public Optional<dev.consent.ReviewItem> reviewItem(String tenant, String id) {
    return reviews.reviewItem(tenant, id);
  }

  @Override
  public List<dev.consent.ReviewItem> openReviewsOf(String tenant, String subjectRef, String sender) {
    return reviews.openReviewsOf(tenant, subjectRef, sender);
  }

  @Override
  public boolean resolveReview(String tenant, String id, dev.consent.ReviewResolution resolution) {
    return reviews.resolveReview(tenant, id, resolution);
  }

  @Override
  public List<dev.consent.ReviewItem> overdueReviews(String tenant, Instant now, int limit) {
    return reviews.overdueReviews(tenant, now, limit);
  }

  @Override
  public int eraseReviews(String tenant, String subjectRef) {
    return reviews.eraseReviews(tenant, subjectRef);
  }

  @Override
  public dev.consent.spi.ReviewSummary reviewSummary(String tenant) {
    return reviews.reviewSummary(tenant);
  }
}
