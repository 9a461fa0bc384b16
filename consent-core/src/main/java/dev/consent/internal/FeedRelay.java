package dev.consent.internal;

import dev.consent.ConsentEvent;
import dev.consent.LogText;
import dev.consent.PhoneNumber;
import dev.consent.error.InvalidInputException;
import dev.consent.feed.ChangeFeed;
import dev.consent.feed.ChangeSink;
import dev.consent.feed.ConsentChange;
import dev.consent.feed.Delivery;
import dev.consent.feed.FeedSettings;
import dev.consent.feed.SubscriberStatus;
import dev.consent.spi.ChangeFeedStore;
import dev.consent.spi.FeedCursor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Delivers the change feed to subscribers ({@link ChangeFeed}): at least once, in order per number,
 * a cursor moved by compare-and-set only after the sink confirmed, one instance at a time per
 * subscriber (a lease in the cursor), failures retried after a pause that doubles.
 *
 * <p>Positions come from one counter that a write takes before it commits, so a change can become
 * visible after a greater one: the relay delivers what is visible and remembers each missing
 * position below its cursor as a gap, delivers it late if it appears, and forgets it after the
 * gap wait (a rolled-back write leaves a gap for good). A number's ledger changes still come in
 * order: its next change is written only after the one before it committed. Not API.
 */
public final class FeedRelay implements ChangeFeed {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FeedRelay.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  /** Six or more digits, with the separators people write numbers with. */
  private static final Pattern DIGITS = Pattern.compile("\\+?\\d[\\d ().-]{4,}\\d");
  /** Gaps a cursor remembers at most; beyond, the oldest are forgotten (and logged). */
  static final int MAX_GAPS = 1000;

  private final KitContext ctx;
  private final ChangeFeedStore store;
  private final FeedSettings settings;
  private final String instance = UUID.randomUUID().toString();

  public FeedRelay(KitContext ctx, ChangeFeedStore store, FeedSettings settings) {
    this.ctx = ctx;
    this.store = store;
    this.settings = settings;
  }

  @Override
  public Delivery deliver(String subscriber, ChangeSink sink) {
    checkName(subscriber);
    if (sink == null) {
      throw new InvalidInputException("sink is required");
    }
    Instant now = ctx.clock().instant();
    FeedCursor stored = store.feedCursor(ctx.tenant(), subscriber).orElse(null);
    FeedCursor cur = stored == null ? FeedCursor.start(ctx.tenant(), subscriber) : stored;
    if (cur.retryAt() != null && now.isBefore(cur.retryAt())) {
      return new Delivery.NotDue(cur.retryAt(), false);
    }
    if (cur.leaseOwner() != null && !instance.equals(cur.leaseOwner()) && cur.leaseUntil() != null
        && now.isBefore(cur.leaseUntil())) {
      return new Delivery.NotDue(cur.leaseUntil(), true);
    }
    FeedCursor claimed = with(cur, cur.position(), cur.gaps(), instance, now.plus(settings.lease()), cur.deliveredAt(),
        cur.failures(), cur.lastError(), null);
    if (!store.saveFeedCursor(stored, claimed)) {
      return new Delivery.NotDue(now, true);
    }
    return deliverHeld(claimed, sink);
  }

  private Delivery deliverHeld(FeedCursor held, ChangeSink sink) {
    FeedCursor cur = held;
    long delivered = 0;
    try {
      for (int batch = 0; batch < settings.maxBatches(); batch++) {
        Instant now = ctx.clock().instant();
        Next next = next(cur, now);
        if (!next.changes().isEmpty()) {
          try {
            sink.accept(next.changes());
          } catch (Exception x) {
            return failed(cur, delivered, x, now);
          }
        }
        boolean progress = !next.changes().isEmpty() || next.position() != cur.position()
            || !next.gaps().equals(cur.gaps());
        if (progress) {
          FeedCursor moved = with(cur, next.position(), next.gaps(), instance, now.plus(settings.lease()),
              next.changes().isEmpty() ? cur.deliveredAt() : now, 0, null, null);
          if (!store.saveFeedCursor(cur, moved)) {
            // another instance took the subscriber over after this lease ran out: what was sent stays sent
            return new Delivery.Done(delivered + next.changes().size(), cur.position(), true);
          }
          cur = moved;
          delivered += next.changes().size();
        }
        if (!next.full()) {
          return new Delivery.Done(delivered, cur.position(), !cur.gaps().isEmpty());
        }
      }
      return new Delivery.Done(delivered, cur.position(), true);
    } finally {
      release(cur);
    }
  }

