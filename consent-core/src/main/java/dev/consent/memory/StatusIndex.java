package dev.consent.memory;

import dev.consent.ConsentState;
import dev.consent.ConsentStatus;
import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import dev.consent.SuppressionReason;
import dev.consent.spi.Pseudonyms;
import dev.consent.spi.RecipientStatus;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory store's read index: each number's statuses and suppressions, read by the gate for
 * every message without a lock. It is the one part of {@link InMemoryConsentStore} that is not a
 * plain map, and why: the gate's target is a third of a raw {@code ConcurrentHashMap.get} in the
 * same JMH run, and the heap target 200 bytes per status at a million statuses
 * ({@code benchmarks/}); a map of status objects measured 0.21x and 168 B, this layout 0.34x and 127 B.
 *
 * <p>While a person is known, their entry is under the number itself (the store holds nothing at
 * rest, and the ledger holds the number until erasure anyway), so a gate check is one map probe and
 * computes no pseudonym. After erasure it is under the pseudonymous reference only, without the
 * number; a look-up computes the reference only for a number that has no live entry in a tenant
 * where someone was erased. The statuses of a person's first two purposes are kept in the entry
 * field by field, so a read builds the {@link ConsentStatus} from one object in cache instead of
 * chasing a status and its instants.
 *
 * <p>Readers take no lock. Writers ({@link #put}, {@link #suppress}, {@link #lift}, {@link
 * #markMessaged}, {@link #erase}, {@link #forget}) must hold the number's lock in the store; each
 * write replaces lists whole or goes through the entry's sequence lock.
 */
final class StatusIndex {

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

    /** The same suppression without its evidence (which may name the person). */
    static SuppressionRow bare(Suppression s) {
      return new SuppressionRow(s.scope(), s.reason(), s.createdAt(), Collections.emptySortedMap());
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
  private final Map<String, Subjects> tenants = new ConcurrentHashMap<>();

  StatusIndex(Pseudonyms pseudonyms) {
    this.pseudonyms = pseudonyms;
  }

  // ---- reads: no lock ----

  /** The status of a (number, purpose), or null when none is recorded. */
  @Nullable ConsentStatus status(String tenant, PhoneNumber number, String purposeId) {
    Subject s = find(tenant, number);
    return s == null ? null : s.status(tenant, number, purposeId);
  }

  /** The gate's read: the status (or {@link ConsentStatus#none}) and the suppressions in one probe. */
  RecipientStatus recipient(String tenant, PhoneNumber number, String purposeId) {
    Subject s = find(tenant, number);
    if (s == null) {
      return new RecipientStatus(ConsentStatus.none(tenant, number, purposeId), List.of());
    }
    ConsentStatus status = s.status(tenant, number, purposeId);
    return new RecipientStatus(status != null ? status : ConsentStatus.none(tenant, number, purposeId),
        s.suppressions(tenant, number));
  }

  /** Every status of the number, sorted by purpose id. */
  List<ConsentStatus> statuses(String tenant, PhoneNumber number) {
    Subject s = find(tenant, number);
    return s == null ? List.of() : s.statuses(tenant, number);
  }

  List<Suppression> suppressions(String tenant, PhoneNumber number) {
    Subject s = find(tenant, number);
    return s == null ? List.of() : s.suppressions(tenant, number);
  }

  /** False when no message was ever logged for the number: the send log need not be read. */
  boolean messaged(String tenant, PhoneNumber number) {
    Subject s = find(tenant, number);
    return s != null && s.messaged;
  }

  /**
   * The number's entry: the live one by number; else, only if the tenant has erased subjects, the
   * erased one by reference; null when nothing is recorded.
   */
  private @Nullable Subject find(String tenant, PhoneNumber number) {
    Subjects t = tenants.get(tenant);
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

  // ---- writes: the caller holds the number's lock ----

  /** The number's entry, for a writer. */
  private @Nullable Subject findLocked(String tenant, PhoneNumber number, String ref) {
    Subjects t = tenants.get(tenant);
    if (t == null) {
      return null;
    }
    Live live = t.live.get(number);
    return live != null ? live : t.erased.get(ref);
  }

  private Subjects tenant(String tenant) {
    return tenants.computeIfAbsent(tenant, k -> new Subjects());
  }

  /**
   * The live entry of a number, for a writer about to store the number anyway: created if new; an
   * erased person's entry moved back under the number (they came back).
   */
  private Live revive(String tenant, PhoneNumber number, String ref) {
    Subjects t = tenant(tenant);
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
    Live revived = live;
    t.move(() -> t.live.put(number, revived), () -> t.erased.remove(ref));
    return live;
  }

  /** The statuses of the number as a writer sees them. */
  List<ConsentStatus> statusesLocked(String tenant, PhoneNumber number, String ref) {
    Subject s = findLocked(tenant, number, ref);
    return s == null ? List.of() : s.statuses(tenant, number);
  }

  @Nullable ConsentStatus statusLocked(String tenant, PhoneNumber number, String ref, String purposeId) {
    Subject s = findLocked(tenant, number, ref);
    return s == null ? null : s.status(tenant, number, purposeId);
  }

  /** Sets the status of its (number, purpose); an erased person comes back under the number. */
  void put(ConsentStatus status, String ref) {
    revive(status.tenant(), status.number(), ref).put(status);
  }

  /**
   * Adds a suppression unless one of its scope is held; whether it added it. An erased person's suppression is kept under
   * the reference, without the number (suppressing a number does not bring the person back).
   */
  boolean suppress(Suppression s, String ref) {
    Subject found = findLocked(s.tenant(), s.number(), ref);
    if (found instanceof Erased e) {
      if (e.suppressions.stream().noneMatch(r -> r.scope().equals(s.scope()))) {
        e.suppressions = append(e.suppressions, SuppressionRow.of(s));
        return true;
      }
      return false;
    }
    Live live = found != null ? (Live) found : revive(s.tenant(), s.number(), ref);
    if (live.suppressions.stream().noneMatch(x -> x.scope().equals(s.scope()))) {
      live.suppressions = append(live.suppressions, s);
      return true;
    }
    return false;
  }

  /** Removes the suppression of that scope; whether there was one. */
  boolean lift(String tenant, PhoneNumber number, String ref, String scope) {
    Subject found = findLocked(tenant, number, ref);
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

  void markMessaged(String tenant, PhoneNumber number, String ref) {
    Subject found = findLocked(tenant, number, ref);
    (found != null ? found : revive(tenant, number, ref)).messaged = true;
  }

  /**
   * Moves the entry under the reference only, keeping its statuses and its suppressions without
   * their evidence, replacing any suppression of every purpose by one whose reason is erasure.
   *
   * @return the suppressions kept
   */
  int erase(String tenant, PhoneNumber number, String ref, Instant at) {
    Subject found = findLocked(tenant, number, ref);
    List<StatusRow> rows = new ArrayList<>();
    List<SuppressionRow> kept = new ArrayList<>();
    if (found != null) {
      found.statuses(tenant, number).forEach(s -> rows.add(StatusRow.of(s)));
      found.suppressions(tenant, number).forEach(s -> {
        if (!s.scope().equals(Suppression.ALL)) {
          kept.add(SuppressionRow.bare(s));
        }
      });
    }
    kept.add(new SuppressionRow(Suppression.ALL, SuppressionReason.ERASURE, at, Collections.emptySortedMap()));
    moveToErased(tenant, number, ref, new Erased(rows.toArray(new StatusRow[0]), List.copyOf(kept)));
    return kept.size();
  }

  /**
   * Moves a live entry under its reference only, keeping every status and suppression (without
   * evidence) and adding none: the index no longer holds the number.
   */
  void forget(String tenant, PhoneNumber number, String ref) {
    Subjects t = tenants.get(tenant);
    Live found = t == null ? null : t.live.get(number);
    if (found != null) {
      List<StatusRow> rows = new ArrayList<>();
      found.statuses(tenant, number).forEach(st -> rows.add(StatusRow.of(st)));
      List<SuppressionRow> kept = new ArrayList<>();
      found.suppressions(tenant, number).forEach(x -> kept.add(SuppressionRow.bare(x)));
      Erased moved = new Erased(rows.toArray(new StatusRow[0]), List.copyOf(kept));
      moved.messaged = found.messaged;
      moveToErased(tenant, number, ref, moved);
    }
  }

  private void moveToErased(String tenant, PhoneNumber number, String ref, Erased entry) {
    Subjects t = tenant(tenant);
    t.anyErased = true;
    // Publish in the new place before removing from the old one.
    t.move(() -> t.erased.put(ref, entry), () -> t.live.remove(number));
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
}
