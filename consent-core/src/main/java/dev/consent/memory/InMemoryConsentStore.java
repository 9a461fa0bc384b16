package dev.consent.memory;

import dev.consent.ConsentEvent;
import dev.consent.ConsentStatus;
import dev.consent.ConsentStoreException;
import dev.consent.DeliveryState;
import dev.consent.MessageRecord;
import dev.consent.Notice;
import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import dev.consent.spi.AppendResult;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.EventChain;
import dev.consent.spi.NewEvent;
import dev.consent.spi.PendingOptIn;
import dev.consent.spi.RateLimit;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ConsentStore} in memory: for host applications' tests and the demo. It keeps the same
 * rules as the durable stores (atomic append with hash chain and status, idempotency, monotonic
 * delivery states) and passes the same contract kit. Nothing survives the process.
 *
 * <p>Thread-safe: appends for one number are serialised on a per-number lock; reads of statuses
 * take no lock.
 *
 * <pre>{@code
 * ConsentKit kit = ConsentKit.builder().store(new InMemoryConsentStore())...build();
 * }</pre>
 *
 * @since 0.1
 */
public final class InMemoryConsentStore implements ConsentStore {

  private record NumberKey(String tenant, String e164) {}

  private record StatusKey(String tenant, String e164, String purposeId) {}

  private record TenantKey(String tenant, String key) {}

  private final Map<NumberKey, List<ConsentEvent>> chains = new ConcurrentHashMap<>();
  private final Map<StatusKey, ConsentStatus> statuses = new ConcurrentHashMap<>();
  private final Map<TenantKey, ConsentEvent> byIdempotencyKey = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentSkipListSet<PhoneNumber>> numbers = new ConcurrentHashMap<>();
  private final Map<TenantKey, Notice> notices = new ConcurrentHashMap<>();
  private final Map<TenantKey, PendingOptIn> pending = new ConcurrentHashMap<>();
  private final Map<TenantKey, ArrayDeque<Instant>> buckets = new HashMap<>();
  private final Map<NumberKey, Map<String, Suppression>> suppressions = new ConcurrentHashMap<>();
  private final Map<NumberKey, List<MessageRecord>> messages = new ConcurrentHashMap<>();
  private final Map<TenantKey, MessageRecord> byCarrierId = new ConcurrentHashMap<>();
  private final Map<TenantKey, Instant> inbound = new ConcurrentHashMap<>();
  private final Object[] locks = new Object[256];

  public InMemoryConsentStore() {
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
  }

  private Object lockFor(NumberKey key) {
    return locks[(key.hashCode() & 0x7fffffff) % locks.length];
  }

  private static NumberKey key(String tenant, PhoneNumber number) {
    return new NumberKey(tenant, number.e164());
  }

  // ---- ledger ----

  @Override
  public AppendResult append(NewEvent event) {
    NumberKey nk = key(event.tenant(), event.number());
    synchronized (lockFor(nk)) {
      if (event.idempotencyKey() != null) {
        ConsentEvent seen = byIdempotencyKey.get(new TenantKey(event.tenant(), event.idempotencyKey()));
        if (seen != null) {
          return new AppendResult.Duplicate(seen);
        }
      }
      List<ConsentEvent> chain = chains.computeIfAbsent(nk, k -> new ArrayList<>());
      ConsentEvent last = chain.isEmpty() ? null : chain.get(chain.size() - 1);
      ConsentEvent sealed = EventChain.seal(event, last == null ? 1 : last.seq() + 1,
          last == null ? EventChain.GENESIS : last.hash());
      if (event.idempotencyKey() != null) {
        ConsentEvent raced = byIdempotencyKey.putIfAbsent(new TenantKey(event.tenant(), event.idempotencyKey()), sealed);
        if (raced != null) {
          return new AppendResult.Duplicate(raced);
        }
      }
      StatusKey sk = new StatusKey(event.tenant(), event.number().e164(), event.purposeId());
      ConsentStatus before = statuses.getOrDefault(sk, ConsentStatus.none(event.tenant(), event.number(), event.purposeId()));
      ConsentStatus after = EventChain.fold(before, sealed);
      chain.add(sealed);
      statuses.put(sk, after);
      numbers.computeIfAbsent(event.tenant(), t -> new ConcurrentSkipListSet<>()).add(event.number());
      return new AppendResult.Appended(sealed, after);
    }
  }