  private Delivery failed(FeedCursor cur, long delivered, Exception x, Instant now) {
    int failures = cur.failures() + 1;
    Duration pause = settings.firstRetry().multipliedBy(1L << Math.min(20, failures - 1));
    if (pause.compareTo(settings.maxRetry()) > 0) {
      pause = settings.maxRetry();
    }
    Instant retryAt = now.plus(pause);
    // a sink's message is the host's text: digit runs long enough to be a number are masked before it is
    // logged or kept in the cursor
    String error = x.getClass().getSimpleName() + ": "
        + LogText.safe(DIGITS.matcher(String.valueOf(x.getMessage())).replaceAll("#"));
    if (error.length() > 300) {
      error = error.substring(0, 300);
    }
    log.warn("change feed: delivery to subscriber '{}' failed ({} in a row), retrying after {}: {}",
        LogText.safe(cur.subscriber()), failures, pause, error);
    FeedCursor waiting = with(cur, cur.position(), cur.gaps(), null, null, cur.deliveredAt(), failures, error, retryAt);
    store.saveFeedCursor(cur, waiting);
    return new Delivery.Failed(delivered, cur.position(), failures, error, retryAt);
  }

  /** Gives the lease back, unless the cursor moved on meanwhile (a failure already released it). */
  private void release(FeedCursor cur) {
    if (instance.equals(cur.leaseOwner())) {
      store.saveFeedCursor(cur, with(cur, cur.position(), cur.gaps(), null, null, cur.deliveredAt(), cur.failures(),
          cur.lastError(), cur.retryAt()));
    }
  }

  /** One batch: the gaps that appeared (oldest first), then what follows the cursor. */
  private record Next(List<ConsentChange> changes, long position, SortedMap<Long, Instant> gaps, boolean full) {}

  private Next next(FeedCursor cur, Instant now) {
    TreeMap<Long, Instant> gaps = new TreeMap<>(cur.gaps());
    List<ConsentChange> out = new ArrayList<>();
    if (!gaps.isEmpty()) {
      Set<Long> visible = store.changePositions(gaps.firstKey() - 1, gaps.lastKey());
      List<Long> appeared = gaps.keySet().stream().filter(visible::contains).toList();
      if (!appeared.isEmpty()) {
        out.addAll(store.changesAt(ctx.tenant(), Set.copyOf(appeared)));
        appeared.forEach(gaps::remove);
      }
      gaps.entrySet().removeIf(g -> !g.getValue().plus(settings.gapWait()).isAfter(now));
    }
    int room = Math.max(0, settings.batchSize() - out.size());
    List<ConsentChange> page = room == 0 ? List.of() : store.changes(ctx.tenant(), cur.position(), room);
    long position = cur.position();
    if (!page.isEmpty()) {
      long last = page.get(page.size() - 1).position();
      // other tenants' changes fill the range too: only a range with positions missing is read in full
      if (store.countChanges(cur.position(), last) < last - cur.position()) {
        Set<Long> visible = store.changePositions(cur.position(), last);
        for (long p = cur.position() + 1; p < last && gaps.size() < MAX_GAPS * 2; p++) {
          if (!visible.contains(p)) {
            gaps.putIfAbsent(p, now);
          }
        }
      }
      position = last;
      out.addAll(page);
    }
    while (gaps.size() > MAX_GAPS) {
      Map.Entry<Long, Instant> oldest = gaps.pollFirstEntry();
      log.warn("change feed: subscriber '{}' has more than {} missing positions; position {} is no longer waited for",
          LogText.safe(cur.subscriber()), MAX_GAPS, oldest.getKey());
    }
    out.sort(Comparator.comparingLong(ConsentChange::position));
    return new Next(settings.includeNumbers() ? withNumbers(out) : out, position, gaps,
        out.size() >= settings.batchSize());
  }

