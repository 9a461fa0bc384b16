package dev.consent.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentState;
import dev.consent.ConsentStatus;
import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import dev.consent.SuppressionReason;
import dev.consent.spi.Pseudonyms;
import dev.consent.testkit.HeldValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The in-memory store's read index on its own: what a reader gets back is what was put, field by
 * field (the first two purposes are stored inline, later ones as objects), erasure moves an entry
 * under the reference without the number, and lock-free readers never see half a status or a number
 * missing while its entry moves.
 */
class StatusIndexTest {
  private static final String T = "tenant-a";
  private static final PhoneNumber ANA = PhoneNumber.parse("+14155550123");
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00.123456Z");

  private final Pseudonyms pseudonyms = new Pseudonyms(new InMemoryKeyProvider());
  private final StatusIndex index = new StatusIndex(pseudonyms);
  private final String ref = pseudonyms.of(T, ANA);

  private static ConsentStatus status(String purpose, ConsentState state, Instant since, Instant grantedAt,
      String notice, long seq) {
    return new ConsentStatus(T, ANA, purpose, state, since, grantedAt, notice, seq);
  }

  private static Suppression suppression(String scope, Map<String, String> evidence) {
    return new Suppression(T, ANA, scope, SuppressionReason.STOP_ALL, T0, new TreeMap<>(evidence));
  }

  @Test
  void readsBackWhatWasPutForEveryPurposeSlot() {
    List<ConsentStatus> put = List.of(
        status("p.a", ConsentState.GRANTED, T0, T0, "v1", 1),
        status("p.b", ConsentState.WITHDRAWN, T0.plusSeconds(5), T0, null, 2),
        status("p.c", ConsentState.PENDING, T0.plusNanos(1000), null, "v2", 3),
        status("p.d", ConsentState.GRANTED, T0.plusSeconds(9), T0.plusSeconds(8), "v3", 4));
    put.forEach(s -> index.put(s, ref));

    for (ConsentStatus s : put) {
      assertThat(index.status(T, ANA, s.purposeId())).isEqualTo(s);
      assertThat(index.recipient(T, ANA, s.purposeId()).status()).isEqualTo(s);
    }
    assertThat(index.statuses(T, ANA)).containsExactlyElementsOf(put); // sorted by purpose id
    assertThat(index.status(T, ANA, "p.none")).isNull();
    assertThat(index.recipient(T, ANA, "p.none").status()).isEqualTo(ConsentStatus.none(T, ANA, "p.none"));
    assertThat(index.status("other-tenant", ANA, "p.a")).isNull();
  }

  @Test
  void aLaterStatusOfAPurposeReplacesTheEarlierInPlace() {
    index.put(status("p.a", ConsentState.GRANTED, T0, T0, "v1", 1), ref);
    index.put(status("p.b", ConsentState.GRANTED, T0, T0, "v1", 2), ref);
    index.put(status("p.c", ConsentState.GRANTED, T0, T0, "v1", 3), ref);
    ConsentStatus b = status("p.b", ConsentState.WITHDRAWN, T0.plusSeconds(1), T0, null, 4);
    ConsentStatus c = status("p.c", ConsentState.WITHDRAWN, T0.plusSeconds(2), T0, null, 5);
    index.put(b, ref);
    index.put(c, ref);

    assertThat(index.statuses(T, ANA)).extracting(ConsentStatus::purposeId).containsExactly("p.a", "p.b", "p.c");
    assertThat(index.status(T, ANA, "p.b")).isEqualTo(b);
    assertThat(index.status(T, ANA, "p.c")).isEqualTo(c);
  }

  @Test
  void suppressionsAreKeptOncePerScopeAndLifted() {
    Suppression all = suppression(Suppression.ALL, Map.of("reply", "STOP"));
    index.suppress(all, ref);
    index.suppress(suppression(Suppression.ALL, Map.of()), ref);
    index.suppress(suppression(Suppression.senderScope("12345"), Map.of()), ref);

    assertThat(index.suppressions(T, ANA)).hasSize(2).first().isEqualTo(all);
    assertThat(index.lift(T, ANA, ref, Suppression.ALL)).isTrue();
    assertThat(index.lift(T, ANA, ref, Suppression.ALL)).isFalse();
    assertThat(index.suppressions(T, ANA)).extracting(Suppression::scope)
        .containsExactly(Suppression.senderScope("12345"));
  }

