package dev.consent;

import static dev.consent.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.error.ConsentPolicyException;
import dev.consent.error.InvalidInputException;
import dev.consent.error.UnknownPurposeException;
import dev.consent.spi.EventChain;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(dev.consent.testkit.LogCheck.class)
@DisplayName("ConsentRegistry")
class ConsentRegistryTest {
  final Fixture f = new Fixture();
  final ConsentRegistry registry = f.kit.registry();

  GrantRequest newsGrant(PhoneNumber n) {
    return GrantRequest.of(n, NEWS, ConsentMethod.WEB_FORM, Channel.WEB, "v1", Map.of("form", "https://acme.example/news"));
  }

  @Nested
  @DisplayName("grant")
  class Grant {
    @Test
    @DisplayName("records a consent with method, channel, notice version and evidence")
    void records() {
      ConsentEvent e = registry.grant(newsGrant(NY));
      assertThat(e.kind()).isEqualTo(EventKind.GRANTED);
      assertThat(e.noticeVersion()).isEqualTo("v1");
      assertThat(e.evidence()).containsEntry("form", "https://acme.example/news");
      assertThat(e.occurredAt()).isEqualTo(MONDAY_11_NY);
      assertThat(registry.status(NY, NEWS).state()).isEqualTo(ConsentState.GRANTED);
    }

    @Test
    @DisplayName("refuses a consent-based grant without a notice version")
    void needsNotice() {
      GrantRequest r = new GrantRequest(NY, NEWS, ConsentMethod.WEB_FORM, Channel.WEB, null, Map.of("form", "x"), null, null);
      assertThatThrownBy(() -> registry.grant(r)).isInstanceOf(ConsentPolicyException.class).hasMessageContaining("notice");
      assertThat(registry.history(NY)).isEmpty();
    }

    @Test
    @DisplayName("refuses a notice version the kit does not know")
    void unknownNotice() {
      GrantRequest r = GrantRequest.of(NY, NEWS, ConsentMethod.WEB_FORM, Channel.WEB, "v7", Map.of("form", "x"));
      assertThatThrownBy(() -> registry.grant(r)).isInstanceOf(ConsentPolicyException.class);
    }

    @Test
    @DisplayName("refuses a consent-based grant without evidence")
    void needsEvidence() {
      GrantRequest r = GrantRequest.of(NY, NEWS, ConsentMethod.WEB_FORM, Channel.WEB, "v1", Map.of());
      assertThatThrownBy(() -> registry.grant(r)).isInstanceOf(ConsentPolicyException.class).hasMessageContaining("evidence");
    }

    @Test
    @DisplayName("refuses a direct web grant for a purpose that needs SMS double opt-in")
    void doubleOptInRequired() {
      GrantRequest r = GrantRequest.of(NY, MARKETING, ConsentMethod.WEB_FORM, Channel.WEB, "v1", Map.of("form", "x"));
      assertThatThrownBy(() -> registry.grant(r)).isInstanceOf(ConsentPolicyException.class)
          .hasMessageContaining("double opt-in");
    }

    @Test
    @DisplayName("refuses consent 'given' by a carrier report")
    void carrierCannotConsent() {
      GrantRequest r = GrantRequest.of(NY, NEWS, ConsentMethod.CARRIER_REPORT, Channel.CARRIER, "v1", Map.of("x", "y"));
      assertThatThrownBy(() -> registry.grant(r)).isInstanceOf(ConsentPolicyException.class);
    }

