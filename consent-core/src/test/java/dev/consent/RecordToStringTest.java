package dev.consent;

import dev.consent.carrier.WebhookResult;
import dev.consent.policy.FrequencyCap;
import dev.consent.policy.HolidayCalendar;
import dev.consent.policy.Jurisdiction;
import dev.consent.policy.QuietHours;
import dev.consent.policy.WeeklyHours;
import dev.consent.receipt.ChainCheckpoint;
import dev.consent.testkit.RecordToStrings;
import dev.consent.testkit.RecordToStrings.Values;
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
  static final Map<Class<?>, Function<Values, Object>> FACTORIES = Map.of(
      Program.class, v -> Program.of("deals", "ACME Deals", "+14155550100", "4 msgs/month", "ACME: reply STOP to end"),
      RetentionPolicy.class, v -> RetentionPolicy.defaults(),
      QuietHours.class, v -> new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0)),
      WeeklyHours.class, v -> new WeeklyHours(Map.of(DayOfWeek.MONDAY, new QuietHours(LocalTime.of(9, 0),
          LocalTime.of(21, 0))), v.build(HolidayCalendar.class)),
      Jurisdiction.class, v -> new Jurisdiction("US-TX", "Texas", null, v.build(FrequencyCap.class), Duration.ofDays(1),
          "Tex. Bus. & Com. Code 304.002", v.build(WeeklyHours.class)),
      WebhookResult.Inbound.class, v -> new WebhookResult.Inbound(v.build(InboundMessage.class)),
      WebhookResult.PartStored.class, v -> new WebhookResult.PartStored(1, 2),
      WebhookResult.Rejected.class, v -> new WebhookResult.Rejected(WebhookResult.Reason.BAD_SIGNATURE, "detail", 403),
      ChainCheckpoint.class, v -> checkpoint(),
      ChainCheckpoints.Result.class, v -> new ChainCheckpoints.Result(checkpoint(), new ChainReport(1, 1, List.of())));

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
