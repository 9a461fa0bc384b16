package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Channel;
import dev.consent.ConsentEvent;
import dev.consent.ConsentMethod;
import dev.consent.DeliveryState;
import dev.consent.EventKind;
import dev.consent.MessageRecord;
import dev.consent.Notice;
import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import dev.consent.SuppressionReason;
import dev.consent.error.ConsentStoreException;
import dev.consent.error.InvalidInputException;
import dev.consent.reliability.Figures;
import dev.consent.reliability.Hostile;
import dev.consent.reliability.Quiet;
import dev.consent.spi.AppendResult;
import dev.consent.spi.EventChain;
import dev.consent.spi.NewEvent;
import dev.consent.spi.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every string the store writes to or looks up in SQL, tried with injection payloads (quotes,
 * comments, stacked statements, backslashes for MySQL, LIKE wildcards, NUL, lone surrogates, emoji):
 * each value either round-trips exactly or is refused with a typed exception, and another tenant's
 * records and every table survive.
 */
@org.junit.jupiter.api.extension.ExtendWith(dev.consent.testkit.LogCheck.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SqlInjectionTestBase {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final PhoneNumber CANARY = PhoneNumber.parse("+14155550101");
  private TestDatabases.TestDb db;
  private JdbcConsentStore store;

  protected abstract TestDatabases.TestDb open();

  @BeforeAll
  void start() {
    db = open();
    store = db.builder(db.pool(4)).build();
    store.migrate();
  }

  @AfterAll
  void stop() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  private interface Probe {
    void run() throws Exception;
  }

  /** Runs one probe: it must round-trip (its own assertions) or fail with a typed exception. */
  private void probe(Figures figures, String field, String payload, Probe p) throws Exception {
    figures.inc("inputs");
    try {
      p.run();
      figures.inc("roundTrips");
    } catch (InvalidInputException e) {
      figures.inc("rejectedAsInvalid");
    } catch (AssertionError e) {
      throw new AssertionError(field + " did not round-trip payload " + escaped(payload) + ": " + escaped(e.getMessage()), e);
    } catch (ConsentStoreException e) {
      figures.inc("refusedByDatabase");
      assertThat(e.getMessage()).as("store error message for %s", field).doesNotContain(payload.length() > 3 ? payload : "\u0001");
      refused.merge(field, 1, Integer::sum);
    }
  }

  private final Map<String, Integer> refused = new java.util.TreeMap<>();
  private static boolean lenient;

  /**
   * A value as a UTF-8 database keeps it: an unpaired surrogate (not encodable in UTF-8) becomes
   * '?' or U+FFFD (the core makes sealed text well-formed first, so chains still verify).
   */
  private static String u(Object value) {
    if (lenient) {
      return "(not compared: MariaDB Connector/J garbles unpaired surrogates in unsealed text)";
    }
    return new String(fields(value).getBytes(java.nio.charset.StandardCharsets.UTF_8),
        java.nio.charset.StandardCharsets.UTF_8).replace('\uFFFD', '?');
  }

  /** Every component of a record, in full: a record's toString masks its personal fields. */
  private static String fields(Object value) {
    if (value instanceof Record r) {
      StringBuilder b = new StringBuilder(r.getClass().getSimpleName()).append('[');
      for (java.lang.reflect.RecordComponent c : r.getClass().getRecordComponents()) {
        try {
          b.append(c.getName()).append('=').append(fields(c.getAccessor().invoke(r))).append(", ");
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
      return b.append(']').toString();
    }
    if (value instanceof java.util.Collection<?> c) {
      return c.stream().map(SqlInjectionTestBase::fields).toList().toString();
    }
    if (value instanceof PhoneNumber n) {
      return n.e164();
    }
    return String.valueOf(value);
  }

  /** At most {@code max} chars, never splitting a surrogate pair (the payload's own oddities stay). */
  private static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) && Character.isLowSurrogate(s.charAt(max)) ? max - 1 : max;
    return s.substring(0, end);
  }

  private static boolean unpaired(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static String escaped(String s) {
    StringBuilder b = new StringBuilder();
    s.chars().forEach(c -> b.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
    return b.toString();
  }

  @Test
  @DisplayName("injection payloads in every stored or looked-up string round-trip or are refused typed; nothing else changes")
  void payloads() throws Exception {
    Figures figures = new Figures("sql-injection/" + db.dialect.name().toLowerCase(java.util.Locale.ROOT));
    long started = System.currentTimeMillis();
    Quiet quiet = Quiet.logs();
    String canaryTenant = "canary" + UUID.randomUUID().toString().substring(0, 8);
    String tenant = "inj" + UUID.randomUUID().toString().substring(0, 8);
    EventChain.append(store, event(canaryTenant, CANARY, new TreeMap<>(Map.of("form", "f")), "canary-key"));
    store.suppress(new Suppression(canaryTenant, CANARY, Suppression.ALL, SuppressionReason.HOST, T0,
        new TreeMap<>(Map.of("why", "canary"))));
    List<String> payloads = new ArrayList<>(Hostile.INJECTIONS);
    Hostile h = new Hostile(Hostile.seed());
    for (int i = 0; i < Hostile.inputs(40); i++) {
      payloads.add(h.text(60));
    }
    try {
      int i = 0;
      for (String p : payloads) {
        if (p.isBlank()) {
          p = p + "x";
        }
        String payload = p;
        int index = i++;
        PhoneNumber n = PhoneNumber.parse(String.format("+1212555%04d", 1000 + index));
        String cut64 = cut(payload, 56);
        String tag = index + "-";
        probe(figures, "evidence", payload, () -> {
          TreeMap<String, String> evidence = new TreeMap<>(Map.of("k" + cut64, payload, "v", payload));
          AppendResult r = EventChain.append(store, event(tenant, n, evidence, "key-" + tag + payload));
          assertThat(r).isInstanceOf(AppendResult.Appended.class);
          List<ConsentEvent> history = store.history(tenant, n);
          assertThat(history).hasSize(1);
          assertThat(u(history.get(0).evidence())).isEqualTo(u(evidence));
          assertThat(EventChain.verify(n, history).isIntact()).isTrue();
          assertThat(u(history.get(0).idempotencyKey())).isEqualTo(u(event(tenant, n, evidence, "key-" + tag + payload).idempotencyKey()));
          assertThat(store.eventByIdempotencyKey(tenant, history.get(0).idempotencyKey())).contains(history.get(0));
        });
        probe(figures, "idempotency key lookup", payload,
            () -> assertThat(store.eventByIdempotencyKey(tenant, payload)).isEmpty());
        probe(figures, "purpose lookup", payload,
            () -> assertThat(store.status(tenant, n, payload).seq()).isZero());
        probe(figures, "notice text", payload, () -> {
          Notice notice = new Notice("marketing.promotions", "v" + index, "en", "Text me: " + payload);
          store.saveNotice(tenant, notice);
          assertThat(u(store.notice(tenant, notice.purposeId(), notice.version()).orElseThrow())).isEqualTo(u(notice));
        });
        // unsealed text (scopes, message log, ids) need not survive an unpaired surrogate exactly on MariaDB
        lenient = db.dialect == Dialect.MARIADB && unpaired(payload);
        probe(figures, "suppression scope", payload, () -> {
          String scope = Suppression.senderScope(cut(payload, 70));
          store.suppress(new Suppression(tenant, n, scope, SuppressionReason.CARRIER_REPORT, T0,
              new TreeMap<>(Map.of("why", payload))));
          assertThat(store.suppressions(tenant, n)).extracting(x -> u(x.scope())).containsExactly(u(scope));
          figures.inc(lenient ? "scopesGarbledByDriver" : "scopesExact");
          assertThat(store.lift(tenant, n, scope)).isTrue();
          assertThat(store.suppressions(tenant, n)).isEmpty();
        });
        probe(figures, "message log", payload, () -> {
          String cmid = "C" + tag + cut64;
          MessageRecord m = new MessageRecord(tenant, "M" + tag + cut64, n, null, "deals", "S" + cut64, "twilio", cmid, T0,
              DeliveryState.ACCEPTED, null, payload);
          store.logMessage(m);
          assertThat(u(store.messages(tenant, n))).isEqualTo(u(List.of(m)));
          assertThat(u(store.messageByCarrierId(tenant, cmid).orElseThrow())).isEqualTo(u(m));
          String code = cut(payload, 30);
          assertThat(u(store.updateDelivery(tenant, cmid, DeliveryState.DELIVERED, code).orElseThrow()))
              .isEqualTo(u(m.withDelivery(DeliveryState.DELIVERED, code)));
        });
        probe(figures, "inbound message id", payload, () -> {
          String id = tag + cut(payload, 120);
          assertThat(store.inboundHandled(tenant, "twilio", id)).isFalse();
          assertThat(store.markInboundHandled(tenant, "twilio", id, T0)).isTrue();
          assertThat(store.inboundHandled(tenant, "twilio", id)).isTrue();
          assertThat(store.markInboundHandled(tenant, "twilio", id, T0)).isFalse();
        });
        probe(figures, "rate-limit key", payload, () -> {
          String key = tag + cut(payload, 120);
          List<RateLimit> limit = List.of(new RateLimit(key, 1, Duration.ofHours(1)));
          assertThat(store.tryAcquire(tenant, limit, T0)).isTrue();
          assertThat(store.tryAcquire(tenant, limit, T0.plusSeconds(1))).isFalse();
        });
      }
      // the other tenant's records and every table are intact
      assertThat(store.history(canaryTenant, CANARY)).hasSize(1);
      assertThat(store.suppressions(canaryTenant, CANARY)).hasSize(1);
      assertThat(EventChain.append(store, event(canaryTenant, CANARY, new TreeMap<>(Map.of("form", "f")), "canary-2")))
          .isInstanceOf(AppendResult.Appended.class);
      assertThat(EventChain.verify(CANARY, store.history(canaryTenant, CANARY)).isIntact()).isTrue();
      assertThat(store.migrate()).as("schema unchanged").isEmpty();
    } finally {
      quiet.restore();
      figures.print(System.currentTimeMillis() - started);
      if (!refused.isEmpty()) {
        System.out.println("[reliability]   refused by the database (NUL in text on PostgreSQL), per field: " + refused);
      }
    }
  }

  private static NewEvent event(String tenant, PhoneNumber n, TreeMap<String, String> evidence, String key) {
    String k = cut(key, 200);
    return new NewEvent(NewEvent.newId(), tenant, n, "marketing.promotions", EventKind.WITHDRAWN, ConsentMethod.SMS_KEYWORD,
        Channel.SMS, evidence, null, T0, T0, k, false);
  }
}
