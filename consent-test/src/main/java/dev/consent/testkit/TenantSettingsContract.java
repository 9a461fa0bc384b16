package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.OptInSettings;
import dev.consent.OptInStart;
import dev.consent.PhoneNumber;
import dev.consent.WebOptIn;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Per-tenant settings on one shared store, as a CRM serving several brands runs them (one kit per
 * tenant): each tenant's opt-in limits hold for that tenant alone, all sign-ups coming from the CRM's
 * one server address; instances of one tenant, with their own clocks, share that tenant's budget, also
 * when 16 sign-ups race. A store's test extends this class.
 */
public abstract class TenantSettingsContract extends KitScenario {
  /** The CRM back end's own address: every sign-up it forwards comes from it. */
  private static final String CRM_ADDRESS = "198.51.100.20";

  private ConsentKit kit(String tenant, Clock clock, RecordingCarrier carrier, int perClient) {
    // the other limits out of the way, so that only the per-client limit can refuse
    OptInSettings limits = OptInSettings.defaults().withLimits(3, 1_000, 10_000, perClient, Duration.ofHours(1));
    return ConsentKit.builder().tenant(tenant).store(store()).carrier(carrier).clock(clock)
        .purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE).optIn(limits).build();
  }

  private static String freshTenant(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 12);
  }

  private static PhoneNumber number(int i) {
    return PhoneNumber.parse(String.format("+121255501%02d", i));
  }

  private static OptInStart signUp(ConsentKit kit, int i) {
    return kit.doubleOptIn().start(WebOptIn.of(number(i), MARKETING, "v1").withClientAddress(CRM_ADDRESS));
  }

  private static void refusedAt(OptInStart start, int max) {
    assertThat(start).isInstanceOfSatisfying(OptInStart.RateLimited.class, r -> {
      assertThat(r.kind()).isEqualTo(OptInStart.RateLimited.Kind.PER_CLIENT_ADDRESS);
      assertThat(r.max()).isEqualTo(max);
    });
  }

  @Test
  @DisplayName("two tenants on one store, one client address: each tenant's own per-client limit holds, neither uses the other's budget")
  void tenantsKeepTheirOwnLimits() {
    MutableClock clock = MutableClock.at(MONDAY_11_NY);
    RecordingCarrier carrierA = new RecordingCarrier();
    RecordingCarrier carrierB = new RecordingCarrier();
    ConsentKit brandA = kit(freshTenant("brand-a"), clock, carrierA, 2);
    ConsentKit brandB = kit(freshTenant("brand-b"), clock, carrierB, 4);

    for (int i = 0; i < 2; i++) {
      assertThat(signUp(brandA, i)).isInstanceOf(OptInStart.Started.class);
    }
    refusedAt(signUp(brandA, 2), 2);
    for (int i = 0; i < 4; i++) { // the same numbers and address, another tenant: its own counters
      assertThat(signUp(brandB, i)).isInstanceOf(OptInStart.Started.class);
    }
    refusedAt(signUp(brandB, 4), 4);
    refusedAt(signUp(brandA, 5), 2);
    assertThat(carrierA.sent()).hasSize(2);
    assertThat(carrierB.sent()).hasSize(4);

    clock.advance(Duration.ofMinutes(61)); // the window has passed for both
    assertThat(signUp(brandA, 6)).isInstanceOf(OptInStart.Started.class);
    assertThat(signUp(brandB, 6)).isInstanceOf(OptInStart.Started.class);
  }

  @Test
  @DisplayName("two instances of one tenant, clocks 40 s apart, 16 sign-ups at once from one address: exactly the tenant's limit go out")
  void instancesShareTheTenantsBudget() throws Exception {
    String tenant = freshTenant("brand-c");
    List<RecordingCarrier> carriers = List.of(new RecordingCarrier(), new RecordingCarrier());
    List<ConsentKit> instances = List.of(kit(tenant, MutableClock.at(MONDAY_11_NY), carriers.get(0), 5),
        kit(tenant, MutableClock.at(MONDAY_11_NY.plusSeconds(40)), carriers.get(1), 5));
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<OptInStart> results = new ArrayList<>();
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<OptInStart>> all = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        ConsentKit kit = instances.get(t % 2);
        int n = t;
        Callable<OptInStart> task = () -> {
          go.await();
          return signUp(kit, n);
        };
        all.add(pool.submit(task));
      }
      go.countDown();
      for (Future<OptInStart> f : all) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(results).filteredOn(r -> r instanceof OptInStart.Started).hasSize(5);
    results.stream().filter(r -> !(r instanceof OptInStart.Started)).forEach(r -> refusedAt(r, 5));
    assertThat(carriers.get(0).sent().size() + carriers.get(1).sent().size()).isEqualTo(5);
  }
}
