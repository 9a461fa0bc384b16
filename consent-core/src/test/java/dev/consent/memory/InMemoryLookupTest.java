package dev.consent.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Channel;
import dev.consent.ConsentMethod;
import dev.consent.ConsentState;
import dev.consent.DeliveryState;
import dev.consent.EventKind;
import dev.consent.MessageRecord;
import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import dev.consent.SuppressionReason;
import dev.consent.spi.EventChain;
import dev.consent.spi.KeyProvider;
import dev.consent.spi.NewEvent;
import dev.consent.spi.WrappedKey;
import dev.consent.testkit.HeldValues;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the in-memory store's layout promises beyond the contract: the gate's reads of known numbers
 * compute no pseudonym, erased people are found by reference only, and readers never miss a status
 * while a person is erased or comes back.
 */
@DisplayName("InMemoryConsentStore reads")
class InMemoryLookupTest {
  private static final String TENANT = "acme";
  private static final String MARKETING = "marketing.promotions";
  private static final String ORDERS = "service.order-updates";
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final PhoneNumber ALICE = PhoneNumber.parse("+14155550101");
  private static final PhoneNumber BOB = PhoneNumber.parse("+4915123456789");
  private static final PhoneNumber CAROL = PhoneNumber.parse("+33612345678");

  /** Counts how often the store asks for the pseudonym key, i.e. computes a reference. */
  private static final class CountingKeys implements KeyProvider {
    final InMemoryKeyProvider keys = new InMemoryKeyProvider();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public SecretKey pseudonymKey(String tenant) {
      calls.incrementAndGet();
      return keys.pseudonymKey(tenant);
    }

    @Override
    public WrappedKey wrapDataKey(String tenant, SecretKey dataKey) {
      return keys.wrapDataKey(tenant, dataKey);
    }

    @Override
    public SecretKey unwrapDataKey(String tenant, WrappedKey wrapped) {
      return keys.unwrapDataKey(tenant, wrapped);
    }
  }

  private final CountingKeys keys = new CountingKeys();
  private final InMemoryConsentStore store = new InMemoryConsentStore(keys);

  private void append(PhoneNumber n, String purpose, EventKind kind, Instant at) {
    EventChain.append(store, new NewEvent(NewEvent.newId(), TENANT, n, purpose, kind, ConsentMethod.WEB_FORM, Channel.WEB,
        new TreeMap<>(Map.of("form", "f")), kind == EventKind.GRANTED ? "v1" : null, at, at, null, false));
  }

  private void logTo(PhoneNumber n, String id, Instant at) {
    store.logMessage(new MessageRecord(TENANT, id, n, MARKETING, "deals", "+14155550000", "test", "SM" + id, at,
        DeliveryState.ACCEPTED, null, "Sale"));
  }

  @Test
  @DisplayName("of known and unknown numbers compute no pseudonym while nobody in the tenant was erased")
  void noPseudonymOnReads() {
    append(ALICE, MARKETING, EventKind.GRANTED, T0);
    store.suppress(new Suppression(TENANT, BOB, Suppression.ALL, SuppressionReason.HOST, T0, new TreeMap<>()));
    logTo(ALICE, "1", T0);
    keys.calls.set(0);

    assertThat(store.recipient(TENANT, ALICE, MARKETING).status().state()).isEqualTo(ConsentState.GRANTED);
    assertThat(store.recipient(TENANT, BOB, MARKETING).suppressions()).hasSize(1);
    assertThat(store.recipient(TENANT, CAROL, MARKETING).status().state()).isEqualTo(ConsentState.NONE);
    assertThat(store.status(TENANT, CAROL, ORDERS).state()).isEqualTo(ConsentState.NONE);
    assertThat(store.suppressions(TENANT, CAROL)).isEmpty();
    assertThat(store.sendTimes(TENANT, BOB, MARKETING, T0)).isEmpty();
    assertThat(store.sendTimes(TENANT, CAROL, MARKETING, T0)).isEmpty();
    assertThat(store.statuses(TENANT, List.of(ALICE, BOB, CAROL), MARKETING)).containsOnlyKeys(ALICE);
    assertThat(keys.calls).hasValue(0);

    // Only a number with logged messages reads the log, which is kept by reference.
    assertThat(store.sendTimes(TENANT, ALICE, MARKETING, T0)).containsExactly(T0);
    assertThat(keys.calls).hasValue(1);
  }

