package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.CarrierAction;
import dev.consent.Channel;
import dev.consent.ConsentEvent;
import dev.consent.ConsentMethod;
import dev.consent.ConsentState;
import dev.consent.DataController;
import dev.consent.DenyReason;
import dev.consent.EventKind;
import dev.consent.GateDecision;
import dev.consent.GrantRequest;
import dev.consent.ImportRequest;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.RecordType;
import dev.consent.RetentionPolicy;
import dev.consent.SuppressionReason;
import dev.consent.WebOptIn;
import dev.consent.error.InvalidPhoneNumberException;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import dev.consent.spi.EventChain;
import dev.consent.spi.NewEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Numbers libphonenumber does not know as valid (an area code newer than its metadata), read by
 * {@link PhoneNumber#ofE164} as carriers report senders, through the whole kit, for every store: an
 * opt-out from one is never refused, and every record it leaves (ledger, statuses, suppressions,
 * message log, export, erasure, retention, receipts) is stored and read back; nothing is sent to such
 * a number and no opt-in for it is accepted.
 *
 * @since 0.4
 */
@org.junit.jupiter.api.extension.ExtendWith(dev.consent.testkit.LogCheck.class)
public abstract class UnknownNumberContract extends KitScenario {
  /** NANP area code 238 is not (yet) assigned: libphonenumber does not know it. */
  protected static final PhoneNumber NEW_AREA = PhoneNumber.ofE164("+12385550142");
  private static final DataController CONTROLLER =
      new DataController("ACME Retail Ltd", "privacy@acme.example", "https://acme.example/privacy");
  private static final RetentionPolicy POLICY = RetentionPolicy.defaults().withMessageBodies(Duration.ofDays(10))
      .withMessages(Duration.ofDays(60)).withInboundReceipts(Duration.ofDays(20)).withProofs(Duration.ofDays(400));

  /** Asserts that no record the store keeps, in any form it keeps it, contains {@code value}. */
  protected abstract void assertHeldNowhere(String value);

  protected MutableClock clock;
  protected RecordingCarrier carrier;
  protected ConsentKit kit;
  private final AtomicLong inboundIds = new AtomicLong();

  @BeforeEach
  void newKit() {
    assertThat(NEW_AREA.isValid()).as("the test number must be unknown to libphonenumber").isFalse();
    clock = MutableClock.at(MONDAY_11_NY);
    carrier = new RecordingCarrier();
    kit = ConsentKit.builder().tenant("u-" + UUID.randomUUID().toString().substring(0, 12)).store(store())
        .carrier(carrier).clock(clock).purposes(MARKETING_PURPOSE, ORDERS_PURPOSE).notices(NOTICE)
        .retention(POLICY).controller(CONTROLLER).build();
  }

  protected InboundResult reply(PhoneNumber from, String body) {
    return kit.inbound().handle(new InboundMessage("recording", "SM-u" + inboundIds.incrementAndGet(), from, SENDER,
        body, clock.instant(), true, CarrierAction.NONE, null));
  }

  protected GateDecision check(PhoneNumber n, String purpose) {
    return kit.gate().check(OutboundMessage.of(n, purpose, "Hello from ACME"));
  }

  private void assertDeniedAsInvalid(PhoneNumber n) {
    for (String purpose : List.of(MARKETING, ORDERS)) {
      assertThat(check(n, purpose)).as(purpose).isInstanceOfSatisfying(GateDecision.Denied.class,
          d -> assertThat(d.reason()).isEqualTo(DenyReason.INVALID_NUMBER));
    }
    assertThat(kit.gate().checkAll(List.of(OutboundMessage.of(n, MARKETING, "a"), OutboundMessage.of(NY, ORDERS, "b"))))
        .satisfiesExactly(
            d -> assertThat(d).isInstanceOfSatisfying(GateDecision.Denied.class,
                x -> assertThat(x.reason()).isEqualTo(DenyReason.INVALID_NUMBER)),
            d -> assertThat(d).isInstanceOf(GateDecision.Allowed.class));
  }

  @Nested
  @DisplayName("opt-outs")
  class OptOuts {
    @Test
    @DisplayName("STOP from an unassigned NANP area code withdraws, is confirmed, logged, exported, and the gate denies")
    void stop() {
      assertThat(reply(NEW_AREA, "STOP")).isInstanceOfSatisfying(InboundResult.OptedOut.class, r -> {
        assertThat(r.purposeIds()).containsExactly(MARKETING, ORDERS);
        assertThat(r.replied()).isTrue();
      });
      assertThat(kit.registry().status(NEW_AREA, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(kit.registry().statuses(NEW_AREA)).extracting(s -> s.number()).containsOnly(NEW_AREA);
      assertThat(kit.registry().history(NEW_AREA)).hasSize(2).allSatisfy(e -> {
        assertThat(e.kind()).isEqualTo(EventKind.WITHDRAWN);
        assertThat(e.number()).isEqualTo(NEW_AREA);
      });
      assertThat(store().messages(kit.tenant(), NEW_AREA)).as("the STOP confirmation").singleElement()
          .satisfies(m -> assertThat(m.number()).isEqualTo(NEW_AREA));
      assertThat(kit.registry().export(NEW_AREA).toJson()).contains(NEW_AREA.e164()).contains("WITHDRAWN");
      assertThat(kit.registry().verify(NEW_AREA).breaks()).isEmpty();
      assertThat(kit.registry().verify().breaks()).isEmpty();
      assertThat(store().numbers(kit.tenant(), null, 10)).containsExactly(NEW_AREA);
      assertDeniedAsInvalid(NEW_AREA);
    }

    @Test
    @DisplayName("STOPALL from it suppresses everything, and the suppression reads back")
    void stopAll() {
      assertThat(reply(NEW_AREA, "STOPALL")).isInstanceOfSatisfying(InboundResult.OptedOut.class,
          r -> assertThat(r.suppressedAll()).isTrue());
      assertThat(kit.registry().suppressions(NEW_AREA)).singleElement().satisfies(s -> {
        assertThat(s.reason()).isEqualTo(SuppressionReason.STOP_ALL);
        assertThat(s.number()).isEqualTo(NEW_AREA);
      });
      assertThat(store().suppressions(kit.tenant(), List.of(NEW_AREA, NY))).containsOnlyKeys(NEW_AREA);
      assertThat(store().recipients(kit.tenant(), List.of(NEW_AREA), MARKETING)).containsOnlyKeys(NEW_AREA);
      assertDeniedAsInvalid(NEW_AREA);
    }

    @Test
    @DisplayName("a carrier opt-out and a host withdrawal or suppression of it are recorded too")
    void otherWays() {
      kit.registry().withdraw(dev.consent.WithdrawRequest.of(NEW_AREA, MARKETING));
      kit.registry().suppress(NEW_AREA, "complaint");
      assertThat(kit.inbound().handle(new InboundMessage("recording", "SM-u-carrier", NEW_AREA, SENDER, "STOP",
          clock.instant(), true, CarrierAction.OPT_OUT, null))).isInstanceOf(InboundResult.OptedOut.class);
      assertThat(kit.registry().status(NEW_AREA, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(kit.registry().suppressions(NEW_AREA)).extracting(s -> s.reason()).contains(SuppressionReason.HOST);
    }
  }

  @Nested
  @DisplayName("opt-ins")
  class OptIns {
    @Test
    @DisplayName("double opt-in, grants and imported grants are refused with InvalidPhoneNumberException; nothing is written or sent")
    void refused() {
      assertThatThrownBy(() -> kit.doubleOptIn().start(WebOptIn.of(NEW_AREA, MARKETING, "v1")))
          .isInstanceOf(InvalidPhoneNumberException.class).hasMessageNotContaining(NEW_AREA.e164().substring(2));
      assertThatThrownBy(() -> kit.registry().grant(GrantRequest.of(NEW_AREA, ORDERS, ConsentMethod.API, Channel.API,
          null, Map.of("form", "https://acme.example/orders")))).isInstanceOf(InvalidPhoneNumberException.class);
      assertThatThrownBy(() -> kit.registry().importConsent(new ImportRequest(NEW_AREA, MARKETING, EventKind.GRANTED,
          ConsentMethod.WEB_FORM, clock.instant().minusSeconds(3600), "old-crm", "v1", Map.of("row", "17"))))
          .isInstanceOf(InvalidPhoneNumberException.class);
      assertThat(kit.registry().history(NEW_AREA)).isEmpty();
      assertThat(store().pendingFor(kit.tenant(), NEW_AREA)).isEmpty();
      assertThat(carrier.sent()).isEmpty();

      kit.registry().importConsent(new ImportRequest(NEW_AREA, MARKETING, EventKind.WITHDRAWN, ConsentMethod.WEB_FORM,
          clock.instant().minusSeconds(3600), "old-crm", null, Map.of("row", "18")));
      assertThat(kit.registry().status(NEW_AREA, MARKETING).state()).as("an imported opt-out is kept")
          .isEqualTo(ConsentState.WITHDRAWN);
    }

    @Test
    @DisplayName("START, YES, a code and a join keyword texted from it are ignored: nothing is granted, lifted or sent")
    void byText() {
      reply(NEW_AREA, "STOPALL");
      int sent = carrier.sent().size();
      for (String body : List.of("START", "YES", "123456", "UNSTOP")) {
        assertThat(reply(NEW_AREA, body)).as(body).isInstanceOf(InboundResult.Ignored.class);
      }
      assertThat(kit.inbound().handle(new InboundMessage("recording", "SM-u-optin", NEW_AREA, SENDER, "START",
          clock.instant(), true, CarrierAction.OPT_IN, null))).isInstanceOf(InboundResult.Ignored.class);
      assertThat(kit.registry().suppressions(NEW_AREA)).extracting(s -> s.reason())
          .containsExactly(SuppressionReason.STOP_ALL);
      assertThat(kit.registry().history(NEW_AREA)).extracting(ConsentEvent::kind).containsOnly(EventKind.WITHDRAWN);
      assertThat(carrier.sent()).hasSize(sent);
      assertDeniedAsInvalid(NEW_AREA);
    }
  }

  @Nested
  @DisplayName("privacy and proof")
  class Privacy {
    @Test
    @DisplayName("erasure of it leaves no number behind and keeps the opt-out")
    void erasure() {
      reply(NEW_AREA, "STOP");
      assertThat(kit.registry().erase(NEW_AREA, "art17-request").purposes()).contains(MARKETING);
      assertHeldNowhere(NEW_AREA.e164().substring(2));
      assertThat(kit.registry().suppressions(NEW_AREA)).extracting(s -> s.reason())
          .containsExactly(SuppressionReason.ERASURE);
      assertThat(kit.registry().verify().breaks()).isEmpty();
      assertDeniedAsInvalid(NEW_AREA);
    }

    @Test
    @DisplayName("retention empties its messages and anonymises its ended consents; the chain verifies")
    void retention() {
      reply(NEW_AREA, "STOP");
      clock.advance(Duration.ofDays(401));
      for (int run = 0; run < 10 && kit.applyRetention().moreDue(); run++) {
        assertThat(run).as("runs until nothing is due").isLessThan(9);
      }
      assertThat(store().messages(kit.tenant(), NEW_AREA)).isEmpty();
      assertThat(kit.registry().history(NEW_AREA)).isNotEmpty().allSatisfy(e -> assertThat(e.isRedacted()).isTrue());
      assertThat(kit.registry().status(NEW_AREA, MARKETING).state()).isEqualTo(ConsentState.ERASED);
      assertThat(kit.registry().verify().breaks()).isEmpty();
      assertThat(kit.applyRetention().entries()).allSatisfy(e -> assertThat(e.done()).isZero());
      assertThat(kit.applyRetention().done(RecordType.PROOFS)).isZero();
      assertDeniedAsInvalid(NEW_AREA);
    }

    @Test
    @DisplayName("a grant stored before libphonenumber stopped knowing the number reads back, gets its receipt,"
        + " survives retention while in force, and the gate denies it")
    void storedGrant() {
      Map<String, String> evidence = new TreeMap<>(Map.of("form", "https://acme.example/join"));
      EventChain.append(store(), new NewEvent(UUID.randomUUID().toString(), kit.tenant(), NEW_AREA, MARKETING, EventKind.GRANTED,
          ConsentMethod.SMS_KEYWORD, Channel.SMS, new TreeMap<>(evidence), "v1", clock.instant(), clock.instant(),
          null, false));
      assertThat(kit.registry().status(NEW_AREA, MARKETING).state()).isEqualTo(ConsentState.GRANTED);
      assertThat(kit.registry().receipts(NEW_AREA)).singleElement()
          .satisfies(r -> assertThat(r.toJson()).contains("dpv:ConsentGiven").contains("SMS_KEYWORD"));
      assertThat(kit.registry().proof(NEW_AREA, MARKETING).events()).hasSize(1);
      assertDeniedAsInvalid(NEW_AREA);
      clock.advance(Duration.ofDays(500));
      kit.applyRetention();
      assertThat(store().status(kit.tenant(), NEW_AREA, MARKETING).state()).isEqualTo(ConsentState.GRANTED);
      reply(NEW_AREA, "STOP");
      assertThat(kit.registry().status(NEW_AREA, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(kit.registry().verify().breaks()).isEmpty();
    }
  }
}
