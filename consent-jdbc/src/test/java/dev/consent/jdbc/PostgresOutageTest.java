package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.PhoneNumber;
import dev.consent.kit.ConsentKit;
import dev.consent.reliability.Figures;
import dev.consent.reliability.Quiet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL crashes, restarts, and loses its connections while four threads handle webhooks and
 * ask the gate: during each outage the gate denies with STORE_UNAVAILABLE and inbound handling
 * throws (the host answers 5xx, the carrier retries); afterwards the same kit and pool carry on,
 * and no text is lost or recorded twice. Runs on a throwaway cluster of its own ({@link
 * ThrowawayPostgres}) behind a {@link CutProxy}, never on the shared server.
 */
@org.junit.jupiter.api.extension.ExtendWith(dev.consent.testkit.LogCheck.class)
@DisplayName("JdbcConsentStore on PostgreSQL through crashes, restarts and cut connections")
class PostgresOutageTest {
  private static final int THREADS = 4;
  /** Rounds of crash, cuts, refusal and restart: {@code -Dconsent.outage.cycles}, default 1 (5 in the long profile). */
  private static final int CYCLES = Integer.getInteger("consent.outage.cycles",
      dev.consent.reliability.ConsentModelSuite.longProfile() ? 5 : 1);

  @Test
  @DisplayName("fails closed during each outage, resumes without a restart, and loses or duplicates nothing")
  void outages() throws Exception {
    Figures figures = new Figures("outage/postgresql");
    long started = System.currentTimeMillis();
    Quiet quiet = Quiet.logs();
    try (ThrowawayPostgres pg = ThrowawayPostgres.startOrSkip(); CutProxy proxy = new CutProxy(pg.hostPort())) {
      TestDatabases.TestDb db = new TestDatabases.TestDb(Dialect.POSTGRESQL, pg.jdbcUrl(), "postgres", pg.hostPort(),
          "ct_outage");
      JdbcConsentStore store = db.builder(db.poolVia(8, proxy.port())).build();
      store.migrate();
      ConsentKit kit = InboundWorkload.kit(store);
      InboundWorkload work = new InboundWorkload(16, figures);
      AtomicBoolean down = new AtomicBoolean();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < THREADS; w++) {
        List<PhoneNumber> mine = new ArrayList<>();
        for (int i = w; i < work.numbers.size(); i += THREADS) {
          mine.add(work.numbers.get(i));
        }
        workers.add(pool.submit(() -> {
          while (!stop.get()) {
            for (PhoneNumber n : mine) {
              InboundWorkload.Text t = work.next(n);
              boolean downBefore = down.get();
              boolean handled = work.deliver(kit, t);
              if (downBefore && down.get()) {
                // handled = its commit's reply was already in flight when the cut came; verify() checks it
                figures.inc(handled ? "inboundHandledFromBufferedReply" : "inboundFailedWhileDown");
              }
              work.checkGate(kit, n, down::get);
              work.retryOne(kit);
            }
          }
          return null;
        }));
      }
      try {
        Thread.sleep(1500);
        for (int cycle = 0; cycle < CYCLES; cycle++) {
          outage(figures, "crashes", down, () -> pg.stop(true), pg::start);
          for (int i = 0; i < 3; i++) {
            proxy.cutAll();
            figures.inc("faults");
            figures.inc("connectionCuts");
            Thread.sleep(400);
          }
          Thread.sleep(800);
          outage(figures, "refusedConnections", down, () -> proxy.refuse(true), () -> proxy.refuse(false));
          outage(figures, "restarts", down, () -> pg.stop(false), pg::start);
        }
      } finally {
        stop.set(true);
        pool.shutdown();
      }
      for (Future<?> f : workers) {
        try {
          f.get();
        } catch (ExecutionException e) {
          throw new AssertionError(e.getCause().getMessage(), e.getCause());
        }
      }
      work.drain(kit, Duration.ofSeconds(60));
      work.verify(store, ConsentKit.DEFAULT_TENANT);
      assertThat(figures.get("inboundFailedWhileDown")).as("webhooks refused during the outages").isPositive();
      assertThat(figures.get("deniedStoreUnavailable")).as("gate checks denied during the outages").isPositive();
      db.close();
    } finally {
      quiet.restore();
      figures.print(System.currentTimeMillis() - started);
    }
  }

  private interface Action {
    void run() throws Exception;
  }

  /** Takes the database away for three seconds while the workers go on (each call then waits up to 1 s for a connection), then brings it back. */
  private static void outage(Figures figures, String kind, AtomicBoolean down, Action fail, Action recover)
      throws Exception {
    fail.run();
    down.set(true);
    figures.inc("faults");
    figures.inc(kind);
    Thread.sleep(3000);
    down.set(false);
    recover.run();
    Thread.sleep(1500);
  }
}