  @Test
  void erasureKeepsStatusesAndScopesUnderTheReferenceWithoutTheNumber() {
    ConsentStatus granted = status("p.a", ConsentState.GRANTED, T0, T0, "v1", 1);
    index.put(granted, ref);
    index.suppress(suppression(Suppression.senderScope("777"), Map.of("reply", "STOP from Ana")), ref);
    index.markMessaged(T, ANA, ref);

    int kept = index.erase(T, ANA, ref, T0.plusSeconds(60));

    assertThat(kept).isEqualTo(2);
    assertThat(HeldValues.of(index)).doesNotContain(ANA.e164(), "STOP from Ana");
    assertThat(index.status(T, ANA, "p.a")).isEqualTo(granted); // found again through the reference
    assertThat(index.messaged(T, ANA)).isFalse();
    List<Suppression> held = index.suppressions(T, ANA);
    assertThat(held).extracting(Suppression::scope)
        .containsExactly(Suppression.senderScope("777"), Suppression.ALL);
    assertThat(held).allSatisfy(s -> assertThat(s.evidence()).isEmpty());
    assertThat(held.get(1).reason()).isEqualTo(SuppressionReason.ERASURE);
  }

  @Test
  void aPersonWhoComesBackIsStoredUnderTheNumberAgainWithWhatWasKept() {
    index.put(status("p.a", ConsentState.WITHDRAWN, T0, null, null, 1), ref);
    index.erase(T, ANA, ref, T0);
    ConsentStatus back = status("p.b", ConsentState.GRANTED, T0.plusSeconds(5), T0.plusSeconds(5), "v2", 3);

    index.put(back, ref);

    assertThat(HeldValues.of(index)).contains(ANA.e164());
    assertThat(index.statuses(T, ANA)).extracting(ConsentStatus::purposeId).containsExactly("p.a", "p.b");
    assertThat(index.suppressions(T, ANA)).extracting(Suppression::reason).containsExactly(SuppressionReason.ERASURE);
  }

  @Test
  void forgettingMovesTheEntryAddingNothing() {
    index.put(status("p.a", ConsentState.ERASED, T0, null, null, 2), ref);
    index.markMessaged(T, ANA, ref);

    index.forget(T, ANA, ref);

    assertThat(HeldValues.of(index)).doesNotContain(ANA.e164());
    assertThat(index.status(T, ANA, "p.a").state()).isEqualTo(ConsentState.ERASED);
    assertThat(index.suppressions(T, ANA)).isEmpty();
    assertThat(index.messaged(T, ANA)).isTrue();
  }

  /** A lock-free reader sees either status whole while a writer flips between them, never a mix. */
  @Test
  void readersNeverSeeHalfAStatus() throws Exception {
    ConsentStatus a = status("p.a", ConsentState.GRANTED, T0, T0, "v1", 1);
    ConsentStatus b = status("p.a", ConsentState.WITHDRAWN, T0.plusSeconds(3600), T0.minusSeconds(7), null, 2);
    index.put(a, ref);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<ConsentStatus> torn = new AtomicReference<>();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      readers.add(start(() -> {
        while (!stop.get()) {
          ConsentStatus seen = index.status(T, ANA, "p.a");
          if (!a.equals(seen) && !b.equals(seen)) {
            torn.compareAndSet(null, seen);
          }
        }
      }));
    }
    for (int i = 0; i < 200_000; i++) {
      index.put(i % 2 == 0 ? b : a, ref);
    }
    stop.set(true);
    for (Thread t : readers) {
      t.join();
    }
    assertThat(torn.get()).isNull();
  }

  /** While an entry moves between the number and the reference, a reader always finds it. */
  @Test
  void readersAlwaysFindAnEntryThatMoves() throws Exception {
    ConsentStatus a = status("p.a", ConsentState.GRANTED, T0, T0, "v1", 1);
    index.put(a, ref);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean missed = new AtomicBoolean();
    Thread reader = start(() -> {
      while (!stop.get()) {
        if (index.status(T, ANA, "p.a") == null) {
          missed.set(true);
        }
      }
    });
    for (int i = 0; i < 20_000; i++) {
      index.erase(T, ANA, ref, T0);
      index.put(a, ref);
    }
    stop.set(true);
    reader.join();
    assertThat(missed).isFalse();
  }

  private static Thread start(Runnable body) {
    Thread t = new Thread(body, "index-reader");
    t.start();
    return t;
  }
}
