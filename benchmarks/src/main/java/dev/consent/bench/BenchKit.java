package dev.consent.bench;

import dev.consent.Channel;
import dev.consent.ConsentMethod;
import dev.consent.EventKind;
import dev.consent.Notice;
import dev.consent.PhoneNumber;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.Suppression;
import dev.consent.SuppressionReason;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.EventChain;
import dev.consent.spi.NewEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The configuration every benchmark uses (like consent-core's test Fixture): one marketing purpose
 * with double opt-in and a two-year validity, one service purpose on a contract basis, both sent as
 * the "deals" program; a fixed clock inside allowed hours everywhere (19:00 UTC on a Monday: 14:00
 * in New York, 09:00 in Honolulu, 20:00 in Berlin).
 */
final class BenchKit {
  static final String SENDER = "+14155550100";
  /** One fixed pseudonym key for every store of the benchmarks, so data loaded by one fork is found by the next. */
  static final dev.consent.spi.KeyProvider KEYS = new FixedKeys();

  /** Fixed keys, so a database loaded by one run is readable by the next (benchmarks only). */
  private static final class FixedKeys implements dev.consent.spi.KeyProvider {
    private static final byte[] BYTES =
        "consent-benchmarks-fixed-key-32b".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final dev.consent.spi.FieldCipher.DataKey KEK =
        new dev.consent.spi.FieldCipher.DataKey("bench-kek", new javax.crypto.spec.SecretKeySpec(BYTES, "AES"));
    private final dev.consent.spi.FieldCipher cipher = new dev.consent.spi.FieldCipher();

    @Override
    public javax.crypto.SecretKey pseudonymKey(String tenant) {
      return new javax.crypto.spec.SecretKeySpec(BYTES, "HmacSHA256");
    }

    @Override
    public dev.consent.spi.WrappedKey wrapDataKey(String tenant, javax.crypto.SecretKey dataKey) {
      return new dev.consent.spi.WrappedKey(KEK.id(),
          cipher.sealBytes(KEK, tenant, "data-key", "", dataKey.getEncoded()));
    }

    @Override
    public javax.crypto.SecretKey unwrapDataKey(String tenant, dev.consent.spi.WrappedKey wrapped) {
      return new javax.crypto.spec.SecretKeySpec(
          cipher.openBytes(KEK.key(), tenant, "data-key", "", wrapped.bytes()), "AES");
    }
  }
  static final String MARKETING = "marketing.promotions";
  static final String ORDERS = "service.order-updates";
  static final Instant NOW = Instant.parse("2026-03-02T19:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static final Program DEALS = new Program("deals", "ACME Deals", List.of(SENDER), "Up to 4 msgs/month",
      Map.of("en", "ACME Deals: help at acme.example/help or 1-800-555-0100. Up to 4 msgs/month. Reply STOP to cancel."),
      List.of("JOIN", "DEALS"), "en");
  static final Purpose MARKETING_PURPOSE =
      Purpose.marketing(MARKETING, "Offers and discounts by SMS", DEALS, Duration.ofDays(730));
  static final Purpose ORDERS_PURPOSE = Purpose.service(ORDERS, "Order and delivery updates", DEALS);
  static final Notice NOTICE = new Notice(MARKETING, "v1", "en",
      "Yes, text me offers from ACME Deals (up to 4 msgs/month). Msg & data rates may apply. Reply STOP to cancel.");

  private static final SortedMap<String, String> WEB_EVIDENCE = new TreeMap<>(Map.of("form", "https://acme.example/join"));

  private BenchKit() {}

  static ConsentKit kit(ConsentStore store, RecordingCarrier carrier) {
    return kit(ConsentKit.DEFAULT_TENANT, store, carrier);
  }

  static ConsentKit kit(String tenant, ConsentStore store, dev.consent.spi.SmsCarrier carrier) {
    return ConsentKit.builder()
        .tenant(tenant)
        .store(store)
        .carrier(carrier)
        .clock(CLOCK)
        .purposes(MARKETING_PURPOSE, ORDERS_PURPOSE)
        .notices(NOTICE)
        .build();
  }

  /** How many events, statuses and suppressions a population wrote. */
  record Loaded(long events, long statuses, long suppressions) {
    Loaded plus(Loaded o) {
      return new Loaded(events + o.events, statuses + o.statuses, suppressions + o.suppressions);
    }
  }

  /**
   * Writes one number's history through the store's own {@code append}, so that chains, hashes and
   * statuses are what production would hold. The mix, drawn from {@code r}: marketing 55% granted
   * (over the last 800 days, so about one in twelve is past its 730-day validity), 10% granted then
   * withdrawn, 5% pending double opt-in, 30% nothing; order updates withdrawn by 4%; 1% of numbers
   * suppressed (STOP ALL).
   */
  static Loaded populate(ConsentStore store, String tenant, PhoneNumber n, int index, Random r) {
    long events = 0;
    long statuses = 0;
    int m = r.nextInt(100);
    Instant granted = NOW.minus(Duration.ofMinutes(1 + r.nextInt(800 * 24 * 60)));
    if (m < 65) {
      append(store, tenant, n, MARKETING, EventKind.GRANTED, granted, "v1", index, 0);
      events++;
      statuses++;
      if (m >= 55) {
        append(store, tenant, n, MARKETING, EventKind.WITHDRAWN, granted.plus(Duration.ofHours(1)), null, index, 1);
        events++;
      }
    } else if (m < 70) {
      append(store, tenant, n, MARKETING, EventKind.REQUESTED, NOW.minus(Duration.ofHours(1)), "v1", index, 0);
      events++;
      statuses++;
    }
    if (r.nextInt(100) < 4) {
      append(store, tenant, n, ORDERS, EventKind.WITHDRAWN, granted, null, index, 2);
      events++;
      statuses++;
    }
    long suppressions = 0;
    if (r.nextInt(100) < 1) {
      store.suppress(new Suppression(tenant, n, Suppression.ALL, SuppressionReason.STOP_ALL, granted,
          new TreeMap<>(Map.of("inboundMessageId", "SMbench" + index))));
      suppressions++;
    }
    return new Loaded(events, statuses, suppressions);
  }

  static void append(ConsentStore store, String tenant, PhoneNumber n, String purpose, EventKind kind, Instant at,
      String notice, int index, int k) {
    ConsentMethod method = kind == EventKind.WITHDRAWN ? ConsentMethod.SMS_KEYWORD : ConsentMethod.WEB_FORM;
    Channel channel = kind == EventKind.WITHDRAWN ? Channel.SMS : Channel.WEB;
    EventChain.append(store, new NewEvent("ev-" + tenant + "-" + index + "-" + k, tenant, n, purpose, kind, method, channel,
        WEB_EVIDENCE, notice, at, at, null, false));
  }
}
