package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Channel;
import dev.consent.ConsentMethod;
import dev.consent.ConsentState;
import dev.consent.DenyReason;
import dev.consent.GateDecision;
import dev.consent.GrantRequest;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.LawfulBasis;
import dev.consent.MessageClass;
import dev.consent.Notice;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.error.ConsentStoreException;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import dev.consent.testkit.Needs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The gate and inbound handling on top of the JDBC store while PostgreSQL is unreachable (a proxy
 * refuses and cuts connections): fail closed, surface the STOP as an error, recover without restart.
 */
@Needs(TestDatabases.Postgres.class)
@org.junit.jupiter.api.extension.ExtendWith(dev.consent.testkit.LogCheck.class)
@DisplayName("The kit on PostgreSQL during an outage")
class GateOverJdbcOutageTest {
  static final PhoneNumber NUMBER = PhoneNumber.parse("+12125550123");
  static final Program PROGRAM = Program.of("news", "ACME News", "+14155550200", "1 msg/week",
      "ACME News: help at acme.example. Reply STOP to cancel.");
  static final Purpose NEWS = new Purpose("marketing.news", "Weekly news", LawfulBasis.CONSENT,
      MessageClass.MARKETING, false, null, Duration.ofDays(365), PROGRAM);

  TestDatabases.TestDb db;
  CutProxy proxy;
  ConsentKit kit;

  @BeforeEach
  void open() throws Exception {
    db = TestDatabases.postgres();
    proxy = new CutProxy(db.hostPort);
    JdbcConsentStore store = db.builder(db.poolVia(2, proxy.port())).build();
    store.migrate();
    kit = ConsentKit.builder().store(store).carrier(new RecordingCarrier())
        .clock(Clock.fixed(Instant.parse("2026-03-02T16:00:00Z"), ZoneOffset.UTC))
        .purposes(NEWS).notices(new Notice(NEWS.id(), "v1", "en", "Yes, text me ACME News.")).build();
    kit.registry().grant(GrantRequest.of(NUMBER, NEWS.id(), ConsentMethod.WEB_FORM, Channel.WEB, "v1",
        Map.of("form", "https://acme.example/news")));
  }

  @AfterEach
  void close() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  @DisplayName("denies with STORE_UNAVAILABLE, reports the STOP as an error, and works again when the database returns")
  void outage() {
    OutboundMessage news = OutboundMessage.of(NUMBER, NEWS.id(), "This week at ACME");
    assertThat(kit.gate().check(news).isAllowed()).isTrue();
    InboundMessage stop = InboundMessage.of("twilio", "SM-outage-1", NUMBER, "+14155550200", "STOP",
        Instant.parse("2026-03-02T16:00:00Z"));

    proxy.refuse(true);
    GateDecision during = kit.gate().check(news);
    assertThat(during).isInstanceOf(GateDecision.Denied.class);
    assertThat(((GateDecision.Denied) during).reason()).isEqualTo(DenyReason.STORE_UNAVAILABLE);
    assertThat(kit.gate().checkAll(java.util.List.of(news)).get(0)).isEqualTo(during);
    assertThatThrownBy(() -> kit.inbound().handle(stop)).isInstanceOf(ConsentStoreException.class)
        .hasMessageNotContaining(NUMBER.e164());

    proxy.refuse(false);
    assertThat(kit.inbound().handle(stop)).isInstanceOf(InboundResult.OptedOut.class);
    assertThat(kit.registry().status(NUMBER, NEWS.id()).state()).isEqualTo(ConsentState.WITHDRAWN);
    assertThat(kit.gate().check(news)).isInstanceOf(GateDecision.Denied.class);
    assertThat(kit.registry().verify(NUMBER).isIntact()).isTrue();
  }
}