  @Test
  @DisplayName("of unknown numbers look under the reference once the tenant has erased someone, and find the erased")
  void erasedByReference() {
    append(ALICE, MARKETING, EventKind.GRANTED, T0);
    append(BOB, MARKETING, EventKind.GRANTED, T0);
    store.erase(TENANT, ALICE, T0.plusSeconds(1));
    assertThat(HeldValues.of(store)).noneMatch(s -> s.contains(ALICE.e164().substring(1)));
    keys.calls.set(0);

    assertThat(store.status(TENANT, BOB, MARKETING).state()).isEqualTo(ConsentState.GRANTED);
    assertThat(keys.calls).as("a known number is still read by number").hasValue(0);
    assertThat(store.recipient(TENANT, ALICE, MARKETING).status().state()).isEqualTo(ConsentState.GRANTED);
    assertThat(store.recipient(TENANT, ALICE, MARKETING).suppressions()).extracting(Suppression::reason)
        .containsExactly(SuppressionReason.ERASURE);
    assertThat(store.status(TENANT, CAROL, MARKETING).state()).isEqualTo(ConsentState.NONE);
    assertThat(keys.calls).hasValue(3);
    assertThat(store.status("other-tenant", CAROL, MARKETING).state()).isEqualTo(ConsentState.NONE);
    assertThat(keys.calls).as("erasures are per tenant").hasValue(3);

    // A suppression of an erased number stays under the reference: the number is not held again.
    store.suppress(new Suppression(TENANT, ALICE, Suppression.senderScope("+1415"), SuppressionReason.HOST, T0,
        new TreeMap<>()));
    assertThat(HeldValues.of(store)).noneMatch(s -> s.contains(ALICE.e164().substring(1)));
    assertThat(store.suppressions(TENANT, ALICE)).hasSize(2);

    // A message to the number holds it again, and the log is read for it.
    logTo(ALICE, "2", T0.plusSeconds(2));
    assertThat(store.sendTimes(TENANT, ALICE, MARKETING, T0)).containsExactly(T0.plusSeconds(2));
    assertThat(store.suppressions(TENANT, ALICE)).hasSize(2);
  }

  @Test
  @DisplayName("keep any number of purposes per number, listed in purpose order, each updated in place")
  void manyPurposes() {
    List<String> purposes = List.of("z.last", MARKETING, "a.first", ORDERS, "m.middle");
    for (String p : purposes) {
      append(ALICE, p, EventKind.GRANTED, T0);
    }
    append(ALICE, "a.first", EventKind.WITHDRAWN, T0.plusSeconds(1));
    append(ALICE, "z.last", EventKind.WITHDRAWN, T0.plusSeconds(1));
    assertThat(store.statuses(TENANT, ALICE)).extracting(s -> s.purposeId())
        .containsExactly("a.first", "m.middle", MARKETING, ORDERS, "z.last");
    for (String p : purposes) {
      ConsentState expected = p.equals("a.first") || p.equals("z.last") ? ConsentState.WITHDRAWN : ConsentState.GRANTED;
      assertThat(store.status(TENANT, ALICE, p).state()).as(p).isEqualTo(expected);
      assertThat(store.recipient(TENANT, ALICE, p).status().purposeId()).isEqualTo(p);
    }
    assertThat(store.status(TENANT, ALICE, "q.none").state()).isEqualTo(ConsentState.NONE);
    store.erase(TENANT, ALICE, T0.plusSeconds(2));
    assertThat(store.statuses(TENANT, ALICE)).hasSize(5);
    append(ALICE, "m.middle", EventKind.WITHDRAWN, T0.plusSeconds(3));
    assertThat(store.statuses(TENANT, ALICE)).extracting(s -> s.state()).containsExactly(ConsentState.WITHDRAWN,
        ConsentState.WITHDRAWN, ConsentState.GRANTED, ConsentState.GRANTED, ConsentState.WITHDRAWN);
  }

