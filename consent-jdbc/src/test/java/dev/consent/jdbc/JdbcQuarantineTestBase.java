package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.CarrierAction;
import dev.consent.ConsentKit;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.QuarantineStore;
import dev.consent.testkit.MutableClock;
import dev.consent.testkit.QuarantineStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Runs the {@link QuarantineStoreContract} on one database, each test class in its own schema. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcQuarantineTestBase extends QuarantineStoreContract {
  private MigratedStore migrated;

  protected abstract TestDatabases.TestDb open();

  @BeforeAll
  void start() {
    migrated = new MigratedStore(open());
  }

  @AfterAll
  void stop() throws Exception {
    if (migrated != null) {
      migrated.close();
    }
  }

  @Override
  protected ConsentStore store() {
    return migrated.store;
  }

  @Override
  protected QuarantineStore quarantineStore() {
    return migrated.store;
  }

  @Test
  @DisplayName("an unverified STOP in quarantine holds neither the number nor the body, in any column")
  void heldNowhere() {
    ConsentKit kit = ConsentKit.builder().tenant(tenant).store(migrated.store).carrier(new dev.consent.memory.RecordingCarrier())
        .clock(MutableClock.at(MONDAY_11_NY)).purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE).build();
    InboundResult r = kit.inbound().handle(new InboundMessage("recording", "SM-u1", NY, SENDER,
        "STOP texting me Zebra", MONDAY_11_NY, false, CarrierAction.NONE, null));
    assertThat(r).isInstanceOf(InboundResult.Quarantined.class);
    assertThat(migrated.store.quarantineSummary(tenant).held()).isEqualTo(1);
    migrated.assertHeldNowhere(tenant, NY.e164().substring(1));
    migrated.assertHeldNowhere(tenant, "Zebra");
  }
}
