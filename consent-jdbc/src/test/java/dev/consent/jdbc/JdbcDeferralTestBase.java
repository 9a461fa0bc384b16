package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.DeferredMessage;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.DeferralStore;
import dev.consent.testkit.DeferralStoreContract;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Runs the {@link DeferralStoreContract} on one database, each test class in its own schema. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcDeferralTestBase extends DeferralStoreContract {
  @AutoClose
  private final MigratedStore.OnDemand migrated = new MigratedStore.OnDemand(this::open);

  protected abstract TestDatabases.TestDb open();

  @Override
  protected ConsentStore store() {
    return migrated.get().store;
  }

  @Override
  protected DeferralStore deferralStore() {
    return migrated.get().store;
  }

  @Test
  @DisplayName("a held message keeps neither the number nor the body in clear, in any column")
  void sealed() {
    DeferredMessage d = held("sealed", NY, MONDAY_11_NY);
    assertThat(migrated.get().store.defer(d)).isTrue();
    migrated.get().assertHeldNowhereInClear(tenant, NY.e164().substring(1));
    migrated.get().assertHeldNowhereInClear(tenant, "Spring sale");
    assertThat(migrated.get().store.deferredOf(tenant, d.subjectRef())).containsExactly(d);
  }
}
