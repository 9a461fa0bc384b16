package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.CarrierAction;
import dev.consent.ChainReport;
import dev.consent.ConsentEvent;
import dev.consent.ConsentState;
import dev.consent.DenyReason;
import dev.consent.ErasureResult;
import dev.consent.EventKind;
import dev.consent.GateDecision;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.OptInStart;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.SendOutcome;
import dev.consent.SuppressionReason;
import dev.consent.WebOptIn;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Proof and privacy through the whole kit, for every store: erasure that keeps the opt-out and a
 * verifiable ledger, coming back only from the phone, and consent that expires and is refreshed. A
 * store's test extends this class, returns its store and says how to look for a value anywhere the
 * store keeps data ({@link #assertHeldNowhere}).
 */
@org.junit.jupiter.api.extension.ExtendWith(dev.consent.testkit.LogCheck.class)
public abstract class PrivacyContract extends KitScenario {

  /** Asserts that no record the store keeps, in any form it keeps it, contains {@code value}. */
  protected abstract void assertHeldNowhere(String value);

  protected MutableClock clock;
  protected RecordingCarrier carrier;
  protected ConsentKit kit;
  private final AtomicLong inboundIds = new AtomicLong();

  @BeforeEach
  void newKit() {
    clock = MutableClock.at(MONDAY_11_NY);
    carrier = new RecordingCarrier();
    kit = ConsentKit.builder().tenant("p-" + UUID.randomUUID().toString().substring(0, 12)).store(store())
        .carrier(carrier).clock(clock).purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE).build();
  }

  protected InboundResult reply(PhoneNumber from, String body) {
    return kit.inbound().handle(new InboundMessage("recording", "SM" + inboundIds.incrementAndGet(), from, SENDER,
        body, clock.instant(), true, CarrierAction.NONE, null));
  }

  protected void optInByWeb(PhoneNumber n) {
    assertThat(kit.doubleOptIn().start(WebOptIn.of(n, MARKETING, "v1"))).isInstanceOf(OptInStart.Started.class);
    assertThat(reply(n, "YES")).isInstanceOf(InboundResult.Confirmed.class);
  }

  protected GateDecision check(PhoneNumber n, String purpose) {
    return kit.gate().check(OutboundMessage.of(n, purpose, "Hello from ACME"));
  }

  /** NY opted in, received a message, replied STOP, asked again by keyword; MIAMI opted in. */
  protected void history() {
    optInByWeb(NY);
    assertThat(kit.gate().send(OutboundMessage.of(NY, MARKETING, "Private offer for Jane 4711")))
        .isInstanceOf(SendOutcome.Sent.class);
    reply(NY, "STOP");
    reply(NY, "JOIN");
    optInByWeb(MIAMI);
  }

  private static String code(String body) {
    Matcher m = Pattern.compile("([0-9]{6})").matcher(body);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Nested
  @DisplayName("erasure")
  class Erasure {
    @Test
    @DisplayName("leaves no number, body or evidence behind; the gate denies; every chain still verifies")
    void erases() {
      history();
      String code = code(carrier.lastTo(NY).orElseThrow().sms().body());
      assertThatThrownBy(() -> assertHeldNowhere(NY.e164().substring(2))).as("the check sees the number before")
          .isInstanceOf(AssertionError.class);
      ErasureResult r = kit.registry().erase(NY, "art17-request");
      assertThat(r.purposes()).contains(MARKETING);
      assertThat(r.messagesDeleted()).isPositive();
      assertThat(r.pendingOptInsDeleted()).isPositive();

      assertHeldNowhere(NY.e164().substring(2));
      assertHeldNowhere("Jane 4711");
      assertHeldNowhere(code);
      assertThat(check(NY, MARKETING)).isInstanceOfSatisfying(GateDecision.Denied.class,
          d -> assertThat(d.reason()).isEqualTo(DenyReason.SUPPRESSED));
      assertThat(check(NY, ORDERS)).isInstanceOfSatisfying(GateDecision.Denied.class,
          d -> assertThat(d.reason()).isEqualTo(DenyReason.SUPPRESSED));
      assertThat(kit.registry().suppressions(NY)).extracting(s -> s.reason()).containsExactly(SuppressionReason.ERASURE);
      assertThat(kit.registry().verify(NY).breaks()).isEmpty();
      ChainReport all = kit.registry().verify();
      assertThat(all.breaks()).isEmpty();
      assertThat(all.numbersChecked()).isEqualTo(2);
      assertThat(check(MIAMI, MARKETING)).isInstanceOf(GateDecision.Allowed.class);
    }

    @Test
    @DisplayName("keeps the proof of the opt-out without the number")
    void keepsProof() {
      history();
      kit.registry().erase(NY, "art17-request");
      List<ConsentEvent> ledger = kit.registry().history(NY);
      assertThat(ledger).extracting(ConsentEvent::kind)
          .contains(EventKind.REQUESTED, EventKind.GRANTED, EventKind.WITHDRAWN, EventKind.ERASED);
      assertThat(ledger).allSatisfy(e -> {
        assertThat(e.number()).isNull();
        assertThat(e.evidence()).isEmpty();
      });
      ConsentEvent stop = ledger.stream().filter(e -> e.kind() == EventKind.WITHDRAWN).findFirst().orElseThrow();
      assertThat(stop.occurredAt()).isEqualTo(MONDAY_11_NY);
      assertThat(kit.registry().status(NY, MARKETING).state()).isEqualTo(ConsentState.ERASED);
    }

    @Test
    @DisplayName("refuses a later web opt-in; only a double opt-in from the phone lifts the suppression")
    void comesBackOnlyFromThePhone() {
      history();
      kit.registry().erase(NY, "art17-request");
      int sent = carrier.sentTo(NY).size();
      assertThat(kit.doubleOptIn().start(WebOptIn.of(NY, MARKETING, "v1"))).isInstanceOf(OptInStart.Refused.class);
      assertThat(carrier.sentTo(NY)).hasSize(sent);
      assertThat(reply(NY, "START")).isInstanceOf(InboundResult.Ignored.class);
      assertThat(check(NY, ORDERS)).isInstanceOf(GateDecision.Denied.class);

      assertThat(reply(NY, "JOIN")).isInstanceOf(InboundResult.OptInRequested.class);
      assertThat(reply(NY, "YES")).isInstanceOf(InboundResult.Confirmed.class);
      assertThat(check(NY, MARKETING)).isInstanceOf(GateDecision.Allowed.class);
      assertThat(kit.registry().verify(NY).breaks()).isEmpty();
    }
  }

  @Nested
  @DisplayName("consent validity")
  class Validity {
    @Test
    @DisplayName("a consent older than the purpose's validity stops passing; a new double opt-in restores it")
    void refresh() {
      optInByWeb(NY);
      assertThat(check(NY, MARKETING)).isInstanceOf(GateDecision.Allowed.class);
      clock.advance(Duration.ofDays(31));
      assertThat(check(NY, MARKETING)).isInstanceOfSatisfying(GateDecision.Denied.class,
          d -> assertThat(d.reason()).isEqualTo(DenyReason.CONSENT_EXPIRED));
      optInByWeb(NY);
      assertThat(check(NY, MARKETING)).isInstanceOf(GateDecision.Allowed.class);
    }
  }

  @Nested
  @DisplayName("export")
  class Export {
    @Test
    @DisplayName("holds statuses, the ledger with evidence, notice texts, messages, suppressions, requests and the chain check")
    void everything() throws Exception {
      history();
      kit.registry().suppress(NY, "complaint");
      if (store() instanceof dev.consent.spi.DeferralStore held) {
        held.defer(new dev.consent.DeferredMessage(kit.tenant(), "held-1", store().subjectRef(kit.tenant(), NY),
            OutboundMessage.of(NY, MARKETING, "Held offer for Jane 4711"), DenyReason.QUIET_HOURS, clock.instant(),
            clock.instant().plusSeconds(3600), clock.instant().plusSeconds(7200), null));
      }
      com.fasterxml.jackson.databind.JsonNode doc =
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(kit.registry().export(NY).toJson());
      assertThat(doc.get("number").asText()).isEqualTo(NY.e164());
      assertThat(doc.get("tenant").asText()).isEqualTo(kit.tenant());
      assertThat(doc.get("subjectRef").asText()).isEqualTo(store().subjectRef(kit.tenant(), NY));
      assertThat(doc.get("statuses")).extracting(n -> n.get("purposeId").asText()).contains(MARKETING, ORDERS);
      assertThat(doc.get("history")).hasSize(kit.registry().history(NY).size());
      assertThat(doc.get("history").get(1).get("evidence").get("confirmedBy").asText()).isEqualTo("sms reply");
      assertThat(doc.get("notices")).singleElement().satisfies(n -> {
        assertThat(n.get("text").asText()).isEqualTo(NOTICE.text());
        assertThat(n.get("version").asText()).isEqualTo("v1");
      });
      assertThat(doc.get("messages").toString()).contains("Private offer for Jane 4711");
      assertThat(doc.get("suppressions")).extracting(n -> n.get("reason").asText()).contains("HOST");
      assertThat(doc.get("optInRequests")).isNotEmpty();
      assertThat(doc.get("chain").get("breaks")).isEmpty();
      if (store() instanceof dev.consent.spi.DeferralStore) {
        assertThat(doc.get("deferredMessages")).singleElement()
            .satisfies(d -> assertThat(d.toString()).contains("Held offer for Jane 4711", "QUIET_HOURS"));
      }
      assertThat(doc.toString()).doesNotContain(MIAMI.e164());
    }

    @Test
    @DisplayName("after erasure holds no evidence, message or request, only the proof and the suppression")
    void afterErasure() throws Exception {
      history();
      if (store() instanceof dev.consent.spi.DeferralStore held) {
        held.defer(new dev.consent.DeferredMessage(kit.tenant(), "held-2", store().subjectRef(kit.tenant(), NY),
            OutboundMessage.of(NY, MARKETING, "Held offer for Jane 4711"), DenyReason.QUIET_HOURS, clock.instant(),
            clock.instant().plusSeconds(3600), clock.instant().plusSeconds(7200), null));
      }
      kit.registry().erase(NY, "art17-request");
      SubjectExportView v = new SubjectExportView(kit.registry().export(NY));
      assertThat(v.doc.get("messages")).isEmpty();
      assertThat(v.doc.get("deferredMessages")).isEmpty();
      assertThat(v.doc.get("optInRequests")).isEmpty();
      assertThat(v.doc.get("history")).allSatisfy(e -> assertThat(e.get("evidence")).isEmpty());
      assertThat(v.doc.get("suppressions")).extracting(n -> n.get("reason").asText()).containsExactly("ERASURE");
      assertThat(v.doc.toString()).doesNotContain("Jane 4711");
    }
  }

  private static final class SubjectExportView {
    final com.fasterxml.jackson.databind.JsonNode doc;

    SubjectExportView(dev.consent.SubjectExport export) throws Exception {
      doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(export.toJson());
    }
  }
}
