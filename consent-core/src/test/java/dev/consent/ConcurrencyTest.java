package dev.consent;

import static dev.consent.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.spi.EventChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Concurrent use")
class ConcurrencyTest {
  @Test
  @DisplayName("8 threads granting and withdrawing the same numbers lose no event; the status is the fold of the ledger")
  void grantsAndWithdrawals() throws Exception {
    Fixture f = new Fixture();
    List<PhoneNumber> numbers = List.of(NY, MIAMI, SF, BERLIN);
    AtomicInteger calls = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 100; i++) {
            PhoneNumber n = numbers.get((thread + i) % numbers.size());
            if ((thread + i) % 3 == 0) {
              f.kit.registry().withdraw(WithdrawRequest.of(n, NEWS));
            } else {
              f.kit.registry().grant(GrantRequest.of(n, NEWS, ConsentMethod.WEB_FORM, Channel.WEB, "v1",
                  Map.of("form", "f")));
            }
            calls.incrementAndGet();
          }
        }));
      }
      for (Future<?> fu : futures) {
        fu.get();
      }
    } finally {
      pool.shutdownNow();
    }
    int events = 0;
    for (PhoneNumber n : numbers) {
      List<ConsentEvent> h = f.kit.registry().history(n);
      events += h.size();
      // all events share one instant: a withdrawal ends every grant before it, and no grant at the
      // same instant undoes a withdrawal (it is not clearly later), so the last withdrawal is in force
      ConsentEvent last = h.stream().filter(e -> e.kind() == EventKind.WITHDRAWN).reduce((a, b) -> b)
          .orElse(h.get(h.size() - 1));
      ConsentStatus status = f.kit.registry().status(n, NEWS);
      assertThat(status.seq()).isEqualTo(last.seq());
      assertThat(status.state()).isEqualTo(last.kind() == EventKind.GRANTED ? ConsentState.GRANTED : ConsentState.WITHDRAWN);
      assertThat(status).isEqualTo(EventChain.replay(f.kit.tenant(), n, NEWS, h));
      assertThat(f.kit.registry().verify(n).isIntact()).isTrue();
    }
    assertThat(events).isEqualTo(calls.get()).isEqualTo(800);
  }

  @Test
  @DisplayName("a STOP webhook delivered by 8 threads at once is recorded once and answered once")
  void duplicateWebhooks() throws Exception {
    Fixture f = new Fixture();
    f.optInByWeb(NY);
    int sentBefore = f.carrier.sentTo(NY).size();
    InboundMessage stop = f.sms(NY, DEALS_SENDER, "STOP");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<InboundResult>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(pool.submit(() -> f.kit.inbound().handle(stop)));
      }
      for (Future<InboundResult> r : results) {
        assertThat(r.get()).isInstanceOfAny(InboundResult.OptedOut.class, InboundResult.Duplicate.class);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(f.kit.registry().history(NY)).filteredOn(e -> e.kind() == EventKind.WITHDRAWN)
        .extracting(ConsentEvent::purposeId).containsExactlyInAnyOrder(MARKETING, ORDERS);
    assertThat(f.carrier.sentTo(NY).size() - sentBefore).isBetween(1, 8);
  }
}
