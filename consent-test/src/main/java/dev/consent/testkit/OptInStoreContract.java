package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentMethod;
import dev.consent.PendingOptIn;
import dev.consent.PhoneNumber;
import dev.consent.error.ConsentStoreException;
import dev.consent.error.InvalidInputException;
import dev.consent.spi.OptInStore;
import dev.consent.spi.PurgeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link OptInStore}: one request per (tenant, id), read back exactly; a number's
 * requests newest first in the same order in every store; a replacement only at the version it was
 * read at (a compare-and-set that fails on a stale or unknown request and changes nothing); the
 * requests still PENDING that ran out, oldest expiry first and bounded; retention that deletes only
 * finished requests expired before a cut-off (exclusive), in bounded batches; tenants apart. A
 * store's test extends it (or nests a subclass, as {@link ConsentStoreContract} does) and returns its
 * store from {@link #optIns()}; every test works in a fresh random tenant.
 */
public abstract class OptInStoreContract {

  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final PhoneNumber ALICE = PhoneNumber.parse("+14155550101");
  private static final PhoneNumber BOB = PhoneNumber.parse("+4915123456789");
  private static final String MARKETING = "marketing.promotions";
  private static final String ORDERS = "service.order-updates";

  /** The store under test. Called often: return the same instance. */
  protected abstract OptInStore optIns();

  private String tenant;

  @BeforeEach
  void freshOptInTenant() {
    tenant = "o-" + UUID.randomUUID().toString().substring(0, 12);
  }

  private PendingOptIn pending(String id, Instant created) {
    return new PendingOptIn(tenant, id, ALICE, List.of(MARKETING), Map.of(MARKETING, "v1"), "en", "deals", "+14155550000",
        "hash-" + id, created, created.plus(Duration.ofHours(24)), 0, PendingOptIn.State.PENDING, 0,
        ConsentMethod.WEB_FORM, new TreeMap<>(Map.of("ip", "hashed")));
  }

  /** A request of ALICE in {@code state} that stops being confirmable at {@code expires}. */
  private PendingOptIn expiring(String id, Instant expires, PendingOptIn.State state) {
    return new PendingOptIn(tenant, id, ALICE, List.of(MARKETING), Map.of(MARKETING, "v1"), "en", "deals",
        "+14155550000", "hash-" + id, expires.minus(Duration.ofHours(1)), expires, 0, state, 0, ConsentMethod.WEB_FORM,
        new TreeMap<>());
  }

  @Test
  @DisplayName("are stored, found by id and by number, newest first")
  void stored() {
    PendingOptIn a = pending("r1", T0);
    PendingOptIn b = pending("r2", T0.plusSeconds(10));
    optIns().createPending(a);
    optIns().createPending(b);
    assertThat(optIns().pending(tenant, "r1")).contains(a);
    assertThat(optIns().pendingFor(tenant, ALICE)).containsExactly(b, a);
    assertThat(optIns().pendingFor(tenant, BOB)).isEmpty();
    assertThatThrownBy(() -> optIns().createPending(a)).isInstanceOf(ConsentStoreException.class);
  }

  @Test
  @DisplayName("created at one instant are listed in the same order in every store: by request id, descending")
  void sameInstant() {
    // a retry after a lost reply, or a keyword and a web start in one clock tick, create two
    // requests at one instant; their order must not depend on the store, the hash or the insertion
    for (String id : List.of("r12", "r15", "r11", "r14", "r13")) {
      optIns().createPending(pending(id, T0));
    }
    optIns().createPending(pending("r10", T0.plusMillis(1)));
    optIns().createPending(pending("r16", T0.minusMillis(1)));
    PendingOptIn closed = pending("r14", T0);
    optIns().replacePending(closed, closed.next(PendingOptIn.State.EXPIRED, 0));
    assertThat(optIns().pendingFor(tenant, ALICE)).extracting(PendingOptIn::requestId)
        .containsExactly("r10", "r15", "r14", "r13", "r12", "r11", "r16");
    assertThat(optIns().pendingExpiredBy(tenant, T0.plus(Duration.ofHours(25)), 10))
        .extracting(PendingOptIn::requestId).containsExactly("r16", "r11", "r12", "r13", "r15", "r10");
  }

  @Test
  @DisplayName("are replaced only at the version they were read at")
  void compareAndSet() {
    PendingOptIn a = pending("r3", T0);
    optIns().createPending(a);
    PendingOptIn tried = a.next(PendingOptIn.State.PENDING, 1);
    assertThat(optIns().replacePending(a, tried)).isTrue();
    assertThat(optIns().replacePending(a, a.next(PendingOptIn.State.CONFIRMED, 0))).isFalse();
    assertThat(optIns().pending(tenant, "r3")).contains(tried);
  }

  @Test
  @DisplayName("that ran out are listed for expiry, oldest first")
  void expired() {
    optIns().createPending(pending("r4", T0));
    optIns().createPending(pending("r5", T0.plus(Duration.ofHours(2))));
    assertThat(optIns().pendingExpiredBy(tenant, T0.plus(Duration.ofHours(25)), 10))
        .extracting(PendingOptIn::requestId).containsExactly("r4");
    assertThat(optIns().pendingExpiredBy(tenant, T0, 10)).isEmpty();
  }

  @Test
  @DisplayName("read every field back exactly, after creation and after a replacement")
  void roundTrip() {
    PendingOptIn a = new PendingOptIn(tenant, "r-full", BOB, List.of(MARKETING, ORDERS),
        Map.of(MARKETING, "2026-01", ORDERS, "v7"), "de-CH", "deals", "SHOP", "c0ffee".repeat(10),
        T0.plusNanos(123_456_000), T0.plus(Duration.ofMinutes(15)), 2, PendingOptIn.State.PENDING, 0,
        ConsentMethod.SMS_KEYWORD, new TreeMap<>(Map.of("keyword", "JA ✓", "requestId", "r-full",
            "text", "Antworte JA — ünïcödé & = ; '--")));
    optIns().createPending(a);
    assertThat(optIns().pending(tenant, "r-full")).contains(a);
    assertThat(optIns().pendingFor(tenant, BOB)).containsExactly(a);
    PendingOptIn confirmed = a.next(PendingOptIn.State.CONFIRMED, 3);
    assertThat(optIns().replacePending(a, confirmed)).isTrue();
    assertThat(optIns().pending(tenant, "r-full")).contains(confirmed);
    assertThat(optIns().pendingFor(tenant, BOB)).containsExactly(confirmed);
  }

  @Test
  @DisplayName("a replacement fails on a stale expected value after several replacements, and on a request never"
      + " stored, which it does not create")
  void staleAndUnknown() {
    PendingOptIn v0 = pending("r1", T0);
    optIns().createPending(v0);
    PendingOptIn v1 = v0.next(PendingOptIn.State.PENDING, 1);
    PendingOptIn v2 = v1.next(PendingOptIn.State.CONFIRMED, 1);
    assertThat(optIns().replacePending(v0, v1)).isTrue();
    assertThat(optIns().replacePending(v1, v2)).isTrue();
    assertThat(optIns().replacePending(v1, v1.next(PendingOptIn.State.EXPIRED, 1))).isFalse();
    assertThat(optIns().replacePending(v0, v0.next(PendingOptIn.State.EXPIRED, 0))).isFalse();
    assertThat(optIns().pending(tenant, "r1")).contains(v2);

    PendingOptIn never = pending("r-never", T0);
    assertThat(optIns().replacePending(never, never.next(PendingOptIn.State.CONFIRMED, 0))).isFalse();
    assertThat(optIns().pending(tenant, "r-never")).isEmpty();
    assertThat(optIns().pendingFor(tenant, ALICE)).containsExactly(v2);
  }

  @Test
  @DisplayName("ran out: only PENDING ones whose expiry is at or before now, oldest expiry first then by id, at most limit")
  void expiredBounded() {
    Instant h1 = T0.plus(Duration.ofHours(1));
    Instant h2 = T0.plus(Duration.ofHours(2));
    optIns().createPending(expiring("r3", h2, PendingOptIn.State.PENDING));
    optIns().createPending(expiring("r9", h1, PendingOptIn.State.PENDING));
    optIns().createPending(expiring("r2", h2, PendingOptIn.State.PENDING));
    optIns().createPending(expiring("r1", h2.plusNanos(1_000), PendingOptIn.State.PENDING));
    optIns().createPending(expiring("r0", T0, PendingOptIn.State.CONFIRMED));
    optIns().createPending(expiring("r5", T0, PendingOptIn.State.EXPIRED));
    optIns().createPending(expiring("r6", T0, PendingOptIn.State.LOCKED));
    assertThat(optIns().pendingExpiredBy(tenant, h2, 10)).extracting(PendingOptIn::requestId)
        .containsExactly("r9", "r2", "r3");
    assertThat(optIns().pendingExpiredBy(tenant, h2, 2)).extracting(PendingOptIn::requestId).containsExactly("r9", "r2");
    assertThat(optIns().pendingExpiredBy(tenant, h2, 1)).extracting(PendingOptIn::requestId).containsExactly("r9");
    assertThat(optIns().pendingExpiredBy(tenant, h1.minusNanos(1_000), 10)).isEmpty();
    assertThat(optIns().pendingExpiredBy(tenant, h2.plusNanos(1_000), 10)).extracting(PendingOptIn::requestId)
        .containsExactly("r9", "r2", "r3", "r1");
  }

  @Test
  @DisplayName("keep tenants apart: one request id in two tenants is two requests")
  void tenants() {
    PendingOptIn mine = pending("r1", T0);
    optIns().createPending(mine);
    String first = tenant;
    tenant = first + "-other";
    assertThat(optIns().pending(tenant, "r1")).isEmpty();
    assertThat(optIns().pendingFor(tenant, ALICE)).isEmpty();
    assertThat(optIns().pendingExpiredBy(tenant, T0.plus(Duration.ofDays(2)), 10)).isEmpty();
    PendingOptIn theirs = pending("r1", T0.plusSeconds(5));
    optIns().createPending(theirs);
    assertThat(optIns().replacePending(theirs, theirs.next(PendingOptIn.State.CONFIRMED, 0))).isTrue();
    tenant = first;
    assertThat(optIns().pending(tenant, "r1")).contains(mine);
    assertThat(optIns().pendingFor(tenant, ALICE)).containsExactly(mine);
    assertThat(optIns().pendingExpiredBy(tenant, T0.plus(Duration.ofDays(2)), 10)).containsExactly(mine);
  }

  @Test
  @DisplayName("retention deletes finished requests expired before the cut-off (exclusive) in batches, never a PENDING one")
  void purgeFinished() {
    Instant cutoff = T0.plus(Duration.ofDays(1));
    optIns().createPending(expiring("p-old", T0, PendingOptIn.State.PENDING));
    optIns().createPending(expiring("c-old", T0, PendingOptIn.State.CONFIRMED));
    optIns().createPending(expiring("e-old", T0.plusSeconds(1), PendingOptIn.State.EXPIRED));
    optIns().createPending(expiring("l-old", T0.plusSeconds(2), PendingOptIn.State.LOCKED));
    optIns().createPending(expiring("c-at", cutoff, PendingOptIn.State.CONFIRMED));
    optIns().createPending(expiring("c-new", cutoff.plusSeconds(1), PendingOptIn.State.CONFIRMED));
    String first = tenant;
    tenant = first + "-other";
    PendingOptIn theirs = expiring("c-old", T0, PendingOptIn.State.CONFIRMED);
    optIns().createPending(theirs);
    tenant = first;

    assertThat(optIns().purgeFinishedOptIns(tenant, cutoff, 2)).isEqualTo(new PurgeResult(2, true));
    assertThat(optIns().purgeFinishedOptIns(tenant, cutoff, 2)).isEqualTo(new PurgeResult(1, false));
    assertThat(optIns().purgeFinishedOptIns(tenant, cutoff, 2)).isEqualTo(new PurgeResult(0, false));
    assertThat(optIns().pendingFor(tenant, ALICE)).extracting(PendingOptIn::requestId)
        .containsExactlyInAnyOrder("p-old", "c-at", "c-new");
    assertThat(optIns().pending(first + "-other", "c-old")).contains(theirs);
    assertThatThrownBy(() -> optIns().purgeFinishedOptIns(tenant, cutoff.plus(Duration.ofDays(9)), 0))
        .isInstanceOf(InvalidInputException.class);
    assertThat(optIns().pendingFor(tenant, ALICE)).hasSize(3);
  }
}
