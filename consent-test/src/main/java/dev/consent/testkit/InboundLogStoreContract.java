package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.InvalidInputException;
import dev.consent.spi.InboundLogStore;
import dev.consent.spi.PurgeResult;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link InboundLogStore}: an inbound message is marked handled once per (tenant,
 * carrier, message id), the first of racing callers wins; retention deletes receipts handled before a
 * cut-off (exclusive) in bounded batches and keeps each one's keyed hash, so a replay, however late,
 * is still a duplicate; tenants and carriers apart. A store's test extends it (or nests a subclass, as
 * {@link ConsentStoreContract} does) and returns its store from {@link #inboundLog()}; every test
 * works in a fresh random tenant.
 */
public abstract class InboundLogStoreContract {

  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  /** The store under test. Called often: return the same instance. */
  protected abstract InboundLogStore inboundLog();

  private String tenant;

  @BeforeEach
  void freshInboundTenant() {
    tenant = "i-" + UUID.randomUUID().toString().substring(0, 12);
  }

  @Test
  @DisplayName("marks a carrier's message once")
  void once() {
    assertThat(inboundLog().inboundHandled(tenant, "twilio", "SM9")).isFalse();
    assertThat(inboundLog().markInboundHandled(tenant, "twilio", "SM9", T0)).isTrue();
    assertThat(inboundLog().markInboundHandled(tenant, "twilio", "SM9", T0)).isFalse();
    assertThat(inboundLog().inboundHandled(tenant, "twilio", "SM9")).isTrue();
    assertThat(inboundLog().inboundHandled(tenant, "vonage", "SM9")).isFalse();
  }

  @Test
  @DisplayName("still knows a message whose receipt retention deleted, and only that one (since 0.4)")
  void afterRetention() {
    inboundLog().markInboundHandled(tenant, "twilio", "SM-old", T0);
    inboundLog().markInboundHandled(tenant, "twilio", "SM-new", T0.plusSeconds(3600));
    PurgeResult r = inboundLog().purgeInboundReceipts(tenant, T0.plusSeconds(60), 10);
    assertThat(r.count()).isEqualTo(1);
    assertThat(r.more()).isFalse();
    assertThat(inboundLog().purgeInboundReceipts(tenant, T0.plusSeconds(60), 10).count())
        .as("the digest left is not a receipt").isZero();
    assertThat(inboundLog().inboundHandled(tenant, "twilio", "SM-old")).isTrue();
    assertThat(inboundLog().inboundHandled(tenant, "twilio", "SM-new")).isTrue();
    assertThat(inboundLog().inboundHandled(tenant, "vonage", "SM-old")).isFalse();
    assertThat(inboundLog().inboundHandled(tenant + "-b", "twilio", "SM-old")).isFalse();
    assertThat(inboundLog().inboundHandled(tenant, "twilio", "SM-ol")).isFalse();
  }

  @Test
  @DisplayName("refuses to mark again a message whose receipt retention deleted: a late replay is still a duplicate")
  void markAfterRetention() {
    assertThat(inboundLog().markInboundHandled(tenant, "twilio", "SM-old", T0)).isTrue();
    assertThat(inboundLog().purgeInboundReceipts(tenant, T0.plusSeconds(60), 10)).isEqualTo(new PurgeResult(1, false));
    assertThat(inboundLog().markInboundHandled(tenant, "twilio", "SM-old", T0.plusSeconds(86_400 * 400L))).isFalse();
    assertThat(inboundLog().inboundHandled(tenant, "twilio", "SM-old")).isTrue();
    assertThat(inboundLog().markInboundHandled(tenant, "vonage", "SM-old", T0.plusSeconds(120))).isTrue();
  }

  @Test
  @DisplayName("keeps carriers and tenants apart: one message id of two carriers or two tenants is two messages")
  void apart() {
    assertThat(inboundLog().markInboundHandled(tenant, "twilio", "SM1", T0)).isTrue();
    assertThat(inboundLog().markInboundHandled(tenant, "vonage", "SM1", T0)).isTrue();
    assertThat(inboundLog().markInboundHandled(tenant + "-other", "twilio", "SM1", T0)).isTrue();
    assertThat(inboundLog().inboundHandled(tenant + "-third", "twilio", "SM1")).isFalse();
    assertThat(inboundLog().inboundHandled(tenant, "twilio", "SM2")).isFalse();
    assertThat(inboundLog().markInboundHandled(tenant + "-other", "twilio", "SM1", T0)).isFalse();
  }

  @Test
  @DisplayName("lets exactly one of many concurrent marks of one message be first")
  void racingMarks() throws Exception {
    Map<String, AtomicInteger> firsts = new ConcurrentHashMap<>();
    ConsentStoreContract.runConcurrently(8, 6, (thread, i) -> {
      String id = "SM-race-" + i;
      if (inboundLog().markInboundHandled(tenant, "twilio", id, T0.plusMillis(thread))) {
        firsts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      }
    });
    assertThat(firsts).hasSize(6).allSatisfy((id, wins) -> assertThat(wins).as(id).hasValue(1));
  }

  @Test
  @DisplayName("retention deletes receipts handled before the cut-off (exclusive) in batches, one tenant's only")
  void purgeBatches() {
    Instant cutoff = T0.plusSeconds(2);
    inboundLog().markInboundHandled(tenant, "twilio", "SM0", T0);
    inboundLog().markInboundHandled(tenant, "vonage", "SM1", T0.plusSeconds(1));
    inboundLog().markInboundHandled(tenant, "twilio", "SM2", cutoff);
    inboundLog().markInboundHandled(tenant + "-other", "twilio", "SM0", T0);

    assertThat(inboundLog().purgeInboundReceipts(tenant, cutoff, 1)).isEqualTo(new PurgeResult(1, true));
    assertThat(inboundLog().purgeInboundReceipts(tenant, cutoff, 1)).isEqualTo(new PurgeResult(1, false));
    assertThat(inboundLog().purgeInboundReceipts(tenant, cutoff, 1)).isEqualTo(new PurgeResult(0, false));
    assertThatThrownBy(() -> inboundLog().purgeInboundReceipts(tenant, cutoff.plusSeconds(60), 0))
        .isInstanceOf(InvalidInputException.class);
    assertThat(inboundLog().purgeInboundReceipts(tenant, cutoff.plusSeconds(1), 10))
        .as("the receipt at the cut-off was kept").isEqualTo(new PurgeResult(1, false));
    assertThat(inboundLog().purgeInboundReceipts(tenant + "-other", cutoff, 10)).isEqualTo(new PurgeResult(1, false));
    for (String[] handled : new String[][] {{"twilio", "SM0"}, {"vonage", "SM1"}, {"twilio", "SM2"}}) {
      assertThat(inboundLog().inboundHandled(tenant, handled[0], handled[1])).as(handled[1]).isTrue();
    }
  }
}
