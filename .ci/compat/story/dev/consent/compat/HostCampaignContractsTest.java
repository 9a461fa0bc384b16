package dev.consent.compat;

import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.DeferralStore;
import dev.consent.testkit.CampaignContract;
import dev.consent.testkit.DeferralStoreContract;
import dev.consent.testkit.FrequencyCapRaceContract;
import java.util.UUID;
import org.junit.jupiter.api.Nested;

/**
 * The contracts of caps (state and program, two instances racing), campaigns and deferral from
 * consent-test, on this host's class path (the carrier SDKs' Jackson and SLF4J, no logback), on the
 * in-memory store and on the JDBC store over embedded H2: what a host's own tests would run.
 */
class HostCampaignContractsTest {
  /** A migrated JDBC store on a new in-memory H2 database, its data keys held in the database. */
  static JdbcConsentStore h2() {
    org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
    ds.setURL("jdbc:h2:mem:compat-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    JdbcConsentStore store = JdbcConsentStore.builder(ds).keysInDatabase().build();
    store.migrate();
    return store;
  }

  @Nested
  class CapsInMemory extends FrequencyCapRaceContract {
    private final InMemoryConsentStore store = new InMemoryConsentStore();

    @Override
    protected ConsentStore store() {
      return store;
    }
  }

  @Nested
  class CapsOnH2 extends FrequencyCapRaceContract {
    private final JdbcConsentStore store = h2();

    @Override
    protected ConsentStore store() {
      return store;
    }
  }

  @Nested
  class CampaignsInMemory extends CampaignContract {
    private final InMemoryConsentStore store = new InMemoryConsentStore();

    @Override
    protected ConsentStore store() {
      return store;
    }
  }

  @Nested
  class CampaignsOnH2 extends CampaignContract {
    private final JdbcConsentStore store = h2();

    @Override
    protected ConsentStore store() {
      return store;
    }
  }

  @Nested
  class DeferralInMemory extends DeferralStoreContract {
    private final InMemoryConsentStore store = new InMemoryConsentStore();

    @Override
    protected ConsentStore store() {
      return store;
    }

    @Override
    protected DeferralStore deferralStore() {
      return store;
    }
  }

  @Nested
  class DeferralOnH2 extends DeferralStoreContract {
    private final JdbcConsentStore store = h2();

    @Override
    protected ConsentStore store() {
      return store;
    }

    @Override
    protected DeferralStore deferralStore() {
      return store;
    }
  }
}
