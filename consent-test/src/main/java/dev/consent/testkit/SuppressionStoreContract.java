package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import dev.consent.SuppressionReason;
import dev.consent.spi.SuppressionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link SuppressionStore}: at most one suppression per (number, scope), the first
 * one kept; a suppression read back exactly; {@code lift} removes exactly the scope named and says
 * whether there was one; the batched read has an entry only for numbers with suppressions, whatever
 * their count; tenants apart. A store's test extends it (or nests a subclass, as {@link
 * ConsentStoreContract} does) and returns its store from {@link #suppressions()}; every test works
 * in a fresh random tenant.
 */
public abstract class SuppressionStoreContract {

  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final PhoneNumber ALICE = PhoneNumber.parse("+14155550101");
  private static final PhoneNumber BOB = PhoneNumber.parse("+4915123456789");
  private static final PhoneNumber CARA = PhoneNumber.parse("+33612345678");

  /** The store under test. Called often: return the same instance. */
  protected abstract SuppressionStore suppressions();

  private String tenant;

  @BeforeEach
  void freshSuppressionTenant() {
    tenant = "s-" + UUID.randomUUID().toString().substring(0, 12);
  }

  private Suppression s(PhoneNumber n, String scope) {
    return new Suppression(tenant, n, scope, SuppressionReason.STOP_ALL, T0, new TreeMap<>(Map.of("inbound", "SM1")));
  }

  @Test
  @DisplayName("adds once per scope, lifts one scope, reads one or many numbers")
  void suppressAndLift() {
    suppressions().suppress(s(ALICE, Suppression.ALL));
    suppressions().suppress(s(ALICE, Suppression.ALL));
    suppressions().suppress(s(ALICE, Suppression.senderScope("+14155550000")));
    assertThat(suppressions().suppressions(tenant, ALICE)).hasSize(2);
    assertThat(suppressions().suppressions(tenant, List.of(ALICE, BOB))).containsOnlyKeys(ALICE);
    assertThat(suppressions().lift(tenant, ALICE, Suppression.ALL)).isTrue();
    assertThat(suppressions().lift(tenant, ALICE, Suppression.ALL)).isFalse();
    assertThat(suppressions().suppressions(tenant, ALICE)).extracting(Suppression::scope)
        .containsExactly("sender:+14155550000");
    assertThat(suppressions().suppressions(tenant, BOB)).isEmpty();
  }

  @Test
  @DisplayName("reads every suppression back exactly: number, scope, reason, time and evidence")
  void roundTrip() {
    Suppression all = new Suppression(tenant, ALICE, Suppression.ALL, SuppressionReason.HOST, T0.plusNanos(123_456_000),
        new TreeMap<>(Map.of("note", "ünïcödé ✓ & = ; '--", "by", "support@shop.example")));
    Suppression service = new Suppression(tenant, ALICE, Suppression.serviceScope("MG123"),
        SuppressionReason.CARRIER_REPORT, T0.plusSeconds(1), new TreeMap<>(Map.of("code", "21610")));
    Suppression bare = new Suppression(tenant, BOB, Suppression.senderScope("SHOP"), SuppressionReason.INVALID_NUMBER,
        T0, new TreeMap<>());
    suppressions().suppress(all);
    suppressions().suppress(service);
    suppressions().suppress(bare);
    assertThat(suppressions().suppressions(tenant, ALICE)).containsExactlyInAnyOrder(all, service);
    assertThat(suppressions().suppressions(tenant, BOB)).containsExactly(bare);
    Map<PhoneNumber, List<Suppression>> batch = suppressions().suppressions(tenant, List.of(ALICE, BOB));
    assertThat(batch.get(ALICE)).containsExactlyInAnyOrder(all, service);
    assertThat(batch.get(BOB)).containsExactly(bare);
  }

  @Test
  @DisplayName("keep the first suppression of a scope: a second one with another reason and evidence changes nothing")
  void firstKept() {
    Suppression first = s(ALICE, Suppression.ALL);
    suppressions().suppress(first);
    suppressions().suppress(new Suppression(tenant, ALICE, Suppression.ALL, SuppressionReason.HOST, T0.plusSeconds(60),
        new TreeMap<>(Map.of("by", "support"))));
    assertThat(suppressions().suppressions(tenant, ALICE)).containsExactly(first);
  }

  @Test
  @DisplayName("lift returns false when nothing was lifted and removes only the scope it names")
  void liftNothing() {
    assertThat(suppressions().lift(tenant, BOB, Suppression.ALL)).as("a number never suppressed").isFalse();
    Suppression sender = s(ALICE, Suppression.senderScope("+14155550000"));
    suppressions().suppress(sender);
    assertThat(suppressions().lift(tenant, ALICE, Suppression.ALL)).as("a scope not held").isFalse();
    assertThat(suppressions().lift(tenant, ALICE, Suppression.senderScope("+14155550001"))).isFalse();
    assertThat(suppressions().lift(tenant, ALICE, Suppression.serviceScope("+14155550000"))).isFalse();
    assertThat(suppressions().suppressions(tenant, ALICE)).containsExactly(sender);
    assertThat(suppressions().suppressions(tenant, BOB)).isEmpty();
  }

  @Test
  @DisplayName("after a lift the scope can be suppressed again, with the new reason")
  void suppressAfterLift() {
    suppressions().suppress(s(ALICE, Suppression.ALL));
    assertThat(suppressions().lift(tenant, ALICE, Suppression.ALL)).isTrue();
    Suppression again = new Suppression(tenant, ALICE, Suppression.ALL, SuppressionReason.HOST, T0.plusSeconds(60),
        new TreeMap<>(Map.of("by", "support")));
    suppressions().suppress(again);
    assertThat(suppressions().suppressions(tenant, ALICE)).containsExactly(again);
  }

  @Test
  @DisplayName("batched: numbers with none are absent, each present number gets only its own, an empty list gives an empty map")
  void batch() {
    suppressions().suppress(s(ALICE, Suppression.ALL));
    suppressions().suppress(s(ALICE, Suppression.senderScope("+14155550000")));
    suppressions().suppress(s(BOB, Suppression.senderScope("+14155550000")));
    Map<PhoneNumber, List<Suppression>> got = suppressions().suppressions(tenant, List.of(ALICE, BOB, CARA));
    assertThat(got).containsOnlyKeys(ALICE, BOB);
    assertThat(got.get(ALICE)).hasSize(2).allSatisfy(x -> assertThat(x.number()).isEqualTo(ALICE));
    assertThat(got.get(BOB)).singleElement().satisfies(x -> assertThat(x.number()).isEqualTo(BOB));
    assertThat(suppressions().suppressions(tenant, List.of(CARA))).isEmpty();
    assertThat(suppressions().suppressions(tenant, List.of())).isEmpty();
  }

  @Test
  @DisplayName("batched: reads more numbers than one round trip carries, with suppressions at both ends")
  void manyNumbers() {
    List<PhoneNumber> asked = new ArrayList<>();
    for (int i = 0; i < 5_100; i++) {
      asked.add(PhoneNumber.parse("+49151" + (30_000_000 + i)));
    }
    List<PhoneNumber> suppressed = List.of(asked.get(0), asked.get(999), asked.get(1_000), asked.get(4_999),
        asked.get(5_000), asked.get(5_099));
    suppressed.forEach(n -> suppressions().suppress(s(n, Suppression.ALL)));
    Map<PhoneNumber, List<Suppression>> got = suppressions().suppressions(tenant, asked);
    assertThat(got).containsOnlyKeys(suppressed);
    got.forEach((n, list) -> assertThat(list).containsExactly(s(n, Suppression.ALL)));
  }

  @Test
  @DisplayName("keep tenants apart: reads, lifts and suppressions of one tenant never touch another's")
  void tenants() {
    suppressions().suppress(s(ALICE, Suppression.ALL));
    String mine = tenant;
    tenant = mine + "-other";
    assertThat(suppressions().suppressions(tenant, ALICE)).isEmpty();
    assertThat(suppressions().suppressions(tenant, List.of(ALICE))).isEmpty();
    assertThat(suppressions().lift(tenant, ALICE, Suppression.ALL)).isFalse();
    Suppression theirs = new Suppression(tenant, ALICE, Suppression.ALL, SuppressionReason.HOST, T0, new TreeMap<>());
    suppressions().suppress(theirs);
    assertThat(suppressions().suppressions(tenant, ALICE)).containsExactly(theirs);
    assertThat(suppressions().lift(tenant, ALICE, Suppression.ALL)).isTrue();
    tenant = mine;
    assertThat(suppressions().suppressions(tenant, ALICE)).containsExactly(s(ALICE, Suppression.ALL));
  }
}
