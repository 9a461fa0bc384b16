package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.CarrierAction;
import dev.consent.Channel;
import dev.consent.ConsentEvent;
import dev.consent.ConsentMethod;
import dev.consent.ConsentReceipt;
import dev.consent.DataController;
import dev.consent.EventKind;
import dev.consent.GrantRequest;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.LawfulBasis;
import dev.consent.Notice;
import dev.consent.OptInStart;
import dev.consent.PhoneNumber;
import dev.consent.WebOptIn;
import dev.consent.error.ConfigurationException;
import dev.consent.error.InvalidInputException;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import dev.consent.receipt.ReceiptSigner;
import dev.consent.receipt.ReceiptVerification;
import dev.consent.receipt.ReceiptVerifier;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Consent receipts through the whole kit, for every store: the fields, the double opt-in evidence
 * (confirmation text, reply, carrier message ids), the status over time, the schema, the text for
 * the person, the export, and signing. A store's test extends this class and returns its store.
 */
@org.junit.jupiter.api.extension.ExtendWith(dev.consent.testkit.LogCheck.class)
public abstract class ReceiptContract extends KitScenario {
  protected static final PhoneNumber BERLIN = PhoneNumber.parse("+4915123456789");
  protected static final Notice NOTICE_DE = new Notice(MARKETING, "v1-de", "de",
      "Ja, schickt mir Angebote von ACME Deals per SMS (bis zu 4 pro Monat). Abmelden mit STOP.");
  protected static final Notice NOTICE_PL = new Notice(MARKETING, "v1-pl", "pl",
      "Tak, wysyłajcie mi oferty ACME Deals SMS-em (do 4 miesięcznie). Odpowiedz STOP, aby zrezygnować.");
  protected static final DataController CONTROLLER =
      new DataController("ACME Retail Ltd", "privacy@acme.example", "https://acme.example/privacy");

  protected MutableClock clock;
  protected RecordingCarrier carrier;
  protected ConsentKit kit;
  private final AtomicLong inboundIds = new AtomicLong();
  /** The carrier id of the last inbound message {@link #reply} handled. */
  protected String lastInboundId;

  @BeforeEach
  void newKit() {
    clock = MutableClock.at(MONDAY_11_NY);
    carrier = new RecordingCarrier();
    kit = builder().controller(CONTROLLER).build();
  }

