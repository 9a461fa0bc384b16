package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ChainReport;
import dev.consent.Channel;
import dev.consent.ConsentMethod;
import dev.consent.GrantRequest;
import dev.consent.PhoneNumber;
import dev.consent.error.ConfigurationException;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import dev.consent.receipt.ChainCheckpoint;
import dev.consent.receipt.ChainCheckpoints;
import dev.consent.receipt.ReceiptSigner;
import dev.consent.spi.AnchoredHead;
import dev.consent.spi.ChainHead;
import dev.consent.spi.CheckpointStore;
import dev.consent.spi.StoredChain;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The {@link CheckpointStore} contract: checkpoints and their anchored heads read back exactly, the
 * save a compare-and-set on the number (one winner under races, nothing of the loser stored),
 * newest anchored head per subject, paging, tenants apart, {@code LedgerStore.heads}; and through
 * kits: checkpoints anchor only moved chains, link and verify, forged or missing checkpoints and
 * anchored heads that no longer match are breaks, and instances racing get contiguous numbers. A
 * store's test extends this class.
 */
public abstract class CheckpointStoreContract extends KitScenario {
  /** The store under test as a checkpoint store (usually the same object as {@link #store()}). */
  protected abstract CheckpointStore checkpointStore();

  protected static final KeyPair KEYS = ed25519();
  private static final KeyPair OTHER_KEYS = ed25519();

  protected String tenant;
  protected MutableClock clock;

  @BeforeEach
  void newTenant() {
    tenant = "cp-" + UUID.randomUUID().toString().substring(0, 12);
    clock = MutableClock.at(MONDAY_11_NY);
  }

  static KeyPair ed25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  protected static String hex(int i) {
    return String.format("%064x", i);
  }

  private ChainCheckpoint signed(KeyPair keys, long number, long chains, String previous) {
    return ChainCheckpoint.sign(ReceiptSigner.of(keys.getPrivate(), "test"), tenant, number, MONDAY_11_NY, chains,
        hex(7), previous);
  }

  private static AnchoredHead head(String ref, long checkpoint, long seq) {
    return new AnchoredHead(ref, checkpoint, seq, hex((int) seq + 1000), 0);
  }

