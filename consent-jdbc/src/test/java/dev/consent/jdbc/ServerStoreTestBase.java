package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentState;
import dev.consent.EventKind;
import dev.consent.error.ConsentStoreException;
import dev.consent.spi.AppendResult;
import dev.consent.spi.EventChain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Adds the network fault suite for databases reached over TCP (PostgreSQL, MariaDB). */
abstract class ServerStoreTestBase extends JdbcStoreTestBase {

  @Nested
  @DisplayName("when the network to the database fails")
  class NetworkFaults {
    @Test
    @DisplayName("a connection cut during an append raises ConsentStoreException, leaves nothing half written,"
        + " and the same store carries on once the database is back")
    void cutMidAppend() throws Exception {
      try (CutProxy proxy = new CutProxy(db.hostPort)) {
        JdbcConsentStore s = db.builder(db.poolVia(2, proxy.port())).build();
        EventChain.append(s, event(ALICE, MARKETING, EventKind.GRANTED, T0, "SM-start"));
        ExecutorService executor = Executors.newSingleThreadExecutor();
        Future<AppendResult> stop;
        try (Connection holder = db.connect()) {
          holder.setAutoCommit(false);
          lockSubject(holder);
          stop = executor.submit(() -> EventChain.append(s, event(ALICE, MARKETING, EventKind.WITHDRAWN, T0.plusSeconds(60), "SM-stop")));
          db.awaitLockWaiter(stop);
          proxy.refuse(true);
          holder.rollback();
        } finally {
          executor.shutdown();
        }
        assertThatThrownBy(stop::get).isInstanceOf(ExecutionException.class).cause()
            .isInstanceOf(ConsentStoreException.class).hasMessageNotContaining(ALICE.e164());
        assertThatThrownBy(() -> s.status(tenant, ALICE, MARKETING)).isInstanceOf(ConsentStoreException.class);

        // On MariaDB the append waited inside its open transaction, which the cut rolled back. On
        // PostgreSQL the compare-and-set is one autocommit statement: it ran to its end once the lock
        // was free, and the client cannot know whether it committed (as with any lost commit reply).
        // Either way the write is whole or absent, never half, and the retry below stores it once.
        int events = store.history(tenant, ALICE).size();
        boolean applied = db.dialect == Dialect.POSTGRESQL && events == 2;
        assertThat(events).isEqualTo(applied ? 2 : 1);
        assertThat(store.eventByIdempotencyKey(tenant, "SM-stop").isPresent()).isEqualTo(applied);
        assertThat(store.status(tenant, ALICE, MARKETING).state())
            .isEqualTo(applied ? ConsentState.WITHDRAWN : ConsentState.GRANTED);

        proxy.refuse(false);
        AppendResult again = EventChain.append(s, event(ALICE, MARKETING, EventKind.WITHDRAWN, T0.plusSeconds(60), "SM-stop"));
        assertThat(again).isInstanceOf(applied ? AppendResult.Duplicate.class : AppendResult.Appended.class);
        assertThat(again.event().seq()).isEqualTo(2);
        assertThat(s.status(tenant, ALICE, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
        assertLedgerConsistent(store, List.of(ALICE), MARKETING);
      }
    }

    private void lockSubject(Connection c) throws Exception {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id FROM " + db.table("consent_subject") + " WHERE tenant = ? AND subject_ref = ? FOR UPDATE")) {
        ps.setString(1, tenant);
        ps.setString(2, store.subjectRef(tenant, ALICE));
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).as("subject row exists").isTrue();
        }
      }
    }
  }
}
