package dev.consent.memory;

import dev.consent.ConsentEvent;
import dev.consent.ConsentState;
import dev.consent.ConsentStatus;
import dev.consent.EventKind;
import dev.consent.PhoneNumber;
import dev.consent.spi.ChainHead;
import dev.consent.spi.EventChain;
import dev.consent.spi.LedgerWrite;
import dev.consent.spi.Pseudonyms;
import dev.consent.spi.StoredChain;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.jspecify.annotations.Nullable;

/**
 * The ledger of {@link InMemoryConsentStore}: each subject's chain of events by pseudonymous
 * reference, the idempotency keys, and the ordered listings of numbers and references; statuses are
 * kept in the {@link StatusIndex}. A {@link #write} is the compare-and-set under the number's lock.
 * The store's {@link dev.consent.spi.LedgerStore} methods delegate here.
 */
final class MemoryLedger {
  private record Key(String tenant, String ref) {}

  private final Pseudonyms pseudonyms;
  private final NumberLocks locks;
  private final StatusIndex index;
  private final Map<Key, List<ConsentEvent>> chains = new ConcurrentHashMap<>();
  private final Map<Key, ConsentEvent> byIdempotencyKey = new ConcurrentHashMap<>();
  /** The numbers the ledger holds, per tenant (erasure and forgetting remove them). */
  private final Map<String, ConcurrentSkipListSet<PhoneNumber>> numbers = new ConcurrentHashMap<>();
  /** Every subject reference with a chain, per tenant. */
  private final Map<String, ConcurrentSkipListSet<String>> refs = new ConcurrentHashMap<>();

  MemoryLedger(Pseudonyms pseudonyms, NumberLocks locks, StatusIndex index) {
    this.pseudonyms = pseudonyms;
    this.locks = locks;
    this.index = index;
  }

  String subjectRef(String tenant, PhoneNumber number) {
    return pseudonyms.of(tenant, number);
  }

  ChainHead head(String tenant, PhoneNumber number, String purposeId) {
    String ref = subjectRef(tenant, number);
    synchronized (locks.of(tenant, ref)) {
      ConsentStatus status = index.statusLocked(tenant, number, ref, purposeId);
      ConsentEvent last = last(chains.get(new Key(tenant, ref)));
      // the reference instance the chain already holds, so that every event of a subject shares one string
      return last == null ? new ChainHead(ref, 0, EventChain.GENESIS, status)
          : new ChainHead(last.subjectRef(), last.seq(), last.hash(), status);
    }
  }

  /** The compare-and-set: the head must still be the event's {@code prevHash} at {@code seq - 1}. */
  LedgerWrite write(ConsentEvent event, ConsentStatus status) {
    String tenant = event.tenant();
    String ref = subjectRef(tenant, event.number());
    synchronized (locks.of(tenant, ref)) {
      if (!event.subjectRef().equals(ref)) {
        return LedgerWrite.HEAD_MOVED;
      }
      Key key = new Key(tenant, event.subjectRef());
      ConsentEvent last = last(chains.get(key));
      long headSeq = last == null ? 0 : last.seq();
      String headHash = last == null ? EventChain.GENESIS : last.hash();
      if (event.seq() != headSeq + 1 || !event.prevHash().equals(headHash)) {
        return LedgerWrite.HEAD_MOVED;
      }
      if (event.idempotencyKey() != null
          && byIdempotencyKey.putIfAbsent(new Key(tenant, event.idempotencyKey()), event) != null) {
        return LedgerWrite.KEY_TAKEN;
      }
      // keyed by the event's own reference string (head() hands it out again): one instance per subject
      chains.computeIfAbsent(key, k -> new ArrayList<>()).add(event);
      index.put(status, ref);
      numbers.computeIfAbsent(tenant, k -> new ConcurrentSkipListSet<>()).add(event.number());
      refs.computeIfAbsent(tenant, k -> new ConcurrentSkipListSet<>()).add(event.subjectRef());
      return LedgerWrite.WRITTEN;
    }
  }

  private static @Nullable ConsentEvent last(@Nullable List<ConsentEvent> chain) {
    return chain == null || chain.isEmpty() ? null : chain.get(chain.size() - 1);
  }

  ConsentStatus status(String tenant, PhoneNumber number, String purposeId) {
    ConsentStatus status = index.status(tenant, number, purposeId);
    return status != null ? status : ConsentStatus.none(tenant, number, purposeId);
  }