  @Override
  public ConsentStatus status(String tenant, PhoneNumber number, String purposeId) {
    ConsentStatus s = statuses.get(new StatusKey(tenant, number.e164(), purposeId));
    return s != null ? s : ConsentStatus.none(tenant, number, purposeId);
  }

  @Override
  public Map<PhoneNumber, ConsentStatus> statuses(String tenant, Collection<PhoneNumber> nums, String purposeId) {
    Map<PhoneNumber, ConsentStatus> out = new HashMap<>(Math.max(16, nums.size() * 2));
    for (PhoneNumber n : nums) {
      ConsentStatus s = statuses.get(new StatusKey(tenant, n.e164(), purposeId));
      if (s != null) {
        out.put(n, s);
      }
    }
    return out;
  }

  @Override
  public List<ConsentStatus> statuses(String tenant, PhoneNumber number) {
    List<ConsentStatus> out = new ArrayList<>();
    statuses.forEach((k, v) -> {
      if (k.tenant().equals(tenant) && k.e164().equals(number.e164())) {
        out.add(v);
      }
    });
    out.sort(Comparator.comparing(ConsentStatus::purposeId));
    return out;
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
        .sorted(Comparator.comparing(PendingOptIn::createdAt).reversed())
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
        .sorted(Comparator.comparing(PendingOptIn::expiresAt))
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

  @Override
  public void suppress(Suppression s) {
    suppressions.computeIfAbsent(key(s.tenant(), s.number()), k -> new ConcurrentHashMap<>()).putIfAbsent(s.scope(), s);
  }

  @Override
  public boolean lift(String tenant, PhoneNumber number, String scope) {
    Map<String, Suppression> m = suppressions.get(key(tenant, number));
    return m != null && m.remove(scope) != null;
  }

  @Override
  public List<Suppression> suppressions(String tenant, PhoneNumber number) {
    Map<String, Suppression> m = suppressions.get(key(tenant, number));
    return m == null ? List.of() : List.copyOf(m.values());
  }

  @Override
  public Map<PhoneNumber, List<Suppression>> suppressions(String tenant, Collection<PhoneNumber> nums) {
    Map<PhoneNumber, List<Suppression>> out = new HashMap<>();
    for (PhoneNumber n : nums) {
      Map<String, Suppression> m = suppressions.get(key(tenant, n));
      if (m != null && !m.isEmpty()) {
        out.put(n, List.copyOf(m.values()));
      }
    }
    return out;
  }

  // ---- message log ----

  @Override
  public void logMessage(MessageRecord m) {
    NumberKey nk = key(m.tenant(), m.number());
    synchronized (lockFor(nk)) {
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

  @Override
  public List<Instant> sendTimes(String tenant, PhoneNumber number, String purposeId, Instant since) {
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
      if (messages.containsKey(key(tenant, n))) {
        int c = sendTimes(tenant, n, purposeId, since).size();
        if (c > 0) {
          out.put(n, c);
        }
      }
    }
    return out;
  }

  // ---- inbound ----

  @Override
  public boolean inboundHandled(String tenant, String carrier, String messageId) {
    return inbound.containsKey(new TenantKey(tenant, carrier + "\u0000" + messageId));
  }

  @Override
  public boolean markInboundHandled(String tenant, String carrier, String messageId, Instant at) {
    return inbound.putIfAbsent(new TenantKey(tenant, carrier + "\u0000" + messageId), at) == null;
  }
}
