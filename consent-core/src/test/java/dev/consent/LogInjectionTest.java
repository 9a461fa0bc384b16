package dev.consent;

import static dev.consent.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.testkit.LogCheck;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LogCheck.class)
@DisplayName("Strings from outside in log lines")
class LogInjectionTest {
  /** What a carrier (or whoever forges its webhooks) could put into a message id to forge a log line. */
  static final String FORGED = "\n12:00:00 ERROR forged";

  final Fixture f = new Fixture();

  @Test
  @DisplayName("a carrier message id with a line break stays on its own line, escaped, in every path it is logged on")
  void carrierIdsAreEscaped() {
    assertEscaped(() -> f.kit.inbound().handle(inbound("SM1" + FORGED, "STOP", true)));
    assertEscaped(() -> f.kit.inbound().handle(inbound("SM2" + FORGED, "what is this about?", true)));
    assertEscaped(() -> f.kit.inbound().handle(inbound("SM3" + FORGED, "STOP", false)));
    assertEscaped(() -> f.kit.inbound().handle(new DeliveryReport("recording", "SM4" + FORGED, DeliveryState.FAILED,
        "21610", Suppression.ALL, f.clock.instant())));
  }

  @Test
  @DisplayName("a carrier error code with a line break is escaped in the line that reports the refusal")
  void carrierCodesAreEscaped() {
    f.carrier.failNext(CarrierError.of(CarrierError.Kind.REJECTED, "30007" + FORGED, "refused", false));
    assertEscaped(() -> f.kit.gate().send(OutboundMessage.of(MIAMI, ORDERS, "Your parcel is on its way")));
  }

  private InboundMessage inbound(String id, String body, boolean authenticated) {
    return new InboundMessage("recording", id, NY, DEALS_SENDER, body, f.clock.instant(), authenticated,
        CarrierAction.NONE, null);
  }

  /** The step logged the outside string (escaped), and no line holds it with its raw line break. */
  private static void assertEscaped(Runnable step) {
    int before = LogCheck.messages().size();
    step.run();
    List<String> lines = LogCheck.messages().subList(before, LogCheck.messages().size());
    assertThat(lines).as("lines logged").anyMatch(l -> l.contains("\\n12:00:00 ERROR forged"));
    assertThat(lines).noneMatch(l -> l.contains(FORGED)).noneMatch(l -> l.contains("\r"));
  }
}