  /** Erase-and-return rounds against one reader (a CI run under load once caught a reader missing both maps at 2,000). */
  private static final int ROUNDS = 20_000;

  @Test
  @DisplayName("never miss a status while the person is erased and comes back")
  void readersDuringEraseAndReturn() throws Exception {
    append(ALICE, MARKETING, EventKind.GRANTED, T0);
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> failure = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      while (!done.get()) {
        ConsentState s = store.recipient(TENANT, ALICE, MARKETING).status().state();
        if (s == ConsentState.NONE) {
          failure.set("read NONE for a number with a status");
        }
      }
    });
    reader.start();
    try {
      for (int i = 1; i <= ROUNDS; i++) {
        store.erase(TENANT, ALICE, T0.plusSeconds(i));
        append(ALICE, MARKETING, i % 2 == 0 ? EventKind.GRANTED : EventKind.WITHDRAWN, T0.plusSeconds(i));
      }
    } finally {
      done.set(true);
      reader.join();
    }
    assertThat(failure.get()).isNull();
    assertThat(store.status(TENANT, ALICE, MARKETING).state()).isEqualTo(ConsentState.GRANTED);
    assertThat(store.history(TENANT, ALICE)).hasSize(ROUNDS + 1);
  }

  @Test
  @DisplayName("never see half a status while a writer changes it (every status read is one the store appended)")
  void noTornStatuses() throws Exception {
    java.util.Set<dev.consent.ConsentStatus> appended = java.util.concurrent.ConcurrentHashMap.newKeySet();
    appended.add(dev.consent.ConsentStatus.none(TENANT, ALICE, MARKETING));
    appended.add(dev.consent.ConsentStatus.none(TENANT, ALICE, ORDERS));
    AtomicBoolean done = new AtomicBoolean();
    List<java.util.Set<dev.consent.ConsentStatus>> seen = List.of(new java.util.HashSet<>(), new java.util.HashSet<>());
    List<Thread> readers = new java.util.ArrayList<>();
    for (java.util.Set<dev.consent.ConsentStatus> mine : seen) {
      Thread t = new Thread(() -> {
        while (!done.get()) {
          mine.add(store.recipient(TENANT, ALICE, MARKETING).status());
          mine.add(store.status(TENANT, ALICE, ORDERS));
          mine.addAll(store.statuses(TENANT, ALICE));
        }
      });
      readers.add(t);
      t.start();
    }
    try {
      for (int i = 1; i <= ROUNDS; i++) {
        EventKind kind = i % 3 == 0 ? EventKind.WITHDRAWN : EventKind.GRANTED;
        Instant at = T0.plusSeconds(i).plusNanos(i % 1000 * 1000L);
        for (String purpose : List.of(MARKETING, ORDERS)) {
          var result = EventChain.append(store, new NewEvent(NewEvent.newId(), TENANT, ALICE, purpose, kind, ConsentMethod.WEB_FORM,
              Channel.WEB, new TreeMap<>(Map.of("form", "f")), kind == EventKind.GRANTED ? "v" + i : null, at, at, null,
              false));
          appended.add(((dev.consent.spi.AppendResult.Appended) result).status());
        }
      }
    } finally {
      done.set(true);
      for (Thread t : readers) {
        t.join();
      }
    }
    for (java.util.Set<dev.consent.ConsentStatus> mine : seen) {
      assertThat(mine).isNotEmpty();
      assertThat(appended).containsAll(mine);
    }
  }
}
