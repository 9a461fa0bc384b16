package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.spi.ChangeFeedStore;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.ChangeFeedStoreContract;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.TestInstance;

/** Runs the {@link ChangeFeedStoreContract} on one database, each test class in its own schema. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcChangeFeedTestBase extends ChangeFeedStoreContract {
  // 16 writer threads (two instances x 8): with the default 4 connections a loaded machine once
  // kept one thread waiting past the pool's 5 s timeout (the fresh-machine pass of a CI pre-check)
  @AutoClose
  private final MigratedStore.OnDemand migrated = new MigratedStore.OnDemand(this::open, 16);

  protected abstract TestDatabases.TestDb open();

  @Override
  protected ConsentStore store() {
    return migrated.get().store;
  }

  @Override
  protected ChangeFeedStore feedStore() {
    return migrated.get().store;
  }

  /** Inserts a change row on {@code c} (not committed yet), as a write of another instance would. */
  private void insertChange(java.sql.Connection c, dev.consent.PhoneNumber n, String id) throws java.sql.SQLException {
    dev.consent.feed.ConsentChange change = new dev.consent.feed.ConsentChange(0, id, tenant,
        dev.consent.feed.ChangeType.SUPPRESSED, store().subjectRef(tenant, n), clock.instant(), null, null, 0, "all",
        "HOST", null);
    try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO " + migrated.get().db.table("consent_change")
        + " (" + ChangeRows.INSERT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      new ChangeRows(new Db(migrated.get().pool, migrated.get().db.dialect), new Tables(migrated.get().db.schema, "consent_"))
          .insertValues(ps, 0, change);
      ps.executeUpdate();
    }
  }

  @org.junit.jupiter.api.Test
  @org.junit.jupiter.api.DisplayName("a change committed after a later one is delivered late, not lost; a rolled-back"
      + " one is waited for, then forgotten")
  void inFlight() throws Exception {
    dev.consent.kit.ConsentKit kit = kit(dev.consent.feed.FeedSettings.defaults(), clock);
    grant(kit, NY, "a");
    java.util.List<dev.consent.feed.ConsentChange> taken = new java.util.ArrayList<>();
    assertThat(kit.changeFeed().deliver("crm", taken::addAll).delivered()).isEqualTo(1);
    try (java.sql.Connection open = migrated.get().pool.getConnection()) {
      open.setAutoCommit(false);
      insertChange(open, MIAMI, "in-flight");
      grant(kit, MIAMI, "b");
      assertThat(kit.changeFeed().deliver("crm", taken::addAll)).isInstanceOfSatisfying(dev.consent.feed.Delivery.Done.class,
          d -> assertThat(d.moreDue()).as("a gap is waited for").isTrue());
      assertThat(taken).extracting(dev.consent.feed.ConsentChange::type).containsExactly(
          dev.consent.feed.ChangeType.GRANTED, dev.consent.feed.ChangeType.GRANTED);
      open.commit();
    }
    assertThat(kit.changeFeed().deliver("crm", taken::addAll).delivered()).isEqualTo(1);
    assertThat(taken.get(2).id()).isEqualTo("in-flight");
    assertThat(taken.get(2).position()).isLessThan(taken.get(1).position());

    try (java.sql.Connection open = migrated.get().pool.getConnection()) {
      open.setAutoCommit(false);
      insertChange(open, MIAMI, "rolled-back");
      grant(kit, NY, "c");
      open.rollback();
    }
    long before = migrated.get().store.feedCursor(tenant, "crm").orElseThrow().position();
    kit.changeFeed().deliver("crm", taken::addAll);
    assertThat(taken).hasSize(4);
    assertThat(migrated.get().store.feedCursor(tenant, "crm").orElseThrow().gaps().keySet()).as("the rolled-back position")
        .anyMatch(p -> p > before && p < taken.get(3).position());
    clock.advance(java.time.Duration.ofSeconds(61));
    assertThat(kit.changeFeed().deliver("crm", taken::addAll)).isInstanceOfSatisfying(dev.consent.feed.Delivery.Done.class,
        d -> assertThat(d.moreDue()).isFalse());
    assertThat(migrated.get().store.feedCursor(tenant, "crm").orElseThrow().gaps()).isEmpty();
    assertThat(taken).hasSize(4);
  }
}