  Map<PhoneNumber, ConsentStatus> statuses(String tenant, Collection<PhoneNumber> nums, String purposeId) {
    Map<PhoneNumber, ConsentStatus> out = new HashMap<>(Math.max(16, nums.size() * 2));
    for (PhoneNumber n : nums) {
      ConsentStatus status = index.status(tenant, n, purposeId);
      if (status != null) {
        out.put(n, status);
      }
    }
    return out;
  }

  List<ConsentStatus> statuses(String tenant, PhoneNumber number) {
    return index.statuses(tenant, number);
  }

  List<ConsentEvent> history(String tenant, PhoneNumber number) {
    return chain(tenant, subjectRef(tenant, number)).events();
  }

  StoredChain chain(String tenant, String subjectRef) {
    synchronized (locks.of(tenant, subjectRef)) {
      List<ConsentEvent> chain = chains.get(new Key(tenant, subjectRef));
      return StoredChain.of(subjectRef, chain == null ? List.of() : chain);
    }
  }

  List<String> subjectRefs(String tenant, @Nullable String after, int limit) {
    ConcurrentSkipListSet<String> all = refs.get(tenant);
    if (all == null) {
      return List.of();
    }
    return (after == null ? all : all.tailSet(after, false)).stream().limit(limit).toList();
  }

  Optional<ConsentEvent> eventByIdempotencyKey(String tenant, String idempotencyKey) {
    return Optional.ofNullable(byIdempotencyKey.get(new Key(tenant, idempotencyKey)));
  }

  List<PhoneNumber> numbers(String tenant, @Nullable PhoneNumber after, int limit) {
    ConcurrentSkipListSet<PhoneNumber> all = numbers.get(tenant);
    if (all == null) {
      return List.of();
    }
    return (after == null ? all : all.tailSet(after, false)).stream().limit(limit).toList();
  }

  List<ConsentStatus> endedConsents(String tenant, String purposeId, Instant endedBefore, int limit) {
    ConcurrentSkipListSet<String> all = refs.get(tenant);
    ConcurrentSkipListSet<PhoneNumber> held = numbers.get(tenant);
    if (all == null || held == null) {
      return List.of();
    }
    Map<String, PhoneNumber> byRef = new HashMap<>();
    for (PhoneNumber n : held) {
      byRef.put(subjectRef(tenant, n), n);
    }
    List<ConsentStatus> out = new ArrayList<>();
    for (String ref : all) {
      PhoneNumber n = byRef.get(ref);
      ConsentStatus status = n == null ? null : index.status(tenant, n, purposeId);
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
      case ERASED -> chain(tenant, ref).events().stream()
          .anyMatch(e -> e.purposeId().equals(status.purposeId()) && e.seq() < status.seq() && !e.isRedacted());
      default -> false;
    };
  }

  /**
   * Redacts the purpose's events through {@code throughSeq} and its later ERASED events; the store
   * then forgets the number if nothing else holds it. For a caller holding the number's lock.
   */
  int redactEnded(String tenant, String ref, String purposeId, long throughSeq) {
    return redact(tenant, ref, e -> e.purposeId().equals(purposeId)
        && (e.seq() <= throughSeq || e.kind() == EventKind.ERASED));
  }

  /** Redacts every event of the subject. For a caller holding the number's lock. */
  int redactAll(String tenant, String ref) {
    return redact(tenant, ref, e -> true);
  }

  private int redact(String tenant, String ref, java.util.function.Predicate<ConsentEvent> which) {
    List<ConsentEvent> chain = chains.get(new Key(tenant, ref));
    int redacted = 0;
    for (int i = 0; chain != null && i < chain.size(); i++) {
      ConsentEvent e = chain.get(i);
      if (!e.isRedacted() && which.test(e)) {
        ConsentEvent r = e.redacted();
        chain.set(i, r);
        if (e.idempotencyKey() != null) {
          byIdempotencyKey.put(new Key(tenant, e.idempotencyKey()), r);
        }
        redacted++;
      }
    }
    return redacted;
  }

  /** Whether every event of the subject is redacted (true for none). For a caller holding the lock. */
  boolean allRedacted(String tenant, String ref) {
    return chains.getOrDefault(new Key(tenant, ref), List.of()).stream().allMatch(ConsentEvent::isRedacted);
  }

  /** Drops the number from the listing of held numbers; the chain stays under the reference. */
  void forgetNumber(String tenant, PhoneNumber number) {
    ConcurrentSkipListSet<PhoneNumber> held = numbers.get(tenant);
    if (held != null) {
      held.remove(number);
    }
  }

  /** Whether every status of the number is ERASED (true for none). */
  static boolean allErased(List<ConsentStatus> statuses) {
    return statuses.stream().allMatch(s -> s.state() == ConsentState.ERASED);
  }
}
