package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.CarrierAction;
import dev.consent.ConsentState;
import dev.consent.GateDecision;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.LawfulBasis;
import dev.consent.MessageClass;
import dev.consent.Notice;
import dev.consent.OptInSettings;
import dev.consent.OptInStart;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.WebOptIn;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import dev.consent.reliability.ConsentModelSuite;
import dev.consent.reliability.Figures;
import dev.consent.reliability.Quiet;
import dev.consent.spi.EventChain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two application instances (own store, own pool of 8) with 8 threads each handle webhooks for the
 * same few numbers through the full inbound path: no text is lost or recorded twice, every chain
 * verifies, statuses follow each number's last text, and a STOP racing the YES that confirms a
 * double opt-in always wins when it was sent last.
 */
@org.junit.jupiter.api.extension.ExtendWith(dev.consent.testkit.LogCheck.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InboundRaceTestBase {
  private static final int THREADS_PER_INSTANCE = 8;
  private TestDatabases.TestDb db;
  private final List<JdbcConsentStore> stores = new ArrayList<>();

  protected abstract TestDatabases.TestDb open();

  @BeforeAll
  void start() {
    db = open();
    for (int i = 0; i < 2; i++) {
      stores.add(db.builder(db.pool(THREADS_PER_INSTANCE)).build());
    }
    stores.get(0).migrate();
  }

  @AfterAll
  void stop() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  private String name() {
    return db.dialect.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Test
  @DisplayName("2 instances x 8 threads on the same 4 numbers, each webhook delivered twice at once: nothing lost or duplicated")
  void sameNumbers() throws Exception {
    Figures figures = new Figures("races/" + name());
    long started = System.currentTimeMillis();
    Quiet quiet = Quiet.logs();
    try {
      List<ConsentKit> kits = List.of(InboundWorkload.kit(stores.get(0)), InboundWorkload.kit(stores.get(1)));
      InboundWorkload work = new InboundWorkload(4, figures);
      int rounds = Integer.getInteger("consent.races.rounds", ConsentModelSuite.longProfile() ? 400 : 40);
      int threads = 2 * THREADS_PER_INSTANCE;
      CyclicBarrier barrier = new CyclicBarrier(threads);
      runAll(threads, t -> {
        ConsentKit kit = kits.get(t % 2);
        for (int i = 0; i < rounds; i++) {
          // pairs of threads on both instances deliver the same webhook at the same moment
          PhoneNumber n = work.numbers.get((t / 2 + i) % work.numbers.size());
          InboundWorkload.Text text = shared(work, n, t, i);
          barrier.await();
          figures.inc("races");
          assertThat(work.deliver(kit, text)).as("no fault is injected here").isTrue();
        }
      });
      work.verify(stores.get(1), ConsentKit.DEFAULT_TENANT);
    } finally {
      quiet.restore();
      figures.print(System.currentTimeMillis() - started);
    }
  }

  /** The text of pair {@code t / 2} in round {@code i}: created by the even thread, picked up by the odd one. */
  private final Map<String, InboundWorkload.Text> pairs = new java.util.concurrent.ConcurrentHashMap<>();

  private InboundWorkload.Text shared(InboundWorkload work, PhoneNumber n, int thread, int round) throws Exception {
    String key = (thread / 2) + ":" + round;
    if (thread % 2 == 0) {
      InboundWorkload.Text t = work.next(n);
      pairs.put(key, t);
      return t;
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!pairs.containsKey(key)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("pair text never created");
      }
      Thread.onSpinWait();
    }
    return pairs.get(key);
  }

  @Test
  @DisplayName("a STOP sent after the YES wins whichever instance handles which first; the gate then denies")
  void stopRacesConfirmation() throws Exception {
    Figures figures = new Figures("races-doi/" + name());
    long started = System.currentTimeMillis();
    Quiet quiet = Quiet.logs();
    try {
      String sender = "+14155550100";
      Program deals = new Program("deals", "ACME Deals", List.of(sender), "Up to 4 msgs/month",
          Map.of("en", "ACME Deals: help at acme.example/help. Reply STOP to cancel."), List.of("JOIN"), "en");
      Purpose promo = new Purpose("marketing.promotions", "Offers", LawfulBasis.CONSENT, MessageClass.MARKETING, true,
          null, Duration.ofDays(1095), deals);
      Notice notice = new Notice(promo.id(), "v1", "en", "Yes, text me offers.");
      OptInSettings unlimited = OptInSettings.defaults().withLimits(10_000, 10_000, 100_000, 10_000, Duration.ofHours(1));
      // two instances serving the same tenant
      String tenant = "doi" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
      ConsentKit a = ConsentKit.builder().tenant(tenant).store(stores.get(0)).carrier(new RecordingCarrier("twilio"))
          .clock(Clock.systemUTC()).purposes(promo).notices(notice).optIn(unlimited).build();
      ConsentKit b = ConsentKit.builder().tenant(tenant).store(stores.get(1)).carrier(new RecordingCarrier("twilio"))
          .clock(Clock.systemUTC()).purposes(promo).notices(notice).optIn(unlimited).build();
      int rounds = Integer.getInteger("consent.races.doiRounds", ConsentModelSuite.longProfile() ? 200 : 24);
      for (int i = 0; i < rounds; i++) {
        PhoneNumber n = PhoneNumber.parse(String.format("+1212555%04d", 1000 + i));
        assertThat(a.doubleOptIn().start(WebOptIn.of(n, promo.id(), "v1"))).isInstanceOf(OptInStart.Started.class);
        // the person replies YES, then STOP a millisecond later; the two webhooks reach different instances at once
        Instant sent = Instant.now().plusMillis(1);
        InboundMessage yes = new InboundMessage("twilio", "SMy" + i, n, sender, "YES", sent, true, CarrierAction.NONE,
            null);
        InboundMessage stop = new InboundMessage("twilio", "SMs" + i, n, sender, "STOP", sent.plusMillis(1), true,
            CarrierAction.NONE, null);
        CyclicBarrier go = new CyclicBarrier(2);
        boolean yesOnA = i % 2 == 0;
        List<InboundResult> results = new ArrayList<>();
        runAll(2, t -> {
          go.await();
          InboundResult r = (t == 0 ? (yesOnA ? a : b) : (yesOnA ? b : a)).inbound().handle(t == 0 ? yes : stop);
          synchronized (results) {
            results.add(r);
          }
        });
        figures.inc("races");
        assertThat(a.registry().verify(n).isIntact()).isTrue();
        var status = b.registry().status(n, promo.id());
        assertThat(status).isEqualTo(EventChain.replay(a.tenant(), n, promo.id(), a.registry().history(n)));
        GateDecision d = b.gate().check(OutboundMessage.of(n, promo.id(), "Deals!"));
        if (d.isAllowed()) {
          figures.inc("wronglyAllowed");
        }
        assertThat(status.state()).as("status after YES then STOP (results %s)", results).isEqualTo(ConsentState.WITHDRAWN);
        assertThat(d.isAllowed()).isFalse();
      }
      figures.add("wronglyAllowed", 0);
    } finally {
      quiet.restore();
      figures.print(System.currentTimeMillis() - started);
    }
  }

  private interface Body {
    void run(int thread) throws Exception;
  }

  private static void runAll(int threads, Body body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        fs.add(pool.submit(() -> {
          body.run(thread);
          return null;
        }));
      }
      // the first failure ends the run: the other threads would wait for it at the barrier for ever
      for (boolean all = false; !all; ) {
        all = true;
        for (Future<?> f : fs) {
          if (!f.isDone()) {
            all = false;
            continue;
          }
          try {
            f.get();
          } catch (ExecutionException e) {
            throw new AssertionError(e.getCause().getMessage(), e.getCause());
          }
        }
        if (!all) {
          Thread.sleep(20);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
