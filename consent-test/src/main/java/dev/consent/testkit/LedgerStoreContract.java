package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Channel;
import dev.consent.ConsentEvent;
import dev.consent.ConsentMethod;
import dev.consent.ConsentState;
import dev.consent.ConsentStatus;
import dev.consent.EventKind;
import dev.consent.PhoneNumber;
import dev.consent.spi.AppendResult;
import dev.consent.spi.ChainHead;
import dev.consent.spi.EventChain;
import dev.consent.spi.LedgerStore;
import dev.consent.spi.LedgerWrite;
import dev.consent.spi.NewEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link LedgerStore}'s compare-and-set: what {@link EventChain#append} rests on.
 * A store's test extends it (or nests a subclass, as {@link ConsentStoreContract} does) and returns
 * its store from {@link #ledger()}; every test works in a fresh random tenant.
 */
public abstract class LedgerStoreContract {

  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final PhoneNumber CARA = PhoneNumber.parse("+14155550177");
  private static final PhoneNumber DAN = PhoneNumber.parse("+4915123456700");
  private static final String PURPOSE = "marketing.promotions";

  /** The store under test. Called often: return the same instance. */
  protected abstract LedgerStore ledger();

  private String tenant;

  @BeforeEach
  void freshLedgerTenant() {
    tenant = "l-" + UUID.randomUUID().toString().substring(0, 12);
  }

  private NewEvent event(PhoneNumber n, EventKind kind, int second, @Nullable String key) {
    Instant at = T0.plusSeconds(second);
    return new NewEvent(NewEvent.newId(), tenant, n, PURPOSE, kind, ConsentMethod.WEB_FORM, Channel.WEB,
        new TreeMap<>(Map.of("form", "https://shop.example/signup")), kind == EventKind.GRANTED ? "v1" : null, at, at,
        key, false);
  }

  /** Seals {@code e} on the head the store reports now, as {@link EventChain#append} does. */
  private Sealed sealOnHead(NewEvent e) {
    ChainHead head = ledger().head(tenant, e.number(), PURPOSE);
    ConsentEvent sealed = EventChain.seal(e, head.subjectRef(), head.seq() + 1, head.hash());
    ConsentStatus before = head.status() != null ? head.status() : ConsentStatus.none(tenant, e.number(), PURPOSE);
    return new Sealed(sealed, EventChain.fold(before, sealed));
  }

  private record Sealed(ConsentEvent event, ConsentStatus status) {}

  @Test
  @DisplayName("head of a number without events is empty, under the number's subject reference")
  void emptyHead() {
    ChainHead head = ledger().head(tenant, CARA, PURPOSE);
    assertThat(head.seq()).isZero();
    assertThat(head.hash()).isEqualTo(EventChain.GENESIS);
    assertThat(head.status()).isNull();
    assertThat(head.subjectRef()).isEqualTo(ledger().subjectRef(tenant, CARA));
  }

  @Test
  @DisplayName("of two writes sealed on the same head exactly one is stored; the other stores nothing")
  void twoWritesOnOneHead() {
    EventChain.append(ledger(), event(CARA, EventKind.GRANTED, 0, null));
    Sealed a = sealOnHead(event(CARA, EventKind.WITHDRAWN, 1, "a"));
    Sealed b = sealOnHead(event(CARA, EventKind.GRANTED, 2, "b"));
    assertThat(a.event().seq()).isEqualTo(b.event().seq()).isEqualTo(2);

    assertThat(ledger().write(a.event(), a.status())).isEqualTo(LedgerWrite.WRITTEN);
    assertThat(ledger().write(b.event(), b.status())).isEqualTo(LedgerWrite.HEAD_MOVED);

    List<ConsentEvent> history = ledger().history(tenant, CARA);
    assertThat(history).extracting(ConsentEvent::eventId).containsExactly(history.get(0).eventId(), a.event().eventId());
    assertThat(ledger().eventByIdempotencyKey(tenant, "b")).isEmpty();
    assertThat(ledger().status(tenant, CARA, PURPOSE).state()).isEqualTo(ConsentState.WITHDRAWN);
    ChainHead head = ledger().head(tenant, CARA, PURPOSE);
    assertThat(head.seq()).isEqualTo(2);
    assertThat(head.hash()).isEqualTo(a.event().hash());
    assertThat(head.status()).isEqualTo(a.status());
  }

  @Test
  @DisplayName("a write sealed on a stale hash at the right position is refused")
  void staleHash() {
    EventChain.append(ledger(), event(CARA, EventKind.GRANTED, 0, null));
    NewEvent e = event(CARA, EventKind.WITHDRAWN, 1, null);
    ConsentEvent forged = EventChain.seal(e, ledger().subjectRef(tenant, CARA), 2, EventChain.GENESIS);
    ConsentStatus status = EventChain.fold(ConsentStatus.none(tenant, CARA, PURPOSE), forged);
    assertThat(ledger().write(forged, status)).isEqualTo(LedgerWrite.HEAD_MOVED);
    assertThat(ledger().history(tenant, CARA)).hasSize(1);
    assertThat(ledger().status(tenant, CARA, PURPOSE).state()).isEqualTo(ConsentState.GRANTED);
  }

  @Test
  @DisplayName("a write whose idempotency key the tenant holds stores nothing, not even the new number")
  void keyTaken() {
    ConsentEvent first = ((AppendResult.Appended) EventChain.append(ledger(), event(CARA, EventKind.GRANTED, 0, "k"))).event();
    Sealed again = sealOnHead(event(DAN, EventKind.GRANTED, 1, "k"));
    assertThat(ledger().write(again.event(), again.status())).isEqualTo(LedgerWrite.KEY_TAKEN);
    assertThat(ledger().history(tenant, DAN)).isEmpty();
    assertThat(ledger().head(tenant, DAN, PURPOSE).seq()).isZero();
    assertThat(ledger().numbers(tenant, null, 10)).containsExactly(CARA);
    assertThat(ledger().eventByIdempotencyKey(tenant, "k")).map(ConsentEvent::eventId).contains(first.eventId());
    assertThat(EventChain.append(ledger(), event(DAN, EventKind.GRANTED, 2, "k"))).isInstanceOf(AppendResult.Duplicate.class);
  }

  @Test
  @DisplayName("threads appending to one number through EventChain.append build one gap-free chain")
  void racingAppends() throws Exception {
    int threads = 6;
    int each = 15;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CyclicBarrier start = new CyclicBarrier(threads);
    Map<String, Boolean> keys = new ConcurrentHashMap<>();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < each; i++) {
            String key = "race-" + thread + "-" + i;
            AppendResult r = EventChain.append(ledger(),
                event(CARA, (thread + i) % 2 == 0 ? EventKind.GRANTED : EventKind.WITHDRAWN, thread * 100 + i, key));
            keys.put(key, r instanceof AppendResult.Appended);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(keys).hasSize(threads * each).allSatisfy((k, appended) -> assertThat(appended).isTrue());
    List<ConsentEvent> history = ledger().history(tenant, CARA);
    assertThat(history).hasSize(threads * each);
    for (int i = 0; i < history.size(); i++) {
      assertThat(history.get(i).seq()).isEqualTo(i + 1);
    }
    assertThat(EventChain.verify(CARA, history).isIntact()).isTrue();
    assertThat(ledger().status(tenant, CARA, PURPOSE)).isEqualTo(EventChain.replay(tenant, CARA, PURPOSE, history));
    assertThat(ledger().head(tenant, CARA, PURPOSE).hash()).isEqualTo(history.get(history.size() - 1).hash());
  }
}
