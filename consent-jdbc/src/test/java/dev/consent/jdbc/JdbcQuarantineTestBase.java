package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.CarrierAction;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.kit.ConsentKit;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.QuarantineStore;
import dev.consent.testkit.MutableClock;
import dev.consent.testkit.QuarantineStoreContract;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Runs the {@link QuarantineStoreContract} on one database, each test class in its own schema. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcQuarantineTestBase extends QuarantineStoreContract {
  @AutoClose
  private final MigratedStore.OnDemand migrated = new MigratedStore.OnDemand(this::open);

  protected abstract TestDatabases.TestDb open();

  @Override
  protected ConsentStore store() {
    return migrated.get().store;
  }

  @Override
  protected QuarantineStore quarantineStore() {
    return migrated.get().store;
  }

  @Test
  @DisplayName("an unverified STOP in quarantine holds neither the number nor the body, in any column")
  void heldNowhere() {
    ConsentKit kit = ConsentKit.builder().tenant(tenant).store(migrated.get().store).carrier(new dev.consent.memory.RecordingCarrier())
        .clock(MutableClock.at(MONDAY_11_NY)).purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE).build();
    InboundResult r = kit.inbound().handle(new InboundMessage("recording", "SM-u1", NY, SENDER,
        "STOP texting me Zebra", MONDAY_11_NY, false, CarrierAction.NONE, null));
    assertThat(r).isInstanceOf(InboundResult.Quarantined.class);
    assertThat(migrated.get().store.quarantineSummary(tenant).held()).isEqualTo(1);
    migrated.get().assertHeldNowhere(tenant, NY.e164().substring(1));
    migrated.get().assertHeldNowhere(tenant, "Zebra");
  }
}
