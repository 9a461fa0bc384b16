package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Campaign;
import dev.consent.CampaignListener;
import dev.consent.CampaignReport;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.CampaignContract;
import dev.consent.testkit.MutableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs the {@link CampaignContract} on one database, each test class in its own schema, and counts
 * what a campaign costs the server: a fixed number of calls per batch, none per recipient.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcCampaignTestBase extends CampaignContract {
  /**
   * Server calls one batch may make (check, subjects, reservation, confirmation), whatever its size;
   * measured: 14-16 on MariaDB (autocommit changes are calls there), 6-14 on PostgreSQL and H2.
   */
  private static final int CALLS_PER_BATCH = 18;

  @AutoClose
  private final MigratedStore.OnDemand migrated = new MigratedStore.OnDemand(this::open);

  protected abstract TestDatabases.TestDb open();

  @Override
  protected ConsentStore store() {
    return migrated.get().store;
  }

  @Test
  @DisplayName("a campaign of 1,200 recipients in batches of 400 makes a fixed number of server calls per batch:"
      + " for new numbers, known numbers and a retry")
  void serverCallsPerBatch() {
    ServerCalls calls = new ServerCalls(migrated.get().pool, migrated.get().db.dialect);
    JdbcConsentStore counted = migrated.get().db.builder(calls.dataSource()).build();
    String tenant = "cost-" + UUID.randomUUID().toString().substring(0, 12);
    RecordingCarrier carrier = new RecordingCarrier();
    ConsentKit kit = ConsentKit.builder().tenant(tenant).store(counted).carrier(carrier)
        .clock(MutableClock.at(MONDAY_11_NY)).purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE).build();
    List<OutboundMessage> shipping = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      shipping.add(OutboundMessage.of(PhoneNumber.parse("+1212" + (3_000_000 + i)), ORDERS, "Your order has shipped"));
    }
    int batches = 3;
    for (String run : List.of("first run, new numbers", "another campaign, known numbers", "a retry")) {
      String id = run.startsWith("another") ? "restock" : "shipping";
      int before = calls.count();
      calls.clearSeen();
      CampaignReport report = kit.gate().sendAll(Campaign.of(id).withBatchSize(400), shipping, CampaignListener.ignoring());
      assertThat(report.processed()).isEqualTo(1200);
      assertThat(report.sent() + report.alreadySent()).isEqualTo(1200);
      assertThat(calls.count() - before).as("%s: server calls %s", run, calls.seen())
          .isLessThanOrEqualTo(CALLS_PER_BATCH * batches);
    }
    assertThat(carrier.sent()).hasSize(2400);
  }
}
