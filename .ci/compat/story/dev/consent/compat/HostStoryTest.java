package dev.consent.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.DenyReason;
import dev.consent.GateDecision;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.Notice;
import dev.consent.OptInStart;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.WebOptIn;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The story a host runs with the Twilio and Vonage SDKs on its class path: each SDK parses a carrier
 * answer with the Jackson Maven resolved, then the library builds a kit on H2 and on PostgreSQL, takes
 * a web double opt-in confirmed by YES, a STOP after which the gate denies, and writes the export and
 * the proof (JSON through the same Jackson). Any NoSuchMethodError of a mixed Jackson fails it.
 */
class HostStoryTest {
  private static final Instant MONDAY_11_NY = Instant.parse("2026-03-02T16:00:00Z");
  private static final String SENDER = "+14155550100";

  @Test
  void jacksonIsTheOneExpected() {
    String expected = System.getProperty("compat.jackson", "");
    String databind = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
    String core = com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString();
    System.out.println("[compat] jackson-databind " + databind + ", jackson-core " + core);
    assertThat(core).as("jackson-core pairs with jackson-databind").isEqualTo(databind);
    if (!expected.isBlank()) {
      assertThat(databind).isEqualTo(expected);
    }
  }

  @Test
  void twilioSdkParsesWithThisJackson() {
    String json = "{\"sid\":\"SM0123456789abcdef0123456789abcdef\",\"status\":\"queued\",\"to\":\"+12125550123\","
        + "\"from\":\"+14155550100\",\"body\":\"Hi\",\"num_segments\":\"1\",\"date_created\":\"Mon, 02 Mar 2026 16:00:00 +0000\"}";
    com.twilio.rest.api.v2010.account.Message m = com.twilio.rest.api.v2010.account.Message.fromJson(json, new ObjectMapper());
    assertThat(m.getSid()).isEqualTo("SM0123456789abcdef0123456789abcdef");
  }

  @Test
  void vonageSdkParsesWithThisJackson() {
    String json = "{\"message-count\":\"1\",\"messages\":[{\"to\":\"12125550123\",\"message-id\":\"0A0000000123ABCD1\","
        + "\"status\":\"0\",\"remaining-balance\":\"3.14\",\"message-price\":\"0.03\",\"network\":\"12345\"}]}";
    com.vonage.client.sms.SmsSubmissionResponse r = com.vonage.client.sms.SmsSubmissionResponse.fromJson(json);
    assertThat(r.getMessageCount()).isEqualTo(1);
  }

  @Test
  void storyOnH2() throws Exception {
    org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
    ds.setURL("jdbc:h2:mem:compat-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    story(ds, null);
  }

  @Test
  void storyOnPostgres() throws Exception {
    org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
    ds.setURL("jdbc:postgresql://127.0.0.1:5432/test");
    ds.setUser("postgres");
    String schema = "compat_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (java.sql.SQLException e) {
      Assumptions.assumeFalse(Boolean.getBoolean("compat.requirePostgres"), () -> "PostgreSQL required: " + e);
      Assumptions.abort("PostgreSQL not reachable on 127.0.0.1:5432: " + e.getMessage());
    }
    try {
      story(ds, schema);
    } finally {
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private static void story(DataSource ds, String schema) {
    JdbcConsentStore.Builder b = JdbcConsentStore.builder(ds).keysInDatabase();
    JdbcConsentStore store = (schema == null ? b : b.schema(schema)).build();
    store.migrate();
    Program deals = Program.of("deals", "ACME Deals", SENDER, "Up to 4 msgs/month",
        "ACME Deals: help at acme.example/help. Reply STOP to cancel.");
    Purpose marketing = Purpose.marketing("marketing.promotions", "Offers by SMS", deals, Duration.ofDays(730));
    Clock clock = Clock.fixed(MONDAY_11_NY, ZoneOffset.UTC);
    ConsentKit kit = ConsentKit.builder().store(store).carrier(new RecordingCarrier()).clock(clock).purposes(marketing)
        .notices(new Notice(marketing.id(), "v1", "en", "Yes, text me offers from ACME Deals. Reply STOP to cancel."))
        .build();
    PhoneNumber n = PhoneNumber.parse("+12125550123");
    assertThat(kit.doubleOptIn().start(WebOptIn.of(n, marketing.id(), "v1"))).isInstanceOf(OptInStart.Started.class);
    assertThat(kit.inbound().handle(InboundMessage.of("recording", "SMyes", n, SENDER, "YES", clock.instant())))
        .isInstanceOf(InboundResult.Confirmed.class);
    assertThat(kit.gate().check(OutboundMessage.of(n, marketing.id(), "20% off today"))).isInstanceOf(GateDecision.Allowed.class);
    assertThat(kit.inbound().handle(InboundMessage.of("recording", "SMstop", n, SENDER, "STOP", clock.instant())))
        .isInstanceOf(InboundResult.OptedOut.class);
    assertThat(kit.gate().check(OutboundMessage.of(n, marketing.id(), "20% off today")))
        .isInstanceOfSatisfying(GateDecision.Denied.class, d -> assertThat(d.reason()).isEqualTo(DenyReason.WITHDRAWN));
    assertThat(kit.registry().export(n).toJson()).contains("marketing.promotions");
    assertThat(kit.registry().proof(n, marketing.id()).toJson()).contains("WITHDRAWN");
    assertThat(kit.registry().verify(n).isIntact()).isTrue();
  }
}
