package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Notice;
import dev.consent.error.ConsentStoreException;
import dev.consent.spi.NoticeStore;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link NoticeStore}: a notice is immutable per (tenant, purpose, version), since
 * grants and receipts cite it: the same notice again is a no-op, another text is refused with {@link
 * ConsentStoreException} and changes nothing, also when callers race; the text is read back to the
 * last character, so its hash still matches; versions, purposes and tenants apart. A store's test
 * extends it (or nests a subclass, as {@link ConsentStoreContract} does) and returns its store from
 * {@link #notices()}; every test works in a fresh random tenant.
 */
public abstract class NoticeStoreContract {

  private static final String MARKETING = "marketing.promotions";
  private static final String ORDERS = "service.order-updates";

  /** The store under test. Called often: return the same instance. */
  protected abstract NoticeStore notices();

  private String tenant;

  @BeforeEach
  void freshNoticeTenant() {
    tenant = "n-" + UUID.randomUUID().toString().substring(0, 12);
  }

  @Test
  @DisplayName("are stored once; the same text again is a no-op, another text is refused")
  void immutable() {
    Notice n = new Notice(MARKETING, "v1", "en", "Yes, text me deals. Reply STOP to cancel.");
    notices().saveNotice(tenant, n);
    notices().saveNotice(tenant, n);
    assertThat(notices().notice(tenant, MARKETING, "v1")).contains(n);
    assertThat(notices().notice(tenant, MARKETING, "v2")).isEmpty();
    assertThatThrownBy(() -> notices().saveNotice(tenant, new Notice(MARKETING, "v1", "en", "changed")))
        .isInstanceOf(ConsentStoreException.class);
    assertThat(notices().notice(tenant, MARKETING, "v1")).contains(n);
  }

  @Test
  @DisplayName("keep versions and purposes apart: each (purpose, version) has its own text")
  void versions() {
    Notice v1 = new Notice(MARKETING, "v1", "en", "Yes, text me deals.");
    Notice v2 = new Notice(MARKETING, "v2", "en", "Yes, text me deals, at most twice a week.");
    Notice orders = new Notice(ORDERS, "v1", "en", "Text me about my orders.");
    notices().saveNotice(tenant, v1);
    notices().saveNotice(tenant, v2);
    notices().saveNotice(tenant, orders);
    assertThat(notices().notice(tenant, MARKETING, "v1")).contains(v1);
    assertThat(notices().notice(tenant, MARKETING, "v2")).contains(v2);
    assertThat(notices().notice(tenant, ORDERS, "v1")).contains(orders);
    assertThat(notices().notice(tenant, ORDERS, "v2")).isEmpty();
    assertThat(notices().notice(tenant, "other.purpose", "v1")).isEmpty();
  }

  @Test
  @DisplayName("read the text back to the last character, the longest text allowed too, so its hash still matches")
  void exactText() {
    String line = "Ja, schickt mir Angebote ✓ 🎉 مرحبا — こんにちは & = ; '--\r\n\t";
    StringBuilder b = new StringBuilder();
    while (b.length() + line.length() <= 20_000) {
      b.append(line);
    }
    b.append("x".repeat(20_000 - b.length()));
    Notice longest = new Notice(MARKETING, "2026-01", "de", b.toString());
    Notice shortest = new Notice(ORDERS, "2026-01", "ar", "✓");
    notices().saveNotice(tenant, longest);
    notices().saveNotice(tenant, shortest);
    Notice read = notices().notice(tenant, MARKETING, "2026-01").orElseThrow();
    assertThat(read.text()).hasSize(20_000).isEqualTo(longest.text());
    assertThat(read).isEqualTo(longest);
    assertThat(read.contentHash()).isEqualTo(longest.contentHash());
    assertThat(notices().notice(tenant, ORDERS, "2026-01")).contains(shortest);
  }

  @Test
  @DisplayName("keep tenants apart: one (purpose, version) may have another text in another tenant")
  void tenants() {
    Notice mine = new Notice(MARKETING, "v1", "en", "Yes, text me deals.");
    Notice theirs = new Notice(MARKETING, "v1", "fr", "Oui, envoyez-moi des offres.");
    notices().saveNotice(tenant, mine);
    notices().saveNotice(tenant + "-other", theirs);
    assertThat(notices().notice(tenant, MARKETING, "v1")).contains(mine);
    assertThat(notices().notice(tenant + "-other", MARKETING, "v1")).contains(theirs);
    assertThat(notices().notice(tenant + "-third", MARKETING, "v1")).isEmpty();
  }

  @Test
  @DisplayName("of callers racing to store one version with different texts exactly one wins; the same text races are no-ops")
  void racing() throws Exception {
    int threads = 8;
    CyclicBarrier start = new CyclicBarrier(threads);
    AtomicInteger stored = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    ConcurrentHashMap<Integer, Notice> tried = new ConcurrentHashMap<>();
    Notice same = new Notice(ORDERS, "v1", "en", "Text me about my orders.");
    ConsentStoreContract.runConcurrently(threads, 1, (thread, i) -> {
      Notice n = new Notice(MARKETING, "v1", "en", "Yes, text me deals (" + thread + ").");
      tried.put(thread, n);
      start.await();
      notices().saveNotice(tenant, same);
      try {
        notices().saveNotice(tenant, n);
        stored.incrementAndGet();
      } catch (ConsentStoreException e) {
        refused.incrementAndGet();
      }
    });
    assertThat(stored.get()).isEqualTo(1);
    assertThat(refused.get()).isEqualTo(threads - 1);
    Notice winner = notices().notice(tenant, MARKETING, "v1").orElseThrow();
    assertThat(List.copyOf(tried.values())).contains(winner);
    assertThat(notices().notice(tenant, ORDERS, "v1")).contains(same);
  }
}
