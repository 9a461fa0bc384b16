package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.consent.ConsentReceipt;
import dev.consent.WebOptIn;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.ReceiptContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Runs the {@link ReceiptContract} on one database (each test uses its own tenant). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcReceiptTestBase extends ReceiptContract {
  protected TestDatabases.TestDb db;
  protected HikariDataSource pool;
  protected JdbcConsentStore store;
  private MigratedStore migrated;

  protected abstract TestDatabases.TestDb open();

  @BeforeAll
  void start() {
    migrated = new MigratedStore(open());
    db = migrated.db;
    pool = migrated.pool;
    store = migrated.store;
  }

  @AfterAll
  void stop() throws Exception {
    if (migrated != null) {
      migrated.close();
    }
  }

  @Override
  protected ConsentStore store() {
    return store;
  }

  @Test
  @DisplayName("a grant edited in SQL gets a receipt that says the ledger check failed")
  void editedLedger() throws SQLException {
    optInByWeb(NY, WebOptIn.of(NY, MARKETING, "v1"));
    ConsentReceipt before = kit.registry().receipts(NY).get(0);
    assertThat(before.ledgerVerified()).isTrue();
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE "
        + db.table("consent_event") + " SET notice_version = 'v9' WHERE event_id = ?")) {
      ps.setString(1, before.eventId());
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    ConsentReceipt after = kit.registry().receipt(NY, before.eventId());
    assertThat(after.ledgerVerified()).isFalse();
    assertThat(after.toText()).contains("CHECK FAILED");
    assertThat(after.toJson()).contains("\"verified\" : false");
  }
}
