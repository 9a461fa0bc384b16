package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * H2 migrations take turns through a lease row in the database, not a lock of this JVM: a store of
 * another process sharing the database (file or server mode) waits for it, a lease left by a process
 * that died while migrating is taken over, and the lease needs no second connection.
 */
@DisplayName("H2 migrations take turns through a lease in the database")
class H2MigrationLeaseTest {
  private static final String LOCK_TABLE = "consent_migration_lease";

  @AutoClose
  private final TestDatabases.TestDb db = TestDatabases.h2();

  @Test
  @DisplayName("a store waits while another process holds the lease, and migrates once it is released")
  void waitsForALiveLease() throws Exception {
    leaseHeldBySomeoneElse(OffsetDateTime.now());
    CompletableFuture<List<String>> migrating = CompletableFuture.supplyAsync(
        () -> db.builder(db.pool(2)).build().migrate());
    Thread.sleep(500);
    assertThat(migrating).as("still waiting for the other process's lease").isNotDone();
    try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("DELETE FROM " + LOCK_TABLE)) {
      ps.executeUpdate();
    }
    assertThat(migrating.get(30, TimeUnit.SECONDS)).contains("V1__consent.sql", "V14__deferrals.sql");
    assertThat(leases()).as("released at the end").isZero();
  }

  @Test
  @DisplayName("a lease not renewed for longer than its term (a process died while migrating) is taken over")
  void takesOverADeadLease() {
    leaseHeldBySomeoneElse(OffsetDateTime.now().minus(Migrator.H2_LEASE).minusSeconds(30));
    assertThat(db.builder(db.pool(2)).build().migrate()).contains("V1__consent.sql", "V14__deferrals.sql");
    assertThat(leases()).isZero();
  }

  @Test
  @DisplayName("a data source of one connection migrates: the lease lives on the migrating connection")
  void oneConnection() {
    assertThat(db.builder(db.pool(1)).build().migrate()).contains("V1__consent.sql", "V14__deferrals.sql");
    assertThat(db.builder(db.pool(1)).build().migrate()).as("the second start finds everything applied").isEmpty();
    assertThat(leases()).isZero();
  }

  private void leaseHeldBySomeoneElse(OffsetDateTime renewedAt) {
    try (Connection c = db.connect()) {
      try (PreparedStatement ps = c.prepareStatement("CREATE TABLE " + LOCK_TABLE + " (name VARCHAR(64) NOT NULL"
          + " PRIMARY KEY, holder VARCHAR(36) NOT NULL, renewed_at TIMESTAMP WITH TIME ZONE NOT NULL)")) {
        ps.execute();
      }
      // the lease's name is the store's migration lock: derived from its schema (none) and table prefix
      String name = "consent_migrate_" + Migrator.sha256Hex(".consent_").substring(0, 16);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + LOCK_TABLE + " VALUES (?, 'other-process', ?)")) {
        ps.setString(1, name);
        ps.setObject(2, renewedAt);
        ps.executeUpdate();
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  private int leases() {
    try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + LOCK_TABLE);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }
}