  /** The changes with the number of each subject, where the store still holds it. */
  private List<ConsentChange> withNumbers(List<ConsentChange> changes) {
    Map<String, PhoneNumber> bySubject = new HashMap<>();
    List<ConsentChange> out = new ArrayList<>(changes.size());
    for (ConsentChange c : changes) {
      PhoneNumber n = bySubject.computeIfAbsent(c.subject(), ref -> {
        List<ConsentEvent> events = ctx.store().chain(ctx.tenant(), ref).events();
        for (int i = events.size() - 1; i >= 0; i--) {
          if (events.get(i).number() != null) {
            return events.get(i).number();
          }
        }
        return null;
      });
      out.add(c.withNumber(n));
    }
    return out;
  }

  private static FeedCursor with(FeedCursor c, long position, SortedMap<Long, Instant> gaps, @Nullable String owner,
      @Nullable Instant until, @Nullable Instant deliveredAt, int failures, @Nullable String lastError,
      @Nullable Instant retryAt) {
    return new FeedCursor(c.tenant(), c.subscriber(), position, c.version() + 1, owner, until, deliveredAt, failures,
        lastError, retryAt, gaps);
  }

  @Override
  public SubscriberStatus status(String subscriber) {
    checkName(subscriber);
    long newest = store.newestChange(ctx.tenant());
    return store.feedCursor(ctx.tenant(), subscriber).map(c -> status(c, newest))
        .orElse(new SubscriberStatus(subscriber, 0, newest, null, 0, null, null));
  }

  @Override
  public List<SubscriberStatus> subscribers() {
    long newest = store.newestChange(ctx.tenant());
    return store.feedCursors(ctx.tenant()).stream().map(c -> status(c, newest)).toList();
  }

  private static SubscriberStatus status(FeedCursor c, long newest) {
    return new SubscriberStatus(c.subscriber(), c.position(), newest, c.deliveredAt(), c.failures(), c.lastError(),
        c.retryAt());
  }

  @Override
  public List<ConsentChange> read(long position, int limit) {
    if (position < 0 || limit < 1 || limit > 10_000) {
      throw new InvalidInputException("position must not be negative and limit 1-10,000");
    }
    List<ConsentChange> page = store.changes(ctx.tenant(), position, limit);
    return settings.includeNumbers() ? withNumbers(page) : page;
  }

  @Override
  public int purgeDelivered(int limit) {
    if (limit < 1 || limit > 100_000) {
      throw new InvalidInputException("limit must be 1-100,000");
    }
    List<FeedCursor> cursors = store.feedCursors(ctx.tenant());
    if (cursors.isEmpty()) {
      return 0;
    }
    Instant now = ctx.clock().instant();
    long through = Long.MAX_VALUE;
    for (FeedCursor c : cursors) {
      long below = c.position();
      for (Map.Entry<Long, Instant> gap : c.gaps().entrySet()) {
        if (gap.getValue().plus(settings.gapWait()).isAfter(now)) {   // still waited for
          below = Math.min(below, gap.getKey() - 1);
          break;
        }
      }
      through = Math.min(through, below);
    }
    return through <= 0 ? 0 : store.purgeChanges(ctx.tenant(), through, limit).count();
  }

  private static void checkName(String subscriber) {
    if (subscriber == null || !NAME.matcher(subscriber).matches()) {
      throw new InvalidInputException("subscriber must be 1-64 letters, digits, '.', '_' or '-'");
    }
  }
}