  private ConsentKit.Builder builder() {
    return ConsentKit.builder().tenant("r-" + UUID.randomUUID().toString().substring(0, 12)).store(store())
        .carrier(carrier).clock(clock).purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE, NOTICE_DE, NOTICE_PL);
  }

  protected InboundResult reply(PhoneNumber from, String body) {
    lastInboundId = "SM-r" + inboundIds.incrementAndGet();
    return kit.inbound().handle(new InboundMessage("recording", lastInboundId, from, SENDER,
        body, clock.instant(), true, CarrierAction.NONE, null));
  }

  /** A web double opt-in confirmed by replying YES; returns the carrier message id of the confirmation. */
  protected String optInByWeb(PhoneNumber n, WebOptIn request) {
    assertThat(kit.doubleOptIn().start(request)).isInstanceOf(OptInStart.Started.class);
    String confirmationId = carrier.lastTo(n).orElseThrow().carrierMessageId();
    clock.advance(Duration.ofMinutes(2));
    assertThat(reply(n, "YES")).isInstanceOf(InboundResult.Confirmed.class);
    return confirmationId;
  }

  private ConsentEvent onlyGrant(PhoneNumber n, String purpose) {
    return kit.registry().history(n).stream().filter(e -> e.kind() == EventKind.GRANTED && e.purposeId().equals(purpose))
        .reduce((a, b) -> b).orElseThrow();
  }

  private static String code(String body) {
    Matcher m = Pattern.compile("([0-9]{6})").matcher(body);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Nested
  @DisplayName("of a web double opt-in")
  class DoubleOptIn {
    @Test
    @DisplayName("carries every required field, the confirmation text sent, the reply and both carrier message ids")
    void fields() {
      String confirmationId = optInByWeb(NY, WebOptIn.of(NY, MARKETING, "v1").withEvidence("form", "https://acme.example/join"));
      String sentBody = carrier.sentTo(NY).get(0);
      String replyId = lastInboundId;
      ConsentEvent grant = onlyGrant(NY, MARKETING);

      ConsentReceipt r = kit.registry().receipt(NY, grant.eventId());

      assertThat(r.eventId()).isEqualTo(grant.eventId());
      assertThat(r.eventHash()).isEqualTo(grant.hash());
      assertThat(r.ledgerVerified()).isTrue();
      assertThat(r.receiptId()).matches("[0-9a-f-]{36}").isEqualTo(kit.registry().receipt(NY, grant.eventId()).receiptId());
      assertThat(r.tenant()).isEqualTo(kit.tenant());
      assertThat(r.jurisdiction()).startsWith("US");
      assertThat(r.language()).isEqualTo("en");
      assertThat(r.subjectId()).isEqualTo(store().subjectRef(kit.tenant(), NY));
      assertThat(r.controller()).isEqualTo(CONTROLLER);
      assertThat(r.consentTime()).isEqualTo(MONDAY_11_NY.plus(Duration.ofMinutes(2)));
      assertThat(r.noticeVersion()).isEqualTo("v1");
      assertThat(r.noticeHash()).isEqualTo(NOTICE.contentHash());
      assertThat(r.programName()).isEqualTo("ACME Deals");
      assertThat(r.sender()).isEqualTo(SENDER);
      assertThat(r.purposeId()).isEqualTo(MARKETING);
      assertThat(r.purposeDescription()).isEqualTo("Offers and discounts by SMS");
      assertThat(r.purposeCategory()).isEqualTo("dpv:DirectMarketing");
      assertThat(r.lawfulBasis()).isEqualTo(LawfulBasis.CONSENT);
      assertThat(r.consentType()).isEqualTo("explicit");
      assertThat(r.dataCategories()).containsExactly("mobile number");
      assertThat(r.termination()).contains("STOP").contains("2026-04-01");
      assertThat(r.withdrawalMethod()).contains("STOP").contains(SENDER).contains("privacy@acme.example");
      assertThat(r.thirdPartyDisclosure()).isFalse();
      assertThat(r.processors()).containsExactly("recording");
      assertThat(r.status()).isEqualTo(ConsentReceipt.Status.GIVEN);
      assertThat(r.statusSince()).isEqualTo(r.consentTime());
      assertThat(r.retention()).isEqualTo(MARKETING_PURPOSE.retention());

      ConsentReceipt.CollectionMethod c = r.collection();
      assertThat(c.method()).isEqualTo(ConsentMethod.SMS_DOUBLE_OPT_IN);
      assertThat(c.isDoubleOptIn()).isTrue();
      assertThat(c.confirmationText()).isEqualTo(sentBody.replace(code(sentBody), "******"));
      assertThat(c.confirmationText()).doesNotContain(code(sentBody)).contains("ACME Deals");
      assertThat(c.confirmationSentAt()).isEqualTo(MONDAY_11_NY);
      assertThat(c.reply()).isEqualTo("YES");
      assertThat(c.carrierMessageIds()).containsExactly(confirmationId, replyId);
      assertThat(c.evidence()).containsEntry("form", "https://acme.example/join");
      assertThat(c.evidenceErased()).isFalse();
    }

    @Test
    @DisplayName("renders JSON valid against the shipped schema, without the number")
    void json() throws Exception {
      optInByWeb(NY, WebOptIn.of(NY, MARKETING, "v1"));
      ConsentReceipt r = kit.registry().receipts(NY).get(0);
      String json = r.toJson();
      assertThat(ReceiptSchema.errors(json)).isEmpty();
      assertThat(json).doesNotContain("2125550123");
      JsonNode doc = new ObjectMapper().readTree(json);
      assertThat(doc.at("/schemaVersion").asText()).isEqualTo(ConsentReceipt.SCHEMA_VERSION);
      assertThat(doc.at("/collectionMethod/reply").asText()).isEqualTo("YES");
      assertThat(doc.at("/collectionMethod/carrierMessageIds")).hasSize(2);
      assertThat(doc.at("/collectionMethod/confirmationText").asText()).contains("******");
      assertThat(doc.at("/status/term").asText()).isEqualTo("dpv:ConsentGiven");
      assertThat(doc.at("/purpose/lawfulBasisTerm").asText()).isEqualTo("dpv-gdpr:A6-1-a");
      assertThat(doc.at("/retentionPeriod").asText()).isEqualTo("P1095D");
      assertThat(doc.at("/subject/pseudonymousId").asText()).isEqualTo(r.subjectId());
      assertThat(doc.at("/ledger/verified").asBoolean()).isTrue();
      assertThat(doc.at("/ledger/eventHash").asText()).isEqualTo(r.eventHash());
    }

    @Test
    @DisplayName("the schema rejects a receipt with a required field missing, mistyped, or double opt-in evidence left out")
    void schemaCanFail() throws Exception {
      optInByWeb(NY, WebOptIn.of(NY, MARKETING, "v1"));
      String json = kit.registry().receipts(NY).get(0).toJson();
      ObjectMapper m = new ObjectMapper();

      ObjectNode missing = (ObjectNode) m.readTree(json);
      missing.remove("controller");
      assertThat(ReceiptSchema.errors(m.writeValueAsString(missing))).isNotEmpty();

      ObjectNode mistyped = (ObjectNode) m.readTree(json);
      mistyped.put("consentTimestamp", 1_772_467_200L);
      assertThat(ReceiptSchema.errors(m.writeValueAsString(mistyped))).isNotEmpty();

      ObjectNode badStatus = (ObjectNode) m.readTree(json);
      ((ObjectNode) badStatus.get("status")).put("term", "given");
      assertThat(ReceiptSchema.errors(m.writeValueAsString(badStatus))).isNotEmpty();

      ObjectNode noEvidence = (ObjectNode) m.readTree(json);
      ((ObjectNode) noEvidence.get("collectionMethod")).putNull("confirmationText");
      assertThat(ReceiptSchema.errors(m.writeValueAsString(noEvidence))).isNotEmpty();

      ObjectNode number = (ObjectNode) m.readTree(json);
      number.put("number", NY.e164());
      assertThat(ReceiptSchema.errors(m.writeValueAsString(number))).as("no extra field such as a number").isNotEmpty();
    }

    @Test
    @DisplayName("reads as plain text for the person, in English")
    void text() {
      optInByWeb(NY, WebOptIn.of(NY, MARKETING, "v1"));
      ConsentReceipt r = kit.registry().receipts(NY).get(0);
      String text = r.toText();
      assertThat(text).contains("Consent receipt: " + r.receiptId(), "ACME Retail Ltd", "https://acme.example/privacy",
          "Offers and discounts by SMS", r.collection().confirmationText(), "You replied: \"YES\"",
          "until you reply STOP", "Reply STOP to " + SENDER, "Status: given since", "1095 days", r.subjectId(),
          "Ledger: verified");
      assertThat(text).doesNotContain("2125550123");
    }

    @Test
    @DisplayName("is written in the notice's language when the kit has replies in it, in English otherwise")
    void language() {
      optInByWeb(BERLIN, WebOptIn.of(BERLIN, MARKETING, "v1-de").withLanguage("de"));
      ConsentReceipt de = kit.registry().receipts(BERLIN).get(0);
      assertThat(de.language()).isEqualTo("de");
      assertThat(de.noticeHash()).isEqualTo(NOTICE_DE.contentHash());
      assertThat(de.termination()).contains("bis Sie STOP antworten");
      assertThat(de.toText()).contains("Einwilligungsquittung", "Verantwortlicher: ACME Retail Ltd", "erteilt seit");
      assertThat(ReceiptSchema.errors(de.toJson())).isEmpty();

      kit.registry().withdraw(dev.consent.WithdrawRequest.all(NY));
      optInByWeb(NY, WebOptIn.of(NY, MARKETING, "v1-pl").withLanguage("pl"));
      ConsentReceipt pl = kit.registry().receipts(NY).get(0);
      assertThat(pl.noticeVersion()).isEqualTo("v1-pl");
      assertThat(pl.language()).isEqualTo("en");
      assertThat(pl.toText()).contains("Consent receipt");
    }
  }

  @Nested
  @DisplayName("of other grants")
  class OtherGrants {
    @Test
    @DisplayName("a keyword opt-in confirmed by SMS carries the reply and its carrier id")
    void keyword() {
      assertThat(reply(NY, "JOIN")).isInstanceOf(InboundResult.OptInRequested.class);
      String confirmationId = carrier.lastTo(NY).orElseThrow().carrierMessageId();
      assertThat(reply(NY, "YES")).isInstanceOf(InboundResult.Confirmed.class);
      String replyId = lastInboundId;
      ConsentReceipt r = kit.registry().receipts(NY).get(0);
      assertThat(r.collection().method()).isEqualTo(ConsentMethod.SMS_DOUBLE_OPT_IN);
      assertThat(r.collection().reply()).isEqualTo("YES");
      assertThat(r.collection().carrierMessageIds()).containsExactly(confirmationId, replyId);
      assertThat(r.collection().confirmationText()).contains("ACME Deals").doesNotContainPattern("[0-9]{6}");
      assertThat(ReceiptSchema.errors(r.toJson())).isEmpty();
    }

    @Test
    @DisplayName("a contract grant from a web form has no double opt-in evidence and still validates")
    void webForm() {
      ConsentEvent e = kit.registry().grant(GrantRequest.of(NY, ORDERS, ConsentMethod.WEB_FORM, Channel.WEB, null,
          Map.of("form", "https://acme.example/checkout")));
      ConsentReceipt r = kit.registry().receipt(NY, e.eventId());
      assertThat(r.lawfulBasis()).isEqualTo(LawfulBasis.CONTRACT);
      assertThat(r.purposeCategory()).isEqualTo("dpv:ServiceProvision");
      assertThat(r.noticeVersion()).isNull();
      assertThat(r.collection().isDoubleOptIn()).isFalse();
      assertThat(r.collection().confirmationText()).isNull();
      assertThat(r.collection().carrierMessageIds()).isEmpty();
      assertThat(r.termination()).isEqualTo("until you reply STOP");
      assertThat(ReceiptSchema.errors(r.toJson())).isEmpty();
      assertThat(r.toText()).contains("web form", "a contract with you");
    }
  }

  @Nested
  @DisplayName("status")
  class Status {
    @Test
    @DisplayName("becomes withdrawn at the STOP; a new opt-in gets its own receipt, given")
    void withdrawn() {
      optInByWeb(NY, WebOptIn.of(NY, MARKETING, "v1"));
      clock.advance(Duration.ofDays(1));
      Instant stop = clock.instant();
      reply(NY, "STOP");
      ConsentReceipt first = kit.registry().receipts(NY).get(0);
      assertThat(first.status()).isEqualTo(ConsentReceipt.Status.WITHDRAWN);
      assertThat(first.statusSince()).isEqualTo(stop);
      assertThat(new String(first.toJson())).contains("dpv:ConsentWithdrawn");

      clock.advance(Duration.ofDays(1));
      optInByWeb(NY, WebOptIn.of(NY, MARKETING, "v1"));
      List<ConsentReceipt> both = kit.registry().receipts(NY);
      assertThat(both).extracting(ConsentReceipt::status)
          .containsExactly(ConsentReceipt.Status.WITHDRAWN, ConsentReceipt.Status.GIVEN);
      assertThat(both.get(0).receiptId()).isNotEqualTo(both.get(1).receiptId());
    }

    @Test
    @DisplayName("becomes expired when the consent outlives its validity")
    void expired() {
      optInByWeb(NY, WebOptIn.of(NY, MARKETING, "v1"));
      ConsentReceipt r = kit.registry().receipts(NY).get(0);
      clock.advance(Duration.ofDays(31));
      ConsentReceipt later = kit.registry().receipt(NY, r.eventId());
      assertThat(later.status()).isEqualTo(ConsentReceipt.Status.EXPIRED);
      assertThat(later.statusSince()).isEqualTo(r.consentTime().plus(Duration.ofDays(30)));
      assertThat(later.receiptId()).isEqualTo(r.receiptId());
      assertThat(ReceiptSchema.errors(later.toJson())).isEmpty();
    }

    @Test
    @DisplayName("after an erasure: withdrawn, the evidence gone, still valid against the schema")
    void erased() {
      optInByWeb(NY, WebOptIn.of(NY, MARKETING, "v1"));
      kit.registry().erase(NY, "art17-request");
      ConsentReceipt r = kit.registry().receipts(NY).get(0);
      assertThat(r.status()).isEqualTo(ConsentReceipt.Status.WITHDRAWN);
      assertThat(r.collection().evidenceErased()).isTrue();
      assertThat(r.collection().evidence()).isEmpty();
      assertThat(r.collection().confirmationText()).isNull();
      assertThat(ReceiptSchema.errors(r.toJson())).isEmpty();
    }
  }

  @Nested
  @DisplayName("asked wrongly")
  class Errors {
    @Test
    @DisplayName("a request, a withdrawal or an unknown or foreign event id is refused with a typed error")
    void notAGrant() {
      optInByWeb(NY, WebOptIn.of(NY, MARKETING, "v1"));
      reply(NY, "STOP");
      for (ConsentEvent e : kit.registry().history(NY)) {
        if (e.kind() != EventKind.GRANTED) {
          assertThatThrownBy(() -> kit.registry().receipt(NY, e.eventId())).isInstanceOf(InvalidInputException.class)
              .hasMessageContaining("grant").hasMessageNotContaining("2125550123");
        }
      }
      assertThatThrownBy(() -> kit.registry().receipt(NY, "no-such-event")).isInstanceOf(InvalidInputException.class);
      String nyGrant = onlyGrant(NY, MARKETING).eventId();
      assertThatThrownBy(() -> kit.registry().receipt(BERLIN, nyGrant)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> kit.registry().receipt(NY, " ")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("without a controller configured, a receipt is a configuration error and the export carries none")
    void noController() {
      kit = builder().build();
      optInByWeb(NY, WebOptIn.of(NY, MARKETING, "v1"));
      String id = onlyGrant(NY, MARKETING).eventId();
      assertThatThrownBy(() -> kit.registry().receipt(NY, id)).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("controller");
      assertThatThrownBy(() -> kit.registry().receipts(NY)).isInstanceOf(ConfigurationException.class);
      assertThat(kit.registry().export(NY).receipts()).isEmpty();
    }
  }

  @Test
  @DisplayName("the subject export carries a receipt per grant, each valid against the schema")
  void export() throws Exception {
    optInByWeb(NY, WebOptIn.of(NY, MARKETING, "v1"));
    reply(NY, "STOP");
    optInByWeb(NY, WebOptIn.of(NY, MARKETING, "v1"));
    dev.consent.SubjectExport export = kit.registry().export(NY);
    assertThat(export.receipts()).hasSize(2);
    JsonNode doc = new ObjectMapper().readTree(export.toJson());
    assertThat(doc.get("receipts")).hasSize(2);
    for (JsonNode receipt : doc.get("receipts")) {
      assertThat(ReceiptSchema.errors(new ObjectMapper().writeValueAsString(receipt))).isEmpty();
    }
    assertThat(doc.at("/receipts/1/receiptId").asText()).isEqualTo(export.receipts().get(1).receiptId());
  }

  @Test
  @DisplayName("signed with Ed25519 and ES256, verifies to exactly its JSON; a tampered copy does not")
  void signed() throws Exception {
    optInByWeb(NY, WebOptIn.of(NY, MARKETING, "v1"));
    ConsentReceipt r = kit.registry().receipts(NY).get(0);
    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
    ecGen.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
    KeyPair ec = ecGen.generateKeyPair();
    for (var pair : List.of(Map.entry(ReceiptSigner.ed25519(ed.getPrivate(), "host-1"), ed),
        Map.entry(ReceiptSigner.es256(ec.getPrivate(), "host-2"), ec))) {
      String jws = pair.getKey().sign(r);
      ReceiptVerification v = ReceiptVerifier.of(pair.getValue().getPublic()).verify(jws);
      assertThat(v).isInstanceOfSatisfying(ReceiptVerification.Valid.class,
          ok -> assertThat(ok.payload()).isEqualTo(r.toJson()));
      String[] parts = jws.split("\\.");
      String forged = r.toJson().replace("dpv:ConsentGiven", "dpv:ConsentWithdrawn");
      String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
          .encodeToString(forged.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
      assertThat(ReceiptVerifier.of(pair.getValue().getPublic()).verify(tampered).isValid()).isFalse();
    }
  }
}
