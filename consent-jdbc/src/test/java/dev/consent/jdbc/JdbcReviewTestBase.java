package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ReviewItem;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.ReviewStore;
import dev.consent.testkit.ReviewStoreContract;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Runs the {@link ReviewStoreContract} on one database, each test class in its own schema. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcReviewTestBase extends ReviewStoreContract {
  @AutoClose
  private final MigratedStore.OnDemand migrated = new MigratedStore.OnDemand(this::open);

  protected abstract TestDatabases.TestDb open();

  @Override
  protected ConsentStore store() {
    return migrated.get().store;
  }

  @Override
  protected ReviewStore reviewStore() {
    return migrated.get().store;
  }

  @Test
  @DisplayName("a queued item holds neither the number nor the reply text in clear, in any column")
  void sealed() {
    ReviewItem item = item("i-sealed", NY, "Zebra crossing stop? quagga", MONDAY_11_NY,
        MONDAY_11_NY.plus(Duration.ofDays(14)));
    assertThat(migrated.get().store.enqueueReview(item)).isTrue();
    migrated.get().assertHeldNowhereInClear(tenant, NY.e164().substring(1));
    migrated.get().assertHeldNowhereInClear(tenant, "quagga");
    assertThat(migrated.get().store.reviewItem(tenant, "i-sealed").orElseThrow().text()).endsWith("quagga");
  }
}
