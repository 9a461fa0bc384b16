package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Channel;
import dev.consent.ConsentEvent;
import dev.consent.ConsentMethod;
import dev.consent.ConsentState;
import dev.consent.ConsentStatus;
import dev.consent.DeliveryState;
import dev.consent.EventKind;
import dev.consent.MessageRecord;
import dev.consent.PendingOptIn;
import dev.consent.PhoneNumber;
import dev.consent.RecordType;
import dev.consent.Suppression;
import dev.consent.SuppressionReason;
import dev.consent.error.InvalidInputException;
import dev.consent.spi.AppendResult;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.ErasedRecords;
import dev.consent.spi.EventChain;
import dev.consent.spi.InboundLogStore;
import dev.consent.spi.MessageLogStore;
import dev.consent.spi.NewEvent;
import dev.consent.spi.NoticeStore;
import dev.consent.spi.OptInStore;
import dev.consent.spi.PurgeResult;
import dev.consent.spi.RateLimit;
import dev.consent.spi.RateLimitStore;
import dev.consent.spi.RecipientStatus;
import dev.consent.spi.StoredChain;
import dev.consent.spi.SuppressionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ConsentStore} must show, like Micrometer's compatibility kit. A store's
 * test extends this class and returns its store from {@link #store()}; every test works in a fresh
 * random tenant, so one store (one schema) can serve the whole class. Each narrow SPI's own contract
 * ({@link LedgerStoreContract}, {@link SuppressionStoreContract}, {@link MessageLogStoreContract},
 * {@link OptInStoreContract}, {@link NoticeStoreContract}, {@link RateLimitStoreContract}, {@link
 * InboundLogStoreContract}) runs here as a nested group; the other groups check the ledger through
 * {@link EventChain} and what spans several stores (the gate's reads, erasure, purge).
 *
 * <pre>{@code
 * class JdbcConsentStoreOnH2Test extends ConsentStoreContract {
 *   protected ConsentStore store() { return store; }
 * }
 * }</pre>
 */
@org.junit.jupiter.api.extension.ExtendWith(dev.consent.testkit.LogCheck.class)
public abstract class ConsentStoreContract {

  protected static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  protected static final PhoneNumber ALICE = PhoneNumber.parse("+14155550101");
  protected static final PhoneNumber BOB = PhoneNumber.parse("+4915123456789");
  protected static final String MARKETING = "marketing.promotions";
  protected static final String ORDERS = "service.order-updates";

  /** The store under test. Called often: return the same instance. */
  protected abstract ConsentStore store();

  protected String tenant;

  @BeforeEach
  void freshTenant() {
    tenant = "t-" + UUID.randomUUID().toString().substring(0, 12);
  }

  protected NewEvent event(PhoneNumber n, String purpose, EventKind kind, Instant at, @Nullable String key) {
    TreeMap<String, String> evidence = new TreeMap<>();
    evidence.put("form", "https://shop.example/signup");
    evidence.put("note", "ünïcödé ✓ & = ; '--");
    return new NewEvent(NewEvent.newId(), tenant, n, purpose, kind, ConsentMethod.WEB_FORM, Channel.WEB,
        evidence, kind == EventKind.GRANTED || kind == EventKind.REQUESTED ? "v1" : null, at, at.plusMillis(5), key,
        false);
  }

  protected AppendResult.Appended append(PhoneNumber n, String purpose, EventKind kind, Instant at) {
    AppendResult r = EventChain.append(store(), event(n, purpose, kind, at, null));
    assertThat(r).isInstanceOf(AppendResult.Appended.class);
    return (AppendResult.Appended) r;
  }

  @Nested
  @DisplayName("the ledger's compare-and-set (LedgerStoreContract)")
  class LedgerWrites extends LedgerStoreContract {
    @Override
    protected dev.consent.spi.LedgerStore ledger() {
      return store();
    }
  }

  @Nested
  @DisplayName("notices (NoticeStoreContract)")
  class Notices extends NoticeStoreContract {
    @Override
    protected NoticeStore notices() {
      return store();
    }
  }

  @Nested
  @DisplayName("pending double opt-ins (OptInStoreContract)")
  class Pending extends OptInStoreContract {
    @Override
    protected OptInStore optIns() {
      return store();
    }
  }

  @Nested
  @DisplayName("rate limits (RateLimitStoreContract)")
  class RateLimits extends RateLimitStoreContract {
    @Override
    protected RateLimitStore rateLimits() {
      return store();
    }
  }

  @Nested
  @DisplayName("the suppression list (SuppressionStoreContract)")
  class Suppressions extends SuppressionStoreContract {
    @Override
    protected SuppressionStore suppressions() {
      return store();
    }
  }

  @Nested
  @DisplayName("the message log (MessageLogStoreContract)")
  class Messages extends MessageLogStoreContract {
    @Override
    protected MessageLogStore messageLog() {
      return store();
    }
  }

  @Nested
  @DisplayName("inbound de-duplication (InboundLogStoreContract)")
  class Inbound extends InboundLogStoreContract {
    @Override
    protected InboundLogStore inboundLog() {
      return store();
    }
  }

  @Nested
  @DisplayName("retention through purge")
  class Purge {
    @Test
    @DisplayName("hands each kind to its narrow store's purge, and refuses proofs, review items and a limit below 1")
    void dispatches() {
      Instant cutoff = T0.plusSeconds(60);
      store().logMessage(new MessageRecord(tenant, "m1", ALICE, MARKETING, "deals", "+14155550000", "test", "SM1", T0,
          DeliveryState.ACCEPTED, null, "Sale now on"));
      PendingOptIn request = new PendingOptIn(tenant, "r1", ALICE, List.of(MARKETING), Map.of(MARKETING, "v1"), "en",
          "deals", "+14155550000", "hash", T0.minusSeconds(60), T0, 0, PendingOptIn.State.PENDING, 0,
          ConsentMethod.WEB_FORM, new TreeMap<>());
      store().createPending(request);
      store().replacePending(request, request.next(PendingOptIn.State.CONFIRMED, 0));
      store().markInboundHandled(tenant, "twilio", "SM-in", T0);
      store().tryAcquire(tenant, List.of(new RateLimit("n:1", 1, Duration.ofHours(1))), T0);

      assertThatThrownBy(() -> store().purge(tenant, RecordType.MESSAGES, cutoff, 0))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> store().purge(tenant, RecordType.PROOFS, cutoff, 10))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> store().purge(tenant, RecordType.REVIEW_ITEMS, cutoff, 10))
          .isInstanceOf(InvalidInputException.class);
      assertThat(store().messages(tenant, ALICE)).singleElement().extracting(MessageRecord::body).isNotNull();

      assertThat(store().purge(tenant, RecordType.MESSAGE_BODIES, cutoff, 10)).isEqualTo(new PurgeResult(1, false));
      assertThat(store().messages(tenant, ALICE)).singleElement().extracting(MessageRecord::body).isNull();
      assertThat(store().purge(tenant, RecordType.MESSAGES, cutoff, 10)).isEqualTo(new PurgeResult(1, false));
      assertThat(store().messages(tenant, ALICE)).isEmpty();
      assertThat(store().purge(tenant, RecordType.PENDING_OPT_INS, cutoff, 10)).isEqualTo(new PurgeResult(1, false));
      assertThat(store().pending(tenant, "r1")).isEmpty();
      assertThat(store().purge(tenant, RecordType.INBOUND_RECEIPTS, cutoff, 10)).isEqualTo(new PurgeResult(1, false));
      assertThat(store().inboundHandled(tenant, "twilio", "SM-in")).isTrue();
      assertThat(store().purge(tenant, RecordType.RATE_LIMIT_HITS, cutoff, 10)).isEqualTo(new PurgeResult(1, false));
      assertThat(store().tryAcquire(tenant, List.of(new RateLimit("n:1", 1, Duration.ofHours(1))), cutoff)).isTrue();
    }
  }

  @Nested
  @DisplayName("the ledger")
  class Ledger {
    @Test
    @DisplayName("chains a number's events: seq from 1, each linked to the previous hash")
    void chains() {
      ConsentEvent first = append(ALICE, MARKETING, EventKind.REQUESTED, T0).event();
      ConsentEvent second = append(ALICE, MARKETING, EventKind.GRANTED, T0.plusSeconds(60)).event();
      assertThat(first.seq()).isEqualTo(1);
      assertThat(first.prevHash()).isEqualTo(EventChain.GENESIS);
      assertThat(second.seq()).isEqualTo(2);
      assertThat(second.prevHash()).isEqualTo(first.hash());
      assertThat(EventChain.verify(ALICE, store().history(tenant, ALICE)).isIntact()).isTrue();
    }

    @Test
    @DisplayName("keeps separate chains per number and per tenant")
    void separateChains() {
      append(ALICE, MARKETING, EventKind.GRANTED, T0);
      assertThat(append(BOB, MARKETING, EventKind.GRANTED, T0).event().seq()).isEqualTo(1);
      String mine = tenant;
      tenant = mine + "-other";
      assertThat(append(ALICE, MARKETING, EventKind.GRANTED, T0).event().seq()).isEqualTo(1);
      assertThat(store().history(mine, ALICE)).hasSize(1);
    }

    @Test
    @DisplayName("returns events exactly as sealed, every field and the evidence intact")
    void roundTrip() {
      ConsentEvent sealed = append(ALICE, MARKETING, EventKind.GRANTED, T0.plusNanos(123_456_000)).event();
      ConsentEvent read = store().history(tenant, ALICE).get(0);
      assertThat(read).isEqualTo(sealed);
      assertThat(EventChain.hashOf(read)).isEqualTo(read.hash());
    }

    @Test
    @DisplayName("updates the status with every append")
    void status() {
      assertThat(store().status(tenant, ALICE, MARKETING).state()).isEqualTo(ConsentState.NONE);
      append(ALICE, MARKETING, EventKind.REQUESTED, T0);
      assertThat(store().status(tenant, ALICE, MARKETING).state()).isEqualTo(ConsentState.PENDING);
      append(ALICE, MARKETING, EventKind.GRANTED, T0.plusSeconds(30));
      ConsentStatus granted = store().status(tenant, ALICE, MARKETING);
      assertThat(granted.state()).isEqualTo(ConsentState.GRANTED);
      assertThat(granted.grantedAt()).isEqualTo(T0.plusSeconds(30));
      assertThat(granted.noticeVersion()).isEqualTo("v1");
      append(ALICE, MARKETING, EventKind.WITHDRAWN, T0.plusSeconds(90));
      assertThat(store().status(tenant, ALICE, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(store().status(tenant, ALICE, ORDERS).state()).isEqualTo(ConsentState.NONE);
    }

    @Test
    @DisplayName("keeps a late event that occurred before the one in force as history only")
    void lateEvent() {
      append(ALICE, MARKETING, EventKind.WITHDRAWN, T0.plusSeconds(100));
      append(ALICE, MARKETING, EventKind.GRANTED, T0);
      ConsentStatus s = store().status(tenant, ALICE, MARKETING);
      assertThat(s.state()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(s).isEqualTo(EventChain.replay(tenant, ALICE, MARKETING, store().history(tenant, ALICE)));
    }

    @Test
    @DisplayName("is idempotent by key: a second append changes nothing and returns the first")
    void idempotent() {
      AppendResult first = EventChain.append(store(), event(ALICE, MARKETING, EventKind.WITHDRAWN, T0, "SM123"));
      AppendResult again = EventChain.append(store(), event(ALICE, MARKETING, EventKind.GRANTED, T0.plusSeconds(5), "SM123"));
      assertThat(first).isInstanceOf(AppendResult.Appended.class);
      assertThat(again).isInstanceOf(AppendResult.Duplicate.class);
      assertThat(again.event()).isEqualTo(first.event());
      assertThat(store().history(tenant, ALICE)).hasSize(1);
      assertThat(store().status(tenant, ALICE, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(store().eventByIdempotencyKey(tenant, "SM123")).contains(first.event());
    }

    @Test
    @DisplayName("scopes idempotency keys to the tenant")
    void idempotencyPerTenant() {
      EventChain.append(store(), event(ALICE, MARKETING, EventKind.GRANTED, T0, "K1"));
      tenant = tenant + "-b";
      assertThat(EventChain.append(store(), event(ALICE, MARKETING, EventKind.GRANTED, T0, "K1")))
          .isInstanceOf(AppendResult.Appended.class);
    }

    @Test
    @DisplayName("reads statuses of many numbers for one purpose at once")
    void batchedStatuses() {
      List<PhoneNumber> numbers = new ArrayList<>();
      for (int i = 0; i < 1500; i++) {
        numbers.add(PhoneNumber.parse(String.format("+1415555%04d", i)));
      }
      for (int i = 0; i < 1500; i += 100) {
        append(numbers.get(i), MARKETING, EventKind.GRANTED, T0);
      }
      append(numbers.get(1), ORDERS, EventKind.GRANTED, T0);
      Map<PhoneNumber, ConsentStatus> got = store().statuses(tenant, numbers, MARKETING);
      assertThat(got).hasSize(15);
      assertThat(got.values()).allMatch(s -> s.state() == ConsentState.GRANTED && s.purposeId().equals(MARKETING));
      assertThat(got).containsKey(numbers.get(1400)).doesNotContainKey(numbers.get(1));
      assertThat(store().statuses(tenant, List.of(), MARKETING)).isEmpty();
    }

    @Test
    @DisplayName("lists a number's statuses across purposes")
    void statusesOfNumber() {
      append(ALICE, MARKETING, EventKind.GRANTED, T0);
      append(ALICE, ORDERS, EventKind.WITHDRAWN, T0);
      assertThat(store().statuses(tenant, ALICE)).extracting(ConsentStatus::purposeId)
          .containsExactlyInAnyOrder(MARKETING, ORDERS);
    }

    @Test
    @DisplayName("pages through the numbers that have events, each once, in the store's stable order")
    void numbersPaged() {
      PhoneNumber paris = PhoneNumber.parse("+33612345678");
      append(BOB, MARKETING, EventKind.GRANTED, T0);
      append(ALICE, MARKETING, EventKind.GRANTED, T0);
      append(paris, MARKETING, EventKind.GRANTED, T0);
      List<PhoneNumber> all = store().numbers(tenant, null, 10);
      assertThat(all).containsExactlyInAnyOrder(ALICE, BOB, paris);
      assertThat(store().numbers(tenant, null, 1)).containsExactly(all.get(0));
      assertThat(store().numbers(tenant, all.get(0), 1)).containsExactly(all.get(1));
      assertThat(store().numbers(tenant, all.get(1), 10)).containsExactly(all.get(2));
      assertThat(store().numbers(tenant, all.get(2), 10)).isEmpty();
      assertThat(store().numbers(tenant, all.get(0), 10)).containsExactly(all.get(1), all.get(2));
    }

    @Test
    @DisplayName("serialises concurrent appends: no event lost, chains intact, status equals replay")
    void concurrentAppends() throws Exception {
      List<PhoneNumber> numbers = List.of(ALICE, BOB, PhoneNumber.parse("+33612345678"));
      AtomicInteger appended = new AtomicInteger();
      runConcurrently(8, 40, (thread, i) -> {
        PhoneNumber n = numbers.get((thread + i) % numbers.size());
        EventKind kind = (i % 2 == 0) ? EventKind.GRANTED : EventKind.WITHDRAWN;
        EventChain.append(store(), event(n, MARKETING, kind, T0.plusMillis(i), null));
        appended.incrementAndGet();
      });
      int total = 0;
      for (PhoneNumber n : numbers) {
        List<ConsentEvent> h = store().history(tenant, n);
        total += h.size();
        assertThat(EventChain.verify(n, h).isIntact()).isTrue();
        assertThat(store().status(tenant, n, MARKETING)).isEqualTo(EventChain.replay(tenant, n, MARKETING, h));
      }
      assertThat(total).isEqualTo(appended.get()).isEqualTo(320);
    }

    @Test
    @DisplayName("lets exactly one of many concurrent appends with one key win")
    void concurrentDuplicates() throws Exception {
      AtomicInteger wins = new AtomicInteger();
      runConcurrently(8, 5, (thread, i) -> {
        if (EventChain.append(store(), event(ALICE, MARKETING, EventKind.WITHDRAWN, T0, "dup-" + i)) instanceof AppendResult.Appended) {
          wins.incrementAndGet();
        }
      });
      assertThat(wins.get()).isEqualTo(5);
      assertThat(store().history(tenant, ALICE)).hasSize(5);
    }
  }

  @Nested
  @DisplayName("the gate's read of one recipient")
  class Recipient {
    @Test
    @DisplayName("gives the purpose's status and every suppression of the number, as the two reads do")
    void sameAsTwoReads() {
      assertThat(store().recipient(tenant, ALICE, MARKETING))
          .isEqualTo(new RecipientStatus(ConsentStatus.none(tenant, ALICE, MARKETING), List.of()));
      append(ALICE, MARKETING, EventKind.GRANTED, T0);
      append(ALICE, ORDERS, EventKind.WITHDRAWN, T0.plusSeconds(1));
      append(BOB, MARKETING, EventKind.REQUESTED, T0);
      store().suppress(new Suppression(tenant, ALICE, Suppression.senderScope("+14155550000"),
          SuppressionReason.CARRIER_REPORT, T0, new TreeMap<>(Map.of("code", "21610"))));

      RecipientStatus alice = store().recipient(tenant, ALICE, MARKETING);
      assertThat(alice.status()).isEqualTo(store().status(tenant, ALICE, MARKETING));
      assertThat(alice.status().state()).isEqualTo(ConsentState.GRANTED);
      assertThat(alice.status().number()).isEqualTo(ALICE);
      assertThat(alice.suppressions()).containsExactlyInAnyOrderElementsOf(store().suppressions(tenant, ALICE))
          .extracting(Suppression::scope).containsExactly("sender:+14155550000");
      assertThat(store().recipient(tenant, ALICE, ORDERS).status().state()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(store().recipient(tenant, ALICE, "other.purpose").status())
          .isEqualTo(ConsentStatus.none(tenant, ALICE, "other.purpose"));
      RecipientStatus bob = store().recipient(tenant, BOB, MARKETING);
      assertThat(bob.status().state()).isEqualTo(ConsentState.PENDING);
      assertThat(bob.suppressions()).isEmpty();
      assertThat(store().recipient(tenant + "-b", ALICE, MARKETING))
          .isEqualTo(new RecipientStatus(ConsentStatus.none(tenant + "-b", ALICE, MARKETING), List.of()));

      assertThat(store().lift(tenant, ALICE, "sender:+14155550000")).isTrue();
      assertThat(store().recipient(tenant, ALICE, MARKETING).suppressions()).isEmpty();
    }

    @Test
    @DisplayName("after erasure keeps the status and reads the erasure's suppression by the number, until the person comes back")
    void afterErasure() {
      append(ALICE, MARKETING, EventKind.GRANTED, T0);
      append(BOB, ORDERS, EventKind.GRANTED, T0);
      store().erase(tenant, ALICE, T0.plusSeconds(5));

      RecipientStatus erased = store().recipient(tenant, ALICE, MARKETING);
      assertThat(erased.status()).isEqualTo(store().status(tenant, ALICE, MARKETING));
      assertThat(erased.status().state()).isEqualTo(ConsentState.GRANTED);
      assertThat(erased.status().number()).isEqualTo(ALICE);
      assertThat(erased.suppressions()).singleElement().satisfies(x -> {
        assertThat(x.scope()).isEqualTo(Suppression.ALL);
        assertThat(x.reason()).isEqualTo(SuppressionReason.ERASURE);
        assertThat(x.number()).isEqualTo(ALICE);
      });
      assertThat(store().recipient(tenant, BOB, ORDERS).status().state()).isEqualTo(ConsentState.GRANTED);
      assertThat(store().recipient(tenant, BOB, ORDERS).suppressions()).isEmpty();
      PhoneNumber stranger = PhoneNumber.parse("+33612345678");
      assertThat(store().recipient(tenant, stranger, MARKETING))
          .isEqualTo(new RecipientStatus(ConsentStatus.none(tenant, stranger, MARKETING), List.of()));

      append(ALICE, MARKETING, EventKind.WITHDRAWN, T0.plusSeconds(60));
      RecipientStatus back = store().recipient(tenant, ALICE, MARKETING);
      assertThat(back.status().state()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(back.status().seq()).isEqualTo(2);
      assertThat(back.suppressions()).extracting(Suppression::reason).containsExactly(SuppressionReason.ERASURE);
      assertThat(store().lift(tenant, ALICE, Suppression.ALL)).isTrue();
      assertThat(store().recipient(tenant, ALICE, MARKETING).suppressions()).isEmpty();
    }
  }

  @Nested
  @DisplayName("the gate's batched read of many recipients")
  class Recipients {
    private final PhoneNumber carol = PhoneNumber.parse("+33612345678");
    private final PhoneNumber dave = PhoneNumber.parse("+447911123456");
    private final PhoneNumber erin = PhoneNumber.parse("+13055550123");

    private Suppression s(PhoneNumber n, String scope) {
      return new Suppression(tenant, n, scope, SuppressionReason.STOP_ALL, T0, new TreeMap<>(Map.of("inbound", "SM1")));
    }

    /** Each number's entry is what {@link ConsentStore#recipient} says (suppressions in any order). */
    private void assertSameAsSingleReads(Map<PhoneNumber, RecipientStatus> batch, List<PhoneNumber> numbers,
        String purpose) {
      for (PhoneNumber n : numbers) {
        RecipientStatus single = store().recipient(tenant, n, purpose);
        assertThat(batch.get(n).status()).as("status of %s", n.masked()).isEqualTo(single.status());
        assertThat(batch.get(n).suppressions()).as("suppressions of %s", n.masked())
            .containsExactlyInAnyOrderElementsOf(single.suppressions());
      }
    }

    @Test
    @DisplayName("gives every distinct number what the single read gives: nothing recorded, several suppressions, erased, other tenants, duplicates")
    void sameAsSingleReads() {
      append(ALICE, MARKETING, EventKind.GRANTED, T0);
      append(ALICE, ORDERS, EventKind.WITHDRAWN, T0.plusSeconds(1));
      append(BOB, MARKETING, EventKind.REQUESTED, T0);
      append(dave, ORDERS, EventKind.GRANTED, T0); // a subject without a status of the purpose asked for
      store().suppress(s(BOB, Suppression.ALL));
      store().suppress(new Suppression(tenant, BOB, Suppression.senderScope("+14155550000"),
          SuppressionReason.CARRIER_REPORT, T0.plusSeconds(2), new TreeMap<>(Map.of("code", "21610"))));
      store().suppress(s(BOB, Suppression.senderScope("+14155550001")));
      append(erin, MARKETING, EventKind.GRANTED, T0);
      store().erase(tenant, erin, T0.plusSeconds(5));
      String mine = tenant;
      tenant = mine + "-other";
      append(carol, MARKETING, EventKind.GRANTED, T0);
      store().suppress(s(carol, Suppression.ALL));
      tenant = mine;

      List<PhoneNumber> asked = List.of(ALICE, BOB, carol, dave, erin, ALICE, BOB);
      Map<PhoneNumber, RecipientStatus> batch = store().recipients(tenant, asked, MARKETING);

      List<PhoneNumber> distinct = List.of(ALICE, BOB, carol, dave, erin);
      assertThat(batch).containsOnlyKeys(distinct);
      assertSameAsSingleReads(batch, distinct, MARKETING);
      assertThat(batch.get(ALICE).status().state()).isEqualTo(ConsentState.GRANTED);
      assertThat(batch.get(ALICE).suppressions()).isEmpty();
      assertThat(batch.get(BOB).status().state()).isEqualTo(ConsentState.PENDING);
      assertThat(batch.get(BOB).suppressions()).extracting(Suppression::scope).containsExactlyInAnyOrder(
          Suppression.ALL, "sender:+14155550000", "sender:+14155550001");
      assertThat(batch.get(BOB).suppressions()).allSatisfy(x -> assertThat(x.number()).isEqualTo(BOB))
          .filteredOn(x -> x.reason() == SuppressionReason.CARRIER_REPORT).singleElement()
          .satisfies(x -> assertThat(x.evidence()).containsEntry("code", "21610"));
      assertThat(batch.get(carol)).isEqualTo(new RecipientStatus(ConsentStatus.none(tenant, carol, MARKETING), List.of()));
      assertThat(batch.get(dave)).isEqualTo(new RecipientStatus(ConsentStatus.none(tenant, dave, MARKETING), List.of()));
      assertThat(batch.get(erin).status().state()).isEqualTo(ConsentState.GRANTED);
      assertThat(batch.get(erin).status().number()).isEqualTo(erin);
      assertThat(batch.get(erin).suppressions()).singleElement()
          .satisfies(x -> assertThat(x.reason()).isEqualTo(SuppressionReason.ERASURE));
      assertSameAsSingleReads(store().recipients(tenant, asked, ORDERS), distinct, ORDERS);
      assertThat(store().recipients(tenant, List.of(), MARKETING)).isEmpty();
      assertThat(store().recipients(mine + "-other", List.of(carol, ALICE), MARKETING).get(carol).suppressions())
          .extracting(Suppression::scope).containsExactly(Suppression.ALL);
    }

    @Test
    @DisplayName("reads more numbers than one round trip carries, with records on both sides of the chunk boundary")
    void manyNumbers() {
      List<PhoneNumber> asked = new ArrayList<>();
      for (int i = 0; i < 5_300; i++) {
        asked.add(PhoneNumber.parse("+49151" + (20_000_000 + i)));
      }
      List<PhoneNumber> recorded = List.of(asked.get(0), asked.get(999), asked.get(1000), asked.get(4_999),
          asked.get(5_000), asked.get(5_299));
      for (PhoneNumber n : recorded) {
        append(n, MARKETING, EventKind.GRANTED, T0);
      }
      store().suppress(s(asked.get(5_000), Suppression.ALL));
      store().suppress(s(asked.get(5_000), Suppression.senderScope("+14155550000")));
      store().suppress(s(asked.get(17), Suppression.ALL));
      asked.add(asked.get(5_000));
      asked.add(asked.get(3));

      Map<PhoneNumber, RecipientStatus> batch = store().recipients(tenant, asked, MARKETING);

      assertThat(batch).hasSize(5_300);
      for (PhoneNumber n : asked) {
        assertThat(batch.get(n).status().state()).as("%s", n.masked())
            .isEqualTo(recorded.contains(n) ? ConsentState.GRANTED : ConsentState.NONE);
      }
      assertThat(batch.get(asked.get(5_000)).suppressions()).hasSize(2);
      assertThat(batch.get(asked.get(17)).suppressions()).hasSize(1);
      assertThat(batch.values().stream().mapToInt(r -> r.suppressions().size()).sum()).isEqualTo(3);
      assertSameAsSingleReads(batch, List.of(asked.get(0), asked.get(17), asked.get(5_000), asked.get(5_299),
          asked.get(42)), MARKETING);
    }
  }

  @Nested
  @DisplayName("subjects and stored chains")
  class Chains {
    @Test
    @DisplayName("keep records under a keyed reference: stable, distinct per number and tenant, never the number")
    void references() {
      String a = store().subjectRef(tenant, ALICE);
      assertThat(a).matches("[0-9a-f]{64}").isEqualTo(store().subjectRef(tenant, ALICE))
          .isNotEqualTo(store().subjectRef(tenant, BOB)).doesNotContain("4155550101");
      assertThat(store().subjectRef(tenant + "-b", ALICE)).isNotEqualTo(a);
    }

    @Test
    @DisplayName("seal with encoding version 2 over the reference and the evidence digest")
    void sealedOverReference() {
      ConsentEvent e = append(ALICE, MARKETING, EventKind.GRANTED, T0).event();
      assertThat(e.hashVersion()).isEqualTo(2);
      assertThat(e.subjectRef()).isEqualTo(store().subjectRef(tenant, ALICE));
      assertThat(e.evidenceDigest()).isEqualTo(EventChain.evidenceDigest(e.evidence()));
      assertThat(EventChain.hashOf(e)).isEqualTo(e.hash());
    }

    @Test
    @DisplayName("are read with the head of their last append, and subject references page in order")
    void storedChain() {
      append(ALICE, MARKETING, EventKind.REQUESTED, T0);
      ConsentEvent last = append(ALICE, MARKETING, EventKind.GRANTED, T0.plusSeconds(1)).event();
      append(BOB, MARKETING, EventKind.GRANTED, T0);
      String ref = store().subjectRef(tenant, ALICE);
      StoredChain chain = store().chain(tenant, ref);
      assertThat(chain.events()).hasSize(2);
      assertThat(chain.headSeq()).isEqualTo(2);
      assertThat(chain.headHash()).isEqualTo(last.hash());
      assertThat(EventChain.verify(chain).isIntact()).isTrue();
      List<String> refs = store().subjectRefs(tenant, null, 10);
      assertThat(refs).containsExactlyInAnyOrder(ref, store().subjectRef(tenant, BOB)).isSorted();
      assertThat(store().subjectRefs(tenant, refs.get(0), 10)).containsExactly(refs.get(1));
      assertThat(store().chain(tenant, "0".repeat(64)).events()).isEmpty();
    }
  }

  @Nested
  @DisplayName("erasure")
  class Erasure {
    void populate() {
      append(ALICE, MARKETING, EventKind.REQUESTED, T0);
      append(ALICE, MARKETING, EventKind.GRANTED, T0.plusSeconds(1));
      append(ALICE, MARKETING, EventKind.WITHDRAWN, T0.plusSeconds(2));
      EventChain.append(store(), event(ALICE, MARKETING, EventKind.ERASED, T0.plusSeconds(3), "erase-1"));
      store().logMessage(new MessageRecord(tenant, "m1", ALICE, MARKETING, "deals", "+14155550000", "test", "SM1", T0,
          DeliveryState.ACCEPTED, null, "Private sale for Alice"));
      store().createPending(new PendingOptIn(tenant, "r1", ALICE, List.of(MARKETING), Map.of(MARKETING, "v1"), "en",
          "deals", "+14155550000", "hash", T0, T0.plus(Duration.ofHours(1)), 0, PendingOptIn.State.PENDING, 0,
          ConsentMethod.WEB_FORM, new TreeMap<>(Map.of("ip", "hashed"))));
      store().suppress(new Suppression(tenant, ALICE, Suppression.ALL, SuppressionReason.STOP_ALL, T0,
          new TreeMap<>(Map.of("inbound", "SM9"))));
      append(BOB, MARKETING, EventKind.GRANTED, T0);
    }

    @Test
    @DisplayName("removes the number, evidence values, messages and pending opt-ins; the chain still verifies")
    void erases() {
      populate();
      ErasedRecords done = store().erase(tenant, ALICE, T0.plusSeconds(10));
      assertThat(done).isEqualTo(new ErasedRecords(4, 1, 1, 1));
      List<ConsentEvent> history = store().history(tenant, ALICE);
      assertThat(history).hasSize(4).allSatisfy(e -> {
        assertThat(e.number()).isNull();
        assertThat(e.evidence()).isEmpty();
        assertThat(e.isRedacted()).isTrue();
      });
      assertThat(history).extracting(ConsentEvent::kind)
          .containsExactly(EventKind.REQUESTED, EventKind.GRANTED, EventKind.WITHDRAWN, EventKind.ERASED);
      StoredChain chain = store().chain(tenant, store().subjectRef(tenant, ALICE));
      assertThat(EventChain.verify(chain).breaks()).isEmpty();
      assertThat(store().messages(tenant, ALICE)).isEmpty();
      assertThat(store().messageByCarrierId(tenant, "SM1")).isEmpty();
      assertThat(store().pendingFor(tenant, ALICE)).isEmpty();
      assertThat(store().pending(tenant, "r1")).isEmpty();
      assertThat(store().numbers(tenant, null, 10)).containsExactly(BOB);
      assertThat(store().subjectRefs(tenant, null, 10)).contains(store().subjectRef(tenant, ALICE));
      assertThat(store().status(tenant, ALICE, MARKETING).state()).isEqualTo(ConsentState.ERASED);
      assertThat(store().eventByIdempotencyKey(tenant, "erase-1")).get().extracting(ConsentEvent::number).isNull();
      assertThat(store().history(tenant, BOB)).allSatisfy(e -> assertThat(e.number()).isEqualTo(BOB));
    }

    @Test
    @DisplayName("keeps a suppression of everything with reason ERASURE, without evidence, found by the number")
    void keepsSuppression() {
      populate();
      store().erase(tenant, ALICE, T0.plusSeconds(10));
      assertThat(store().suppressions(tenant, ALICE)).singleElement().satisfies(x -> {
        assertThat(x.scope()).isEqualTo(Suppression.ALL);
        assertThat(x.reason()).isEqualTo(SuppressionReason.ERASURE);
        assertThat(x.evidence()).isEmpty();
      });
      assertThat(store().suppressions(tenant, List.of(ALICE, BOB))).containsOnlyKeys(ALICE);
    }

    @Test
    @DisplayName("is idempotent, and suppresses a number it never held")
    void idempotent() {
      populate();
      store().erase(tenant, ALICE, T0.plusSeconds(10));
      assertThat(store().erase(tenant, ALICE, T0.plusSeconds(20))).isEqualTo(new ErasedRecords(0, 0, 0, 1));
      PhoneNumber stranger = PhoneNumber.parse("+33612345678");
      store().erase(tenant, stranger, T0);
      assertThat(store().suppressions(tenant, stranger)).extracting(Suppression::reason)
          .containsExactly(SuppressionReason.ERASURE);
      assertThat(store().history(tenant, stranger)).isEmpty();
      assertThat(store().numbers(tenant, null, 10)).containsExactly(BOB);
    }

    @Test
    @DisplayName("lets a later write for the number continue the same chain and hold the number again")
    void comesBack() {
      populate();
      store().erase(tenant, ALICE, T0.plusSeconds(10));
      ConsentEvent again = append(ALICE, MARKETING, EventKind.GRANTED, T0.plusSeconds(60)).event();
      assertThat(again.seq()).isEqualTo(5);
      assertThat(store().history(tenant, ALICE)).last().extracting(ConsentEvent::number).isEqualTo(ALICE);
      assertThat(EventChain.verify(store().chain(tenant, store().subjectRef(tenant, ALICE))).isIntact()).isTrue();
      assertThat(store().status(tenant, ALICE, MARKETING).state()).isEqualTo(ConsentState.GRANTED);
      assertThat(store().numbers(tenant, null, 10)).contains(ALICE);
    }
  }

  /** Runs {@code perThread} calls on each of {@code threads} threads at once and rethrows any failure. */
  protected static void runConcurrently(int threads, int perThread, ThreadBody body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Callable<Void> c = () -> {
          for (int i = 0; i < perThread; i++) {
            body.run(thread, i);
          }
          return null;
        };
        futures.add(pool.submit(c));
      }
      for (Future<Void> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** One call of a concurrent test. */
  @FunctionalInterface
  protected interface ThreadBody {
    void run(int thread, int i) throws Exception;
  }
}