  /** A kit on the store under test for {@link #tenant}, signing checkpoints with {@code keys}. */
  protected ConsentKit kit(KeyPair keys, MutableClock at) {
    ConsentKit.Builder b = ConsentKit.builder().tenant(tenant).store(store()).carrier(new RecordingCarrier())
        .clock(at).purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE).checkpointStore(checkpointStore());
    return (keys == null ? b : b.checkpointKeys(keys, "test-key")).build();
  }

  protected static void grant(ConsentKit kit, PhoneNumber n) {
    kit.registry().grant(GrantRequest.of(n, ORDERS, ConsentMethod.WEB_FORM, Channel.WEB, null, Map.of("form", "f")));
  }

  @Nested
  @DisplayName("rows")
  class Rows {
    @Test
    @DisplayName("a tenant without checkpoints has none, and no anchored heads")
    void empty() {
      assertThat(checkpointStore().latestCheckpoint(tenant)).isEmpty();
      assertThat(checkpointStore().checkpoints(tenant, 0, 10)).isEmpty();
      assertThat(checkpointStore().anchoredHeads(tenant, List.of(hex(1)))).isEmpty();
      assertThat(checkpointStore().checkpointHeads(tenant, 1, null, 10)).isEmpty();
    }

    @Test
    @DisplayName("a checkpoint and its heads read back exactly; heads page in subject reference order")
    void readsBack() {
      ChainCheckpoint cp = signed(KEYS, 1, 3, ChainCheckpoint.GENESIS);
      List<AnchoredHead> heads = List.of(head(hex(3), 1, 2), head(hex(1), 1, 5),
          new AnchoredHead(hex(2), 1, 4, hex(99), 2));
      assertThat(checkpointStore().saveCheckpoint(cp, heads)).isTrue();
      assertThat(checkpointStore().latestCheckpoint(tenant)).contains(cp);
      assertThat(checkpointStore().checkpoints(tenant, 0, 10)).containsExactly(cp);
      assertThat(checkpointStore().checkpoints(tenant, 1, 10)).isEmpty();
      assertThat(checkpointStore().checkpointHeads(tenant, 1, null, 2)).extracting(AnchoredHead::subjectRef)
          .containsExactly(hex(1), hex(2));
      assertThat(checkpointStore().checkpointHeads(tenant, 1, hex(2), 2)).containsExactly(head(hex(3), 1, 2));
      assertThat(checkpointStore().checkpointHeads(tenant, 1, null, 10)).contains(new AnchoredHead(hex(2), 1, 4, hex(99), 2));
    }

    @Test
    @DisplayName("the save is a compare-and-set on the number: a gap or a taken number stores nothing")
    void compareAndSet() {
      assertThat(checkpointStore().saveCheckpoint(signed(KEYS, 2, 0, hex(5)), List.of())).as("gap").isFalse();
      ChainCheckpoint first = signed(KEYS, 1, 1, ChainCheckpoint.GENESIS);
      assertThat(checkpointStore().saveCheckpoint(first, List.of(head(hex(1), 1, 1)))).isTrue();
      ChainCheckpoint loser = signed(OTHER_KEYS, 1, 1, ChainCheckpoint.GENESIS);
      assertThat(checkpointStore().saveCheckpoint(loser, List.of(head(hex(2), 1, 1)))).isFalse();
      assertThat(checkpointStore().latestCheckpoint(tenant)).contains(first);
      assertThat(checkpointStore().checkpointHeads(tenant, 1, null, 10)).containsExactly(head(hex(1), 1, 1));
      assertThat(checkpointStore().anchoredHeads(tenant, List.of(hex(2)))).isEmpty();
    }

    @Test
    @DisplayName("of 8 instances saving the same number at once exactly one wins, with its heads only")
    void race() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          int me = i;
          tasks.add(() -> checkpointStore().saveCheckpoint(signed(KEYS, 1, 2, ChainCheckpoint.GENESIS),
              List.of(head(hex(me * 2 + 1), 1, 1), head(hex(me * 2 + 2), 1, 1))));
        }
        List<Boolean> won = new ArrayList<>();
        for (Future<Boolean> f : pool.invokeAll(tasks)) {
          won.add(f.get());
        }
        assertThat(won).containsOnlyOnce(true);
        int winner = won.indexOf(true);
        assertThat(checkpointStore().checkpointHeads(tenant, 1, null, 100)).extracting(AnchoredHead::subjectRef)
            .containsExactly(hex(winner * 2 + 1), hex(winner * 2 + 2));
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    @DisplayName("each subject's newest anchored head wins; checkpoints page by number; tenants stay apart")
    void newestAndTenants() {
      assertThat(checkpointStore().saveCheckpoint(signed(KEYS, 1, 2, ChainCheckpoint.GENESIS),
          List.of(head(hex(1), 1, 1), head(hex(2), 1, 1)))).isTrue();
      assertThat(checkpointStore().saveCheckpoint(signed(KEYS, 2, 1, hex(9)), List.of(head(hex(1), 2, 3)))).isTrue();
      assertThat(checkpointStore().saveCheckpoint(signed(KEYS, 3, 0, hex(8)), List.of())).isTrue();
      assertThat(checkpointStore().anchoredHeads(tenant, List.of(hex(1), hex(2), hex(3))))
          .containsOnly(Map.entry(hex(1), head(hex(1), 2, 3)), Map.entry(hex(2), head(hex(2), 1, 1)));
      assertThat(checkpointStore().checkpoints(tenant, 1, 1)).extracting(ChainCheckpoint::number).containsExactly(2L);
      assertThat(checkpointStore().latestCheckpoint(tenant).orElseThrow().number()).isEqualTo(3);
      String mine = tenant;
      tenant = mine + "-other";
      assertThat(checkpointStore().latestCheckpoint(tenant)).isEmpty();
      assertThat(checkpointStore().anchoredHeads(tenant, List.of(hex(1)))).isEmpty();
      assertThat(checkpointStore().saveCheckpoint(signed(KEYS, 1, 0, ChainCheckpoint.GENESIS), List.of())).isTrue();
      assertThat(checkpointStore().checkpoints(mine, 0, 10)).hasSize(3);
    }

    @Test
    @DisplayName("LedgerStore.heads gives each chain's recorded head, and leaves out subjects without events")
    void ledgerHeads() {
      ConsentKit kit = kit(null, clock);
      grant(kit, NY);
      grant(kit, MIAMI);
      kit.registry().withdraw(dev.consent.WithdrawRequest.all(NY));
      String ny = store().subjectRef(tenant, NY);
      String miami = store().subjectRef(tenant, MIAMI);
      Map<String, ChainHead> heads = store().heads(tenant, List.of(ny, miami, hex(1)));
      StoredChain chain = store().chain(tenant, ny);
      assertThat(heads).containsOnlyKeys(ny, miami);
      assertThat(heads.get(ny).seq()).isEqualTo(chain.headSeq()).isEqualTo(2);
      assertThat(heads.get(ny).hash()).isEqualTo(chain.headHash());
      assertThat(heads.get(miami).seq()).isEqualTo(1);
    }
  }

  @Nested
  @DisplayName("through kits")
  class Kits {
    @Test
    @DisplayName("a checkpoint anchors the chains that moved since the one before, links to it, and verifies")
    void anchorsMovedChains() {
      ConsentKit kit = kit(KEYS, clock);
      grant(kit, NY);
      grant(kit, MIAMI);
      ChainCheckpoints.Result first = kit.checkpoints().create();
      assertThat(first.refused().isIntact()).isTrue();
      assertThat(first.checkpoint().number()).isEqualTo(1);
      assertThat(first.checkpoint().chains()).isEqualTo(2);
      assertThat(first.checkpoint().previous()).isEqualTo(ChainCheckpoint.GENESIS);
      assertThat(ChainCheckpoint.verify(first.checkpoint().jws(), KEYS.getPublic())).isEqualTo(first.checkpoint());

      ChainCheckpoint idle = kit.checkpoints().create().checkpoint();
      assertThat(idle.chains()).as("nothing moved").isZero();
      assertThat(idle.previous()).isEqualTo(first.checkpoint().digest());

      kit.registry().withdraw(dev.consent.WithdrawRequest.all(NY));
      ChainCheckpoint third = kit.checkpoints().create().checkpoint();
      assertThat(third.chains()).isEqualTo(1);
      assertThat(checkpointStore().checkpointHeads(tenant, 3, null, 10)).singleElement()
          .satisfies(h -> assertThat(h.seq()).isEqualTo(2));
      assertThat(kit.checkpoints().latest()).contains(third);
      assertThat(kit.checkpoints().list(1, 10)).extracting(ChainCheckpoint::number).containsExactly(2L, 3L);
      assertThat(kit.registry().verify().breaks()).isEmpty();
      assertThat(kit.checkpoints().verify(first.checkpoint()).breaks()).isEmpty();
    }

    @Test
    @DisplayName("a checkpoint signed with another key, and an anchored head that a chain no longer holds, are breaks")
    void forged() {
      ConsentKit kit = kit(KEYS, clock);
      grant(kit, NY);
      ChainCheckpoint first = kit.checkpoints().create().checkpoint();
      String ny = store().subjectRef(tenant, NY);
      assertThat(checkpointStore().saveCheckpoint(signed(OTHER_KEYS, 2, 1, first.digest()),
          List.of(new AnchoredHead(ny, 2, 1, hex(42), 0)))).isTrue();
      ChainReport report = kit.registry().verify();
      assertThat(report.breaks()).extracting(ChainReport.Break::problem).anySatisfy(p ->
          assertThat(p).contains("checkpoint 2").contains("signature does not verify"));
      assertThat(report.breaks()).extracting(ChainReport.Break::problem).anySatisfy(p ->
          assertThat(p).contains("was rebuilt"));
      assertThat(report.breaks()).extracting(ChainReport.Break::problem).anySatisfy(p ->
          assertThat(p).contains("no longer add up to its signed root"));
      assertThat(kit.registry().verify(NY).breaks()).singleElement()
          .satisfies(b -> assertThat(b.problem()).contains("anchored by checkpoint 2"));
    }

    @Test
    @DisplayName("against a witnessed checkpoint: intact when held, a break when the store lacks it or holds another")
    void witnessed() {
      ConsentKit kit = kit(KEYS, clock);
      grant(kit, NY);
      ChainCheckpoint held = kit.checkpoints().create().checkpoint();
      assertThat(kit.checkpoints().verify(held).isIntact()).isTrue();
      ChainCheckpoint never = ChainCheckpoint.sign(ReceiptSigner.of(KEYS.getPrivate(), "k"), tenant, 2, MONDAY_11_NY, 0,
          hex(1), held.digest());
      assertThat(kit.checkpoints().verify(never).breaks()).singleElement()
          .satisfies(b -> assertThat(b.problem()).contains("missing from the store"));
      ChainCheckpoint other = ChainCheckpoint.sign(ReceiptSigner.of(KEYS.getPrivate(), "k"), tenant, 1, MONDAY_11_NY, 0,
          hex(1), ChainCheckpoint.GENESIS);
      assertThat(kit.checkpoints().verify(other).breaks()).singleElement()
          .satisfies(b -> assertThat(b.problem()).contains("holds another checkpoint"));
      assertThatThrownBy(() -> kit.checkpoints().verify(ChainCheckpoint.sign(
          ReceiptSigner.of(OTHER_KEYS.getPrivate(), "k"), tenant, 1, MONDAY_11_NY, 0, hex(1), ChainCheckpoint.GENESIS)))
          .isInstanceOf(dev.consent.error.InvalidInputException.class);
    }

    @Test
    @DisplayName("a kit with only the public key checks but cannot sign; a kit without keys cannot make checkpoints")
    void keys() {
      ConsentKit signer = kit(KEYS, clock);
      grant(signer, NY);
      ChainCheckpoint cp = signer.checkpoints().create().checkpoint();
      ConsentKit auditor = ConsentKit.builder().tenant(tenant).store(store()).carrier(new RecordingCarrier())
          .clock(clock).purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE).checkpointStore(checkpointStore())
          .checkpointVerifier(KEYS.getPublic()).build();
      assertThat(auditor.checkpoints().verify(cp).isIntact()).isTrue();
      assertThatThrownBy(() -> auditor.checkpoints().create()).isInstanceOf(ConfigurationException.class);
      assertThatThrownBy(() -> kit(null, clock).checkpoints().create()).isInstanceOf(ConfigurationException.class);
      assertThatThrownBy(() -> ConsentKit.builder().checkpointKeys(new KeyPair(KEYS.getPublic(),
          OTHER_KEYS.getPrivate()), "mixed")).isInstanceOf(ConfigurationException.class);
    }

    @Test
    @DisplayName("three instances with their own clocks making checkpoints while appending get contiguous, linked numbers")
    void instancesRace() throws Exception {
      List<ConsentKit> kits = List.of(kit(KEYS, MutableClock.at(MONDAY_11_NY)),
          kit(KEYS, MutableClock.at(MONDAY_11_NY.plus(Duration.ofMinutes(3)))),
          kit(KEYS, MutableClock.at(MONDAY_11_NY.minus(Duration.ofMinutes(2)))));
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          ConsentKit kit = kits.get(i);
          int me = i;
          tasks.add(() -> {
            int made = 0;
            for (int j = 0; j < 6; j++) {
              grant(kit, PhoneNumber.parse("+1212555" + String.format("%04d", 100 + me * 10 + j)));
              kit.checkpoints().create();
              made++;
            }
            return made;
          });
        }
        int made = 0;
        for (Future<Integer> f : pool.invokeAll(tasks)) {
          made += f.get();
        }
        List<ChainCheckpoint> all = kits.get(0).checkpoints().list(0, 1000);
        assertThat(all).extracting(ChainCheckpoint::number)
            .containsExactlyElementsOf(IntStream.rangeClosed(1, made).mapToObj(i -> (long) i).toList());
        assertThat(all.stream().mapToLong(ChainCheckpoint::chains).sum()).as("each chain anchored once").isEqualTo(18);
        assertThat(kits.get(1).registry().verify().breaks()).isEmpty();
        assertThat(kits.get(2).checkpoints().verify(all.get(all.size() - 1)).breaks()).isEmpty();
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    @DisplayName("a chain that fails verification is refused, not anchored")
    void refusesBrokenChains() {
      ConsentKit kit = kit(KEYS, clock);
      grant(kit, NY);
      kit.checkpoints().create();
      grant(kit, MIAMI);
      String ny = store().subjectRef(tenant, NY);
      // an anchored head NY's chain does not hold: NY's chain now fails against it
      ChainCheckpoint latest = kit.checkpoints().latest().orElseThrow();
      assertThat(checkpointStore().saveCheckpoint(ChainCheckpoint.sign(ReceiptSigner.of(KEYS.getPrivate(), "k"), tenant,
          2, clock.instant(), 1, hex(3), latest.digest()), List.of(new AnchoredHead(ny, 2, 1, hex(5), 0)))).isTrue();
      kit.registry().withdraw(dev.consent.WithdrawRequest.all(NY));
      ChainCheckpoints.Result r = kit.checkpoints().create();
      assertThat(r.refused().breaks()).singleElement().satisfies(b -> {
        assertThat(b.subjectRef()).isEqualTo(ny);
        assertThat(b.problem()).contains("was rebuilt");
      });
      assertThat(checkpointStore().checkpointHeads(tenant, 3, null, 10)).extracting(AnchoredHead::subjectRef)
          .containsExactly(store().subjectRef(tenant, MIAMI));
    }
  }
}