    @Test
    @DisplayName("refuses a grant in the future")
    void future() {
      assertThatThrownBy(() -> registry.grant(newsGrant(NY).at(MONDAY_11_NY.plusSeconds(60))))
          .isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("refuses an unknown purpose, naming it but not the number")
    void unknownPurpose() {
      GrantRequest r = GrantRequest.of(NY, "nope", ConsentMethod.WEB_FORM, Channel.WEB, "v1", Map.of("x", "y"));
      assertThatThrownBy(() -> registry.grant(r)).isInstanceOf(UnknownPurposeException.class)
          .hasMessageContaining("nope").hasMessageNotContaining(NY.e164());
    }

    @Test
    @DisplayName("refuses malformed input with the field named and nothing echoed")
    void malformed() {
      GrantRequest r = new GrantRequest(NY, "bad purpose id!", ConsentMethod.WEB_FORM, Channel.WEB, "v1",
          Map.of("x", "y"), null, null);
      assertThatThrownBy(() -> registry.grant(r)).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("purposeId").hasMessageNotContaining("bad purpose id!");
      assertThatThrownBy(() -> registry.grant(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("is idempotent by key")
    void idempotent() {
      ConsentEvent a = registry.grant(newsGrant(NY).withIdempotencyKey("form-42"));
      ConsentEvent b = registry.grant(newsGrant(NY).withIdempotencyKey("form-42"));
      assertThat(b).isEqualTo(a);
      assertThat(registry.history(NY)).hasSize(1);
    }
  }

  @Nested
  @DisplayName("withdraw")
  class Withdraw {
    @Test
    @DisplayName("one purpose leaves the others")
    void one() {
      registry.grant(newsGrant(NY));
      f.optInByWeb(NY);
      registry.withdraw(WithdrawRequest.of(NY, NEWS));
      assertThat(registry.status(NY, NEWS).state()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(registry.status(NY, MARKETING).state()).isEqualTo(ConsentState.GRANTED);
    }

    @Test
    @DisplayName("all withdraws every purpose in force and nothing else")
    void all() {
      registry.grant(newsGrant(NY));
      f.optInByWeb(NY);
      List<ConsentEvent> events = registry.withdraw(WithdrawRequest.all(NY));
      assertThat(events).extracting(ConsentEvent::purposeId).containsExactlyInAnyOrder(NEWS, MARKETING);
      assertThat(registry.statuses(NY)).allMatch(s -> s.state() == ConsentState.WITHDRAWN);
    }
  }

  @Nested
  @DisplayName("import")
  class Import {
    @Test
    @DisplayName("keeps the original time and provenance, marked as imported")
    void provenance() {
      Instant original = Instant.parse("2024-05-01T09:30:00Z");
      ConsentEvent e = registry.importConsent(new ImportRequest(NY, NEWS, EventKind.GRANTED, ConsentMethod.PAPER,
          original, "legacy-crm export 2026-02-01", "v1", Map.of("formId", "P-1001")));
      assertThat(e.imported()).isTrue();
      assertThat(e.method()).isEqualTo(ConsentMethod.IMPORT);
      assertThat(e.occurredAt()).isEqualTo(original);
      assertThat(e.recordedAt()).isEqualTo(MONDAY_11_NY);
      assertThat(e.evidence()).containsEntry("import.source", "legacy-crm export 2026-02-01")
          .containsEntry("import.method", "PAPER").containsEntry("formId", "P-1001");
    }

    @Test
    @DisplayName("importing the same record twice stores it once")
    void idempotent() {
      ImportRequest r = new ImportRequest(NY, NEWS, EventKind.GRANTED, ConsentMethod.PAPER,
          Instant.parse("2024-05-01T09:30:00Z"), "legacy", "v1", Map.of());
      registry.importConsent(r);
      registry.importConsent(r);
      assertThat(registry.history(NY)).hasSize(1);
    }

    @Test
    @DisplayName("an old imported grant does not override a later withdrawal")
    void oldImportAfterWithdrawal() {
      registry.grant(newsGrant(NY));
      registry.withdraw(WithdrawRequest.of(NY, NEWS));
      registry.importConsent(new ImportRequest(NY, NEWS, EventKind.GRANTED, ConsentMethod.PAPER,
          Instant.parse("2024-05-01T09:30:00Z"), "legacy", "v1", Map.of()));
      assertThat(registry.status(NY, NEWS).state()).isEqualTo(ConsentState.WITHDRAWN);
    }
  }

  @Nested
  @DisplayName("history and proof")
  class Proof {
    @Test
    @DisplayName("history is the number's whole chain in order")
    void history() {
      f.optInByWeb(NY);
      registry.grant(newsGrant(NY));
      f.reply(NY, DEALS_SENDER, "STOP");
      List<ConsentEvent> h = registry.history(NY);
      for (int i = 0; i < h.size(); i++) {
        assertThat(h.get(i).seq()).isEqualTo(i + 1);
      }
      assertThat(registry.verify(NY).isIntact()).isTrue();
    }

    @Test
    @DisplayName("proof of a grant holds the request, the confirmation and the notice text")
    void proofOfGrant() throws Exception {
      f.optInByWeb(NY);
      ConsentProof p = registry.proof(NY, MARKETING);
      assertThat(p.events()).extracting(ConsentEvent::kind).containsExactly(EventKind.REQUESTED, EventKind.GRANTED);
      assertThat(p.notice()).isEqualTo(MARKETING_NOTICE);
      assertThat(p.chain().isIntact()).isTrue();
      JsonNode json = new ObjectMapper().readTree(p.toJson());
      assertThat(json.at("/status/state").asText()).isEqualTo("GRANTED");
      assertThat(json.at("/status/number").asText()).isEqualTo(NY.e164());
      assertThat(json.at("/notice/contentHash").asText()).isEqualTo(MARKETING_NOTICE.contentHash());
      assertThat(json.at("/events/1/occurredAt").asText()).isEqualTo("2026-03-02T16:00:00Z");
    }

    @Test
    @DisplayName("proof of a withdrawal holds the grant it ended and the STOP")
    void proofOfWithdrawal() {
      f.optInByWeb(NY);
      f.clock.advance(Duration.ofDays(3));
      f.reply(NY, DEALS_SENDER, "Stop texting me");
      ConsentProof p = registry.proof(NY, MARKETING);
      assertThat(p.status().state()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(p.events()).extracting(ConsentEvent::kind)
          .containsExactly(EventKind.REQUESTED, EventKind.GRANTED, EventKind.WITHDRAWN);
      assertThat(p.events().get(2).evidence()).containsKey("inboundMessageId");
    }

    @Test
    @DisplayName("proof of nothing is empty")
    void proofOfNothing() {
      ConsentProof p = registry.proof(NY, MARKETING);
      assertThat(p.status().state()).isEqualTo(ConsentState.NONE);
      assertThat(p.events()).isEmpty();
      assertThat(p.notice()).isNull();
    }

    @Test
    @DisplayName("verify() walks every number of the tenant")
    void verifyAll() {
      f.optInByWeb(NY);
      f.optInByWeb(MIAMI);
      registry.grant(newsGrant(BERLIN));
      ChainReport r = registry.verify();
      assertThat(r.isIntact()).isTrue();
      assertThat(r.numbersChecked()).isEqualTo(3);
      assertThat(r.eventsChecked()).isEqualTo(5);
    }
  }

  @Nested
  @DisplayName("hash chain verification")
  class Tamper {
    List<ConsentEvent> chain() {
      f.optInByWeb(NY);
      registry.grant(newsGrant(NY));
      f.reply(NY, DEALS_SENDER, "STOP");
      return new ArrayList<>(registry.history(NY));
    }

    ConsentEvent edit(ConsentEvent e, EventKind kind) {
      return new ConsentEvent(e.eventId(), e.tenant(), e.number(), e.subjectRef(), e.purposeId(), kind, e.method(),
          e.channel(), e.evidence(), e.evidenceDigest(), e.noticeVersion(), e.occurredAt(), e.recordedAt(),
          e.idempotencyKey(), e.imported(), e.seq(), e.prevHash(), e.hash(), e.hashVersion());
    }

    @Test
    @DisplayName("finds an edited event")
    void edited() {
      List<ConsentEvent> c = chain();
      c.set(2, edit(c.get(2), EventKind.WITHDRAWN));
      ChainReport r = EventChain.verify(NY, c);
      assertThat(r.breaks()).extracting(ChainReport.Break::seq).containsExactly(3L);
    }

    @Test
    @DisplayName("finds a deleted event")
    void deleted() {
      List<ConsentEvent> c = chain();
      c.remove(1);
      assertThat(EventChain.verify(NY, c).breaks()).isNotEmpty().allMatch(b -> b.seq() == 3);
    }

    @Test
    @DisplayName("finds reordered events")
    void reordered() {
      List<ConsentEvent> c = chain();
      ConsentEvent x = c.get(1);
      c.set(1, c.get(2));
      c.set(2, x);
      assertThat(EventChain.verify(NY, c).isIntact()).isFalse();
    }

    @Test
    @DisplayName("finds an inserted event")
    void inserted() {
      List<ConsentEvent> c = chain();
      c.add(1, c.get(0));
      assertThat(EventChain.verify(NY, c).isIntact()).isFalse();
    }
  }
}
