package dev.consent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Channel;
import dev.consent.ConsentMethod;
import dev.consent.ConsentState;
import dev.consent.EventKind;
import dev.consent.Notice;
import dev.consent.OptInSettings;
import dev.consent.PhoneNumber;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.Suppression;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import dev.consent.policy.KeywordClassifier;
import dev.consent.policy.PolicyBook;
import dev.consent.policy.ReplyTemplates;
import dev.consent.testkit.MutableClock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CarrierReports")
class CarrierReportsTest {
  static final PhoneNumber NY = PhoneNumber.parse("+12125550123");
  static final Program DEALS = Program.of("deals", "ACME Deals", "+14155550100", "Up to 4 msgs/month",
      "ACME Deals: help at acme.example/help. Reply STOP to cancel.");
  static final Purpose MARKETING = Purpose.marketing("marketing.promotions", "Offers by SMS", DEALS, null);

  @Test
  @DisplayName("a carrier opt-out without an error code still suppresses and withdraws (it was a Map.of with a null)")
  void optOutWithoutCode() {
    InMemoryConsentStore store = new InMemoryConsentStore();
    KitContext ctx = KitContext.of("t", store, new RecordingCarrier(), MutableClock.at("2026-03-02T16:00:00Z"),
        List.of(MARKETING), List.of(new Notice(MARKETING.id(), "v1", "en", "Yes, text me offers.")),
        PolicyBook.defaults(), KeywordClassifier.defaults(), ReplyTemplates.defaults(), OptInSettings.defaults());
    LedgerWriter ledger = new LedgerWriter(ctx, ConsentKit.DEFAULT_CLOCK_SKEW_TOLERANCE);
    ledger.append(LedgerEntry.of(NY, MARKETING.id(), EventKind.GRANTED, ConsentMethod.SMS_KEYWORD, Channel.SMS)
        .evidence(Map.of("inboundMessageId", "SM1")).notice("v1"));
    assertThat(new CarrierReports(ctx, ledger).optOut(NY, Suppression.ALL, null, "status:SM2"))
        .containsExactly(MARKETING.id());
    assertThat(store.suppressions("t", NY)).singleElement().satisfies(s -> {
      assertThat(s.scope()).isEqualTo(Suppression.ALL);
      assertThat(s.evidence()).containsEntry("reference", "status:SM2").doesNotContainKey("errorCode");
    });
    assertThat(store.status("t", NY, MARKETING.id()).state()).isEqualTo(ConsentState.WITHDRAWN);
  }
}
