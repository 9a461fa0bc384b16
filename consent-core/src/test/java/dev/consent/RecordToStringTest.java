package dev.consent;

import dev.consent.carrier.WebhookResult;
import dev.consent.kit.ConsentKit;
import dev.consent.policy.HolidayCalendar;
import dev.consent.policy.Jurisdiction;
import dev.consent.policy.QuietHours;
import dev.consent.policy.WeeklyHours;
import dev.consent.receipt.ChainCheckpoint;
import dev.consent.receipt.ChainCheckpoints;
import dev.consent.spi.CampaignSlot;
import dev.consent.testkit.RecordToStrings.Values;
import dev.consent.testkit.RecordToStrings;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Public records")
class RecordToStringTest {
  /** Records whose constructors check more than generic values satisfy. */
  static final Map<Class<?>, Function<Values, Object>> FACTORIES = Map.ofEntries(
      Map.entry(Campaign.class, v -> Campaign.of("spring-sale").withMaxPerSecond(3)),
      Map.entry(CampaignSlot.class, v -> CampaignSlot.uncapped(new MessageRecord("tenant", "m-1",
          PhoneNumber.parse("+14155550101"), "marketing.promotions", "deals", "+14155550100", "twilio", null,
          java.time.Instant.EPOCH, DeliveryState.ACCEPTED, null, "Spring sale: 20% off"))),
      Map.entry(Program.class, v -> Program.of("deals", "ACME Deals", "+14155550100", "4 msgs/month", "ACME: reply STOP to end")),
      Map.entry(RetentionPolicy.class, v -> RetentionPolicy.defaults()),
      Map.entry(QuietHours.class, v -> new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0))),
      Map.entry(WeeklyHours.class, v -> new WeeklyHours(Map.of(DayOfWeek.MONDAY, new QuietHours(LocalTime.of(9, 0),
          LocalTime.of(21, 0))), v.build(HolidayCalendar.class))),
      Map.entry(Jurisdiction.class, v -> new Jurisdiction("US-TX", "Texas", null, v.build(FrequencyCap.class), Duration.ofDays(1),
          "Tex. Bus. & Com. Code 304.002", v.build(WeeklyHours.class))),
      Map.entry(WebhookResult.Inbound.class, v -> new WebhookResult.Inbound(v.build(InboundMessage.class))),
      Map.entry(WebhookResult.PartStored.class, v -> new WebhookResult.PartStored(1, 2)),
      Map.entry(WebhookResult.Rejected.class, v -> new WebhookResult.Rejected(WebhookResult.Reason.BAD_SIGNATURE, "detail", 403)),
      Map.entry(ChainCheckpoint.class, v -> checkpoint()),
      Map.entry(dev.consent.DeferredMessage.class, v -> new dev.consent.DeferredMessage("tenant", "d-1",
          "subject-ref", v.build(OutboundMessage.class), DenyReason.QUIET_HOURS, java.time.Instant.EPOCH,
          java.time.Instant.EPOCH, java.time.Instant.EPOCH, null)),
      Map.entry(ChainCheckpoints.Result.class, v -> new ChainCheckpoints.Result(checkpoint(), new ChainReport(1, 1, List.of()))));

  private static ChainCheckpoint checkpoint() {
    return new ChainCheckpoint("tenant", 1, java.time.Instant.EPOCH, 0, "0".repeat(64), "0".repeat(64), "a.b.c");
  }

  @Test
  @DisplayName("print no number, body, code, hash, request id, address, evidence value or secret in toString()")
  void toStringMasksPersonalData() {
    RecordToStrings.assertMasked(ConsentKit.class, List.of("dev.consent", "dev.consent.spi", "dev.consent.carrier",
        "dev.consent.receipt", "dev.consent.policy", "dev.consent.memory"), FACTORIES);
  }
}
